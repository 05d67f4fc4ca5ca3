import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "../components/Button";
import { ApiError, api } from "../lib/api";
import { errorWords } from "../lib/errors";
import { formatDateTime } from "../lib/time";
import { RoomPanel } from "./Panel";
import { useParticipants } from "./useRoomData";

/** One row of the audit log as GET /api/conference/audit sends it. */
interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: "allowed" | "refused";
  detail: Record<string, unknown>;
}

/** What each recorded action was, in the chair's words ("… muted Hana Health"). */
const ACTION_WORDS: Record<string, string> = {
  "confidentiality.accept": "accepted the confidentiality statement",
  "conference.start": "started the conference",
  "conference.break": "called a break",
  "conference.resume": "resumed after a break",
  "conference.end": "ended the conference",
  "room.settings": "changed the room settings",
  "lobby.admit": "let in",
  "lobby.refuse": "refused entry to",
  "lobby.message": "sent a private message to",
  "participant.warn": "warned",
  "participant.toLobby": "sent back to the lobby",
  "participant.readmit": "allowed back to the lobby",
  "participant.mute": "muted",
  "participant.unmute": "unmuted",
  "participant.remove": "removed",
  "participant.addInRoom": "added someone in the room",
  "device.admit": "let in a second device for",
  "attendance.inRoom": "marked as in the room",
  "attendance.apologies": "recorded apologies for",
  "attendance.left": "marked as left",
  "quorum.proceedInquorate": "went ahead without a quorum",
  "agenda.move": "moved the agenda",
  "chair.handover": "handed the chair to",
  "hand.dismiss": "dismissed the raised hand of",
  "chat.toRecord": "added a chat message to the record",
  "content.create": "added an item",
  "content.remove": "removed an item",
  "content.share": "shared an item with the family",
  "content.unshare": "made an item professionals only",
  "content.withhold": "withheld an item",
  "content.release": "stopped withholding an item",
  "content.youngPeople": "changed what young people see of an item",
  "content.attribute": "re-attributed an item",
  "exclusion.start": "excluded",
  "exclusion.end": "ended the exclusion of",
  "exclusion.release": "released held items to",
  "decision.record": "recorded the decision",
  "decision.reopen": "reopened the decision",
  "dissent.record": "recorded dissent",
  "dissent.recordFor": "recorded dissent for",
  "session.start": "signed in",
  "session.end": "signed out",
  "socket.connect": "tried to connect",
  "sync.open": "tried to open a document",
  "sync.update": "tried to change a document",
  "audit.read": "tried to read the audit log",
  "link.reissue": "re-issued the link of",
  "link.revoke": "revoked the link of",
  "participant.add": "invited",
  "conference.create": "prepared the conference",
};

const POLL_MS = 5000;

/**
 * The audit log for the chair (issue: every admission, refusal, mute, removal, warning, break,
 * agenda move, visibility change, end, decision and failed attempt). The server decides who may read
 * it; this panel only asks while it is open, and then for new rows every few seconds.
 */
export function AuditLog() {
  const people = useParticipants();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const lastId = useRef(0);

  const load = useCallback(async () => {
    try {
      const { entries: fresh } = await api.get<{ entries: AuditEntry[] }>(
        `/api/conference/audit?afterId=${lastId.current}&limit=1000`,
      );
      setError(null);
      if (fresh.length === 0) return;
      lastId.current = Math.max(lastId.current, ...fresh.map((e) => e.id));
      setEntries((old) => [...old, ...fresh]);
    } catch (err) {
      setError(err instanceof ApiError ? errorWords(err.code, err.message) : errorWords("network_error"));
    }
  }, []);

  useEffect(() => {
    if (!open) return;
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [open, load]);

  const nameOf = (id: string | null): string | null => {
    if (!id) return null;
    if (id === "admin") return "The administrator";
    if (id === "system") return "Quorum";
    // Content and document names are not people: the action's words already say what it was.
    return people[id]?.name ?? null;
  };

  const newestFirst = [...entries].reverse();
  return (
    <RoomPanel id="audit-title" title="Audit log">
      {!open ? (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Show the audit log
        </Button>
      ) : (
        <>
          <p className="mb-[10px] type-small text-secondary">
            Every action and every refused attempt, newest first. It cannot be changed.
          </p>
          {error ? (
            <p role="alert" className="mb-[10px] type-body font-bold text-error">
              {error}
            </p>
          ) : null}
          <section
            aria-label="Audit log entries"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
            tabIndex={0}
            className="focus-box max-h-[420px] overflow-y-auto border border-border p-[10px]"
          >
            {newestFirst.length === 0 ? (
              <p className="type-body text-secondary">Nothing recorded yet.</p>
            ) : (
              <ol aria-label="Audit log, newest first">
                {newestFirst.map((e) => {
                  const target = nameOf(e.target);
                  const code = typeof e.detail.code === "string" ? e.detail.code : null;
                  return (
                    <li key={e.id} className="border-b border-border py-[5px] type-small">
                      <span className="block text-secondary">{formatDateTime(e.at)}</span>
                      <span>
                        <strong>{nameOf(e.actor) ?? "Someone"}</strong> {ACTION_WORDS[e.action] ?? e.action}
                        {target ? ` ${target}` : ""}
                      </span>
                      {e.outcome === "refused" ? (
                        <strong className="block text-error">Refused{code ? ` (${code})` : ""}</strong>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            )}
          </section>
          <Button variant="secondary" className="mt-[10px]" onClick={() => setOpen(false)}>
            Hide the audit log
          </Button>
        </>
      )}
    </RoomPanel>
  );
}
