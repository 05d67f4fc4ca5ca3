import { Fragment } from "react";
import {
  agencyOf,
  type InvitationSummary,
  type Participant,
  ROLE_LABEL,
  Role,
} from "../../../../shared/domain";
import { Button } from "../../components/Button";
import { Table } from "../../components/Table";
import { Tag, type TagColour } from "../../components/Tag";
import { formatDateTime } from "../../lib/time";

const ROLE_ORDER = Role.options;

export interface LinkState {
  label: string;
  colour: TagColour;
  detail?: string;
  active: boolean;
}

/** A person's newest link in words: active, used on a device, revoked, or none. */
export function linkState(inv: InvitationSummary | undefined): LinkState {
  if (!inv) return { label: "No link", colour: "grey", detail: "Added in the room", active: false };
  if (inv.revokedAt !== null) {
    return {
      label: "Revoked",
      colour: "red",
      detail: `Revoked ${formatDateTime(inv.revokedAt)}`,
      active: false,
    };
  }
  if (inv.boundToDevice) {
    return {
      label: "Used on a device",
      colour: "blue",
      ...(inv.lastUsedAt !== null ? { detail: `Last used ${formatDateTime(inv.lastUsedAt)}` } : {}),
      active: true,
    };
  }
  return { label: "Active", colour: "green", detail: "Not used yet", active: true };
}

export function InviteTable({
  participants,
  invitations,
  busy,
  onReissue,
  onRevoke,
}: {
  participants: Participant[];
  invitations: InvitationSummary[];
  busy: boolean;
  onReissue: (p: Participant) => void;
  onRevoke: (p: Participant) => void;
}) {
  const byParticipant = new Map(invitations.map((i) => [i.participantId, i]));
  const byId = new Map(participants.map((p) => [p.id, p]));
  // The invite list in the order people think of it: chair first, then by role, then by name.
  const ordered = [...participants].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name, "en-GB"),
  );
  return (
    <Table
      stack
      caption="Invite list"
      head={["Name", "Role", "Agency", "Link", "Actions"]}
      rows={ordered.map((p) => {
        const state = linkState(byParticipant.get(p.id));
        const supported = p.supports ? byId.get(p.supports) : undefined;
        const agency = agencyOf(p) ?? p.agency;
        return {
          key: p.id,
          cells: [
            p.name,
            <Fragment key="role">
              {ROLE_LABEL[p.role]}
              {supported ? (
                <span className="block type-small text-secondary">with {supported.name}</span>
              ) : null}
            </Fragment>,
            <Fragment key="agency">
              {agency ?? <span className="text-secondary">None</span>}
              {p.directContact ? (
                <span className="block type-small text-secondary">Direct contact</span>
              ) : null}
            </Fragment>,
            <Fragment key="link">
              <Tag colour={state.colour}>{state.label}</Tag>
              {state.detail ? (
                <span className="mt-[5px] block type-small text-secondary">{state.detail}</span>
              ) : null}
            </Fragment>,
            p.inRoomOnly ? (
              <span key="actions" className="text-secondary">
                None
              </span>
            ) : (
              <div key="actions" className="flex flex-col items-start gap-y-3">
                <Button
                  variant="secondary"
                  id={`reissue-${p.id}`}
                  disabled={busy}
                  onClick={() => onReissue(p)}
                  className="whitespace-nowrap"
                >
                  {state.active ? "Re-issue link" : "Issue a new link"}
                  <span className="sr-only"> for {p.name}</span>
                </Button>
                {state.active ? (
                  <Button
                    variant="warning"
                    id={`revoke-${p.id}`}
                    disabled={busy}
                    onClick={() => onRevoke(p)}
                    className="whitespace-nowrap"
                  >
                    Revoke link<span className="sr-only"> for {p.name}</span>
                  </Button>
                ) : null}
              </div>
            ),
          ],
        };
      })}
    />
  );
}
