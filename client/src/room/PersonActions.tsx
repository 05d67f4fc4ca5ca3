import { useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import type { ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { CommandError } from "./CommandError";
import { useRoom } from "./RoomContext";
import { TextForm } from "./TextForm";
import { useCommand } from "./useCommand";

type Open = null | "warn" | "remove" | { confirmRemove: string };

/**
 * What the chair (and, for the register, the minute taker) can do about one person: mute or unmute,
 * warn, send to the lobby, remove (reason, then a confirm step); mark in the room, apologies, left.
 */
export function PersonActions({ person }: { person: ParticipantEntry }) {
  const { status, me } = useRoom();
  const cmd = useCommand();
  const [open, setOpen] = useState<Open>(null);
  const chair = status.isChair;
  const register = chair || me.role === "minute_taker";
  const self = person.id === me.participantId;
  const target = { participantId: person.id };
  const inRoom = person.presence === "in_room";
  const absent = person.presence === "invited" || person.presence === "left";
  const out = person.presence === "removed" || person.presence === "refused";
  const buttons: { label: string; run: () => void; variant?: "secondary" | "warning" }[] = [];
  if (chair && !self && inRoom && !person.inRoomOnly) {
    buttons.push(
      person.muted
        ? { label: "Unmute", run: () => void cmd.run({ type: "participant.unmute", ...target }) }
        : { label: "Mute", run: () => void cmd.run({ type: "participant.mute", ...target }) },
      { label: "Warn", run: () => setOpen("warn") },
      { label: "Send to lobby", run: () => void cmd.run({ type: "participant.toLobby", ...target }) },
      { label: "Remove", run: () => setOpen("remove"), variant: "warning" },
    );
  }
  if (register && !self && inRoom)
    buttons.push({ label: "Mark as left", run: () => void cmd.run({ type: "attendance.left", ...target }) });
  if (register && absent) {
    buttons.push(
      { label: "In the room", run: () => void cmd.run({ type: "attendance.inRoom", ...target }) },
      {
        label: "Apologies, report sent",
        run: () => void cmd.run({ type: "attendance.apologies", ...target, reportSubmitted: true }),
      },
      {
        label: "Apologies, no report",
        run: () => void cmd.run({ type: "attendance.apologies", ...target, reportSubmitted: false }),
      },
    );
  }
  if (chair && out)
    buttons.push({
      label: "Let back in",
      run: () => void cmd.run({ type: "participant.readmit", ...target }),
    });
  if (buttons.length === 0) return null;

  return (
    <details className="mt-[5px]">
      <summary className="cursor-pointer type-small text-link underline focus-visible:bg-focus focus-visible:text-ink focus-visible:outline-3 focus-visible:outline-transparent">
        Actions<span className="sr-only"> for {person.name}</span>
      </summary>
      <div className="mt-[5px] flex flex-wrap gap-2">
        {buttons.map((b) => (
          <Button
            key={b.label}
            variant={b.variant ?? "secondary"}
            disabled={cmd.busy}
            className="min-h-9 px-2 py-1 type-small"
            onClick={b.run}
          >
            {b.label}
            <span className="sr-only"> {person.name}</span>
          </Button>
        ))}
      </div>
      <CommandError text={cmd.error} />
      {open === "warn" ? (
        <TextForm
          label={`Warning to ${person.name}`}
          submit="Send warning"
          emptyError="Enter the warning"
          max={TEXT_LIMITS.message}
          subject="The warning"
          busy={cmd.busy}
          onCancel={() => setOpen(null)}
          onSubmit={async (text) => {
            const ack = await cmd.run({ type: "participant.warn", ...target, text });
            if (ack.ok) setOpen(null);
            return ack.ok;
          }}
        />
      ) : null}
      {open === "remove" ? (
        <TextForm
          label={`Why are you removing ${person.name}?`}
          submit="Continue"
          variant="warning"
          emptyError="Enter the reason for removing them"
          max={TEXT_LIMITS.reason}
          subject="The reason"
          onCancel={() => setOpen(null)}
          onSubmit={async (reason) => {
            setOpen({ confirmRemove: reason });
            return true;
          }}
        />
      ) : null}
      {open !== null && typeof open === "object" ? (
        <div className="my-[10px] border-l-[5px] border-error pl-[10px]">
          <p id={`remove-${person.id}`} className="type-body font-bold">
            Remove {person.name} from the conference?
          </p>
          <p className="mb-[10px] type-small">Reason: {open.confirmRemove}</p>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="warning"
              disabled={cmd.busy}
              onClick={async () => {
                const ack = await cmd.run({
                  type: "participant.remove",
                  ...target,
                  reason: open.confirmRemove,
                });
                if (ack.ok) setOpen(null);
              }}
            >
              Yes, remove {person.name}
            </Button>
            <Button variant="secondary" onClick={() => setOpen(null)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </details>
  );
}
