import { useCallback, useEffect, useRef, useState } from "react";
import { CONFERENCE_KIND_LABEL, type Participant } from "../../../../shared/domain";
import { Button, ButtonGroup } from "../../components/Button";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Link } from "../../components/Link";
import { NotificationBanner } from "../../components/NotificationBanner";
import { SummaryList } from "../../components/SummaryList";
import { Tag } from "../../components/Tag";
import { ApiError } from "../../lib/api";
import { errorWords } from "../../lib/errors";
import { STATUS_COLOUR, STATUS_LABEL } from "../../lib/labels";
import { formatDate, formatDateTime } from "../../lib/time";
import type { ConferenceDetail, JoinLink } from "../../lib/types";
import { useTitle } from "../../lib/useTitle";
import { AddParticipantForm } from "./AddParticipantForm";
import { useAdmin } from "./adminContext";
import { FreshLinks } from "./FreshLinks";
import { InviteTable } from "./InviteTable";

interface Notice {
  heading: string;
  text?: string;
  /** Bumped for each new notice, so the banner takes focus again. */
  serial: number;
}

const describe = (err: unknown) =>
  err instanceof ApiError ? errorWords(err.code, err.message) : errorWords("network_error");

/** One conference's convening sheet after creation: its facts, the invite list and the links. */
export function ConferenceAdminPage({ conferenceId }: { conferenceId: string }) {
  const admin = useAdmin();
  const [detail, setDetail] = useState<ConferenceDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [links, setLinks] = useState<JoinLink[]>(() => admin.takeHandoff(conferenceId) ?? []);
  const [notice, setNotice] = useState<Notice | null>(() =>
    links.length > 0
      ? {
          heading: "Conference created",
          text: "Copy each person's link below and send it to them.",
          serial: 0,
        }
      : null,
  );
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Participant | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmBox = useRef<HTMLElement>(null);

  useEffect(() => admin.clearHandoff(conferenceId), [admin, conferenceId]);

  const load = useCallback(async () => {
    try {
      setDetail(await admin.call<ConferenceDetail>("GET", `/api/admin/conferences/${conferenceId}`));
      setLoadError(null);
    } catch (err) {
      setLoadError(describe(err));
    }
  }, [admin, conferenceId]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);

  useTitle(detail ? detail.conference.title : "Conference");

  const announce = (heading: string, text?: string) =>
    setNotice((n) => ({ heading, ...(text ? { text } : {}), serial: (n?.serial ?? 0) + 1 }));

  const addLink = (link: JoinLink) =>
    setLinks((ls) => [link, ...ls.filter((l) => l.participantId !== link.participantId)]);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try {
      await fn();
    } catch (err) {
      setNotice(null);
      setActionError(describe(err));
    } finally {
      setBusy(false);
      await load();
    }
  };

  const reissue = (p: Participant) =>
    act(async () => {
      const { link } = await admin.call<{ link: JoinLink }>(
        "POST",
        `/api/admin/conferences/${conferenceId}/participants/${p.id}/link`,
      );
      addLink(link);
      announce(
        `New link for ${p.name}`,
        "Their old link no longer works. Copy the new one below and send it to them.",
      );
    });

  const revoke = (p: Participant) =>
    act(async () => {
      await admin.call("DELETE", `/api/admin/conferences/${conferenceId}/participants/${p.id}/link`);
      setConfirming(null);
      setLinks((ls) => ls.filter((l) => l.participantId !== p.id));
      announce(
        `The link for ${p.name} has been revoked`,
        "They have been signed out. You can issue a new link later.",
      );
    });

  const cancelRevoke = () => {
    const id = confirming?.id;
    setConfirming(null);
    if (id) requestAnimationFrame(() => document.getElementById(`revoke-${id}`)?.focus());
  };

  if (loadError && !detail) {
    return (
      <div className="max-w-[640px]">
        <h1 className="mb-[30px] type-l">Sorry, there is a problem</h1>
        <p role="alert" className="mb-[30px] type-body">
          {loadError}
        </p>
        <p className="type-body">
          <Link href="/admin">Go back to all conferences</Link>
        </p>
      </div>
    );
  }
  if (!detail) {
    return (
      <p role="status" className="type-body">
        Loading the conference…
      </p>
    );
  }

  const { conference, participants, invitations } = detail;
  return (
    <>
      {actionError ? <ErrorSummary errors={[{ text: actionError }]} /> : null}
      {notice ? (
        <NotificationBanner key={notice.serial} variant="success" heading={notice.heading} focus>
          {notice.text ? <p className="type-body">{notice.text}</p> : null}
        </NotificationBanner>
      ) : null}

      <span className="mb-[5px] block type-l font-normal text-secondary">
        {CONFERENCE_KIND_LABEL[conference.kind]}
      </span>
      <h1 className="mb-[30px] type-xl">{conference.title}</h1>
      <div className="max-w-[640px]">
        <SummaryList
          rows={[
            { key: "Starts", value: `${formatDateTime(conference.scheduledStart)} (UK time)` },
            {
              key: "Status",
              value: <Tag colour={STATUS_COLOUR[conference.status]}>{STATUS_LABEL[conference.status]}</Tag>,
            },
            { key: "Policy profile", value: conference.policyProfile.name },
            {
              key: "Children",
              value: (
                <ul>
                  {conference.children.map((c) => (
                    <li key={c.id}>
                      {c.name}
                      <span className="block type-small text-secondary">
                        {c.dateOfBirth
                          ? `Born ${formatDate(c.dateOfBirth)}`
                          : c.expectedDate
                            ? `Expected ${formatDate(c.expectedDate)}`
                            : ""}
                        {c.subject ? ", subject of the conference" : ", in the household"}
                      </span>
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      </div>

      {links.length > 0 ? <FreshLinks links={links} onHide={() => setLinks([])} /> : null}

      {confirming ? (
        <section
          ref={confirmBox}
          tabIndex={-1}
          aria-labelledby="revoke-heading"
          className="focus-box mb-[30px] max-w-[640px] border-[5px] border-error p-[15px] tablet:p-5"
        >
          <h2 id="revoke-heading" className="mb-[15px] type-m">
            Revoke the link for {confirming.name}?
          </h2>
          <p className="mb-5 type-body">
            The link will stop working at once, and {confirming.name} will be signed out of the conference on
            every device. You can issue a new link afterwards.
          </p>
          <ButtonGroup>
            <Button variant="warning" disabled={busy} onClick={() => revoke(confirming)}>
              Yes, revoke the link
            </Button>
            <Button variant="secondary" onClick={cancelRevoke}>
              Cancel
            </Button>
          </ButtonGroup>
        </section>
      ) : null}

      <InviteTable
        participants={participants}
        invitations={invitations}
        busy={busy}
        onReissue={(p) => void reissue(p)}
        onRevoke={(p) => setConfirming(p)}
      />

      <AddParticipantForm
        conferenceId={conference.id}
        participants={participants}
        onAdded={(p, link) => {
          if (link) addLink(link);
          announce(
            `${p.name} has been added`,
            link ? "Copy their link below and send it to them." : undefined,
          );
          void load();
        }}
      />
    </>
  );
}
