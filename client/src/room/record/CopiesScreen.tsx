import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { SEND_VIA, SEND_VIA_LABEL } from "../../../../shared/record";
import { LEFT_OUT_WORDS, type RecordCopy } from "../../../../shared/recordCopy";
import type { CopiesInvitee, CopiesOverview } from "../../../../shared/recordView";
import { Button } from "../../components/Button";
import { Link } from "../../components/Link";
import { Select } from "../../components/Select";
import { Tag } from "../../components/Tag";
import { ApiError, request } from "../../lib/api";
import { errorWords } from "../../lib/errors";
import { formatDate, formatDateTime } from "../../lib/time";
import { CommandError } from "../CommandError";
import { useCommand } from "../useCommand";
import { RecordView } from "./RecordView";

/**
 * The chair's copies (SCREENS.md "Copies"): for each invitee their copy — on screen, what it leaves
 * out and why, PDF and Word — the consent a supporter's copy needs, the choice of a young person's
 * copy and of the parts someone missed, and when it was sent; the decision summary with its due
 * date; the JSON export. Every choice is a command (recorded and audited); the server decides.
 */
export function CopiesScreen() {
  const [overview, setOverview] = useState<CopiesOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setOverview(await request<CopiesOverview>("GET", "/api/record/copies"));
      setError(null);
    } catch (err) {
      setError(
        err instanceof ApiError ? errorWords(err.code, err.message) : "The copies could not be loaded.",
      );
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <CommandError text={error} />;
  if (!overview)
    return (
      <p role="status" className="type-body">
        Loading the copies…
      </p>
    );
  const d = overview.dates;
  return (
    <div>
      <h2 className="mb-[15px] type-m">Copies</h2>
      <section aria-labelledby="summary-title" className="mb-[30px]">
        <h3 id="summary-title" className="mb-[10px] type-s">
          Decision summary
        </h3>
        <p className="mb-[10px] type-body">
          The decision, category, key worker, core group and next dates, for everyone invited. Due by{" "}
          <strong>{formatDate(d.decisionSummaryDue)}</strong>.
        </p>
        <p className="flex flex-wrap gap-4 type-body">
          <Link href="/api/record/decision-summary?format=pdf" download>
            Decision summary (PDF)
          </Link>
          <Link href="/api/record/decision-summary?format=docx" download>
            Decision summary (Word)
          </Link>
        </p>
      </section>
      <section aria-labelledby="record-due-title" className="mb-[30px]">
        <h3 id="record-due-title" className="mb-[10px] type-s">
          The record
        </h3>
        <p className="type-body">
          Due by <strong>{formatDate(d.recordDue)}</strong>
          {d.planDue ? (
            <>
              ; the plan by <strong>{formatDate(d.planDue)}</strong>
            </>
          ) : null}
          .{" "}
          {overview.signedOff
            ? `Signed off by ${overview.signedOff.byName} on ${formatDateTime(overview.signedOff.at)}.`
            : "Not signed off yet: copies can be read on screen as drafts, and sent once signed off."}
        </p>
        <p className="mt-[10px] type-body">
          <Link href="/api/record/export" download>
            Export the whole conference for case management (JSON)
          </Link>
        </p>
      </section>
      <h3 className="mb-[10px] type-s">Who gets which copy</h3>
      <p className="mb-[15px] type-body text-secondary">{overview.neverInFamilyCopies}</p>
      <ul className="space-y-[20px]">
        {overview.invitees.map((i) => (
          <InviteeCopy key={i.id} invitee={i} signedOff={overview.signedOff !== null} onChanged={load} />
        ))}
      </ul>
    </div>
  );
}

function status(i: CopiesInvitee): { colour: "green" | "blue" | "yellow" | "grey"; words: string } {
  if (i.copy === null) return { colour: "grey", words: "No copy" };
  if (!i.eligible)
    return {
      colour: "yellow",
      words: i.refusal?.code === "consent_required" ? "Needs consent" : "Chair's choice",
    };
  return i.copy === "full"
    ? { colour: "blue", words: "Full record" }
    : { colour: "green", words: "Family copy" };
}

function InviteeCopy({
  invitee: i,
  signedOff,
  onChanged,
}: {
  invitee: CopiesInvitee;
  signedOff: boolean;
  onChanged: () => Promise<void>;
}) {
  const id = `copy-${i.id}`;
  const cmd = useCommand();
  const [copy, setCopy] = useState<RecordCopy | null>(null);
  const [showing, setShowing] = useState(false);
  const run = async (command: Parameters<typeof cmd.run>[0]) => {
    const ack = await cmd.run(command);
    if (ack.ok) await onChanged();
    if (ack.ok && showing) setCopy(await request<RecordCopy>("GET", `/api/record/copies/${i.id}`));
    return ack.ok;
  };
  const toggle = async () => {
    if (!showing) setCopy(await request<RecordCopy>("GET", `/api/record/copies/${i.id}`));
    setShowing(!showing);
  };
  const s = status(i);
  return (
    <li aria-labelledby={`${id}-name`} className="border-b border-border pb-[15px]">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={`${id}-name`} className="type-body font-bold">
          {i.name}
          <span className="block font-normal text-secondary">
            {i.roleLabel}
            {i.agency ? `, ${i.agency}` : ""}
            {i.with ? `, with ${i.with.name}` : ""}
          </span>
        </h4>
        <Tag colour={s.colour}>{s.words}</Tag>
      </div>
      {i.refusal && !i.with ? <p className="mt-[5px] type-body">{i.refusal.reason}</p> : null}
      {i.copy === "family" ? (
        <details className="mt-[5px]">
          <summary className="cursor-pointer type-body text-link underline">
            What {i.name}'s copy leaves out ({i.leftOut.length})
          </summary>
          {i.leftOut.length === 0 ? (
            <p className="type-body">Nothing beyond what no family copy holds.</p>
          ) : null}
          <ul className="mt-[5px] list-disc pl-[20px] type-body">
            {i.leftOut.map((x) => (
              <li key={x.contentId}>
                {x.label}: {x.reasons.map((r) => LEFT_OUT_WORDS[r]).join("; ")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {i.missedParts > 0 ? (
        <fieldset className="mt-[10px]">
          <legend className="mb-[5px] type-body font-bold">
            {i.missedParts === 1 ? "The 1 part" : `The ${i.missedParts} parts`} made or changed while {i.name}{" "}
            was out of the meeting or after they had left
          </legend>
          {(["leave_out", "include"] as const).map((choice) => (
            <span key={choice} className="mr-5 inline-flex items-center gap-2">
              <input
                id={`${id}-${choice}`}
                type="radio"
                name={`${id}-parts`}
                className="size-6 accent-ink"
                checked={(i.choice?.exclusionParts ?? "leave_out") === choice}
                onChange={() =>
                  void run({ type: "record.copyChoice", participantId: i.id, exclusionParts: choice })
                }
              />
              <label htmlFor={`${id}-${choice}`} className="type-body">
                {choice === "leave_out" ? "Leave them out of the copy" : "Include them"}
              </label>
            </span>
          ))}
        </fieldset>
      ) : null}
      {i.role === "young_person" ? (
        <p className="mt-[10px] flex items-center gap-2">
          <input
            id={`${id}-child`}
            type="checkbox"
            className="size-6 accent-ink"
            checked={i.choice?.childCopy ?? false}
            onChange={(e) =>
              void run({ type: "record.copyChoice", participantId: i.id, childCopy: e.target.checked })
            }
          />
          <label htmlFor={`${id}-child`} className="type-body">
            Give {i.name} a copy
          </label>
        </p>
      ) : null}
      {i.with ? <ConsentForm invitee={i} run={run} /> : null}
      <div className="mt-[10px] flex flex-wrap items-center gap-4">
        {i.copy ? (
          <Button
            variant="secondary"
            className="min-h-9 px-2 py-1 type-small"
            aria-expanded={showing}
            onClick={() => void toggle()}
          >
            {showing ? "Hide" : "Show"} {i.name}'s copy
          </Button>
        ) : null}
        {i.copy && i.eligible ? (
          <>
            <Link href={`/api/record/copies/${i.id}?format=pdf`} download>
              PDF<span className="sr-only"> of {i.name}'s copy</span>
            </Link>
            <Link href={`/api/record/copies/${i.id}?format=docx`} download>
              Word<span className="sr-only"> of {i.name}'s copy</span>
            </Link>
          </>
        ) : null}
      </div>
      {i.copy && i.eligible ? <SentForm invitee={i} signedOff={signedOff} run={run} /> : null}
      <CommandError text={cmd.error} />
      {i.log.length > 0 ? (
        <ul className="mt-[10px] type-small text-secondary">
          {i.log.map((e) => (
            <li key={e.id}>
              {e.document === "record" ? "Record" : "Decision summary"} ({e.format.toUpperCase()}){" "}
              {e.action === "sent"
                ? `sent by ${SEND_VIA_LABEL[e.via ?? "email"].toLowerCase()}`
                : "downloaded"}{" "}
              by {e.byName}, {formatDateTime(e.at)}
            </li>
          ))}
        </ul>
      ) : null}
      {showing && copy ? (
        <section aria-label={`${i.name}'s copy`} className="mt-[15px] border-2 border-border p-[15px]">
          <RecordView copy={copy} headingLevel={3} />
        </section>
      ) : null}
    </li>
  );
}

function ConsentForm({
  invitee: i,
  run,
}: {
  invitee: CopiesInvitee;
  run: (command: {
    type: "record.consent";
    participantId: string;
    given: boolean;
    note: string;
  }) => Promise<boolean>;
}) {
  const id = useId();
  const [note, setNote] = useState(i.consent?.note ?? "");
  const given = i.consent?.given ?? false;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run({ type: "record.consent", participantId: i.id, given: !given, note: note.trim() });
  };
  return (
    <form onSubmit={submit} className="mt-[10px]">
      <p className="mb-[5px] type-body">
        {given
          ? `${i.with?.name} consented on ${formatDateTime(i.consent!.at)}${i.consent?.note ? ` (${i.consent.note})` : ""}.`
          : `${i.with?.name}'s consent is needed before ${i.name} gets a copy.`}
      </p>
      {!given ? (
        <>
          <label htmlFor={`${id}-note`} className="mb-[5px] block type-body">
            How consent was given (optional)
          </label>
          <input
            id={`${id}-note`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            className="mb-[10px] block h-10 w-full border-2 border-input-border px-[5px] type-body"
          />
        </>
      ) : null}
      <Button type="submit" variant="secondary" className="min-h-9 px-2 py-1 type-small">
        {given ? "Withdraw consent" : `Record ${i.with?.name}'s consent`}
      </Button>
    </form>
  );
}

function SentForm({
  invitee: i,
  signedOff,
  run,
}: {
  invitee: CopiesInvitee;
  signedOff: boolean;
  run: (command: {
    type: "record.markSent";
    participantId: string;
    document: "record" | "decision_summary";
    format: "pdf" | "docx";
    via: (typeof SEND_VIA)[number];
  }) => Promise<boolean>;
}) {
  const id = useId();
  const [document, setDocument] = useState<"record" | "decision_summary">(
    signedOff ? "record" : "decision_summary",
  );
  const [format, setFormat] = useState<"pdf" | "docx">("pdf");
  const [via, setVia] = useState<(typeof SEND_VIA)[number]>("secure_email");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run({ type: "record.markSent", participantId: i.id, document, format, via });
  };
  return (
    <details className="mt-[10px]">
      <summary className="cursor-pointer type-body text-link underline">
        Mark a copy to {i.name} as sent
      </summary>
      <form onSubmit={submit} className="mt-[10px] border-l-[5px] border-border pl-[15px]">
        <Select
          id={`${id}-doc`}
          label="What was sent"
          value={document}
          onChange={(v) => setDocument(v as typeof document)}
          options={[
            ...(signedOff ? [{ value: "record", label: "The record" }] : []),
            { value: "decision_summary", label: "The decision summary" },
          ]}
        />
        <Select
          id={`${id}-format`}
          label="Format"
          value={format}
          onChange={(v) => setFormat(v as typeof format)}
          options={[
            { value: "pdf", label: "PDF" },
            { value: "docx", label: "Word" },
          ]}
        />
        <Select
          id={`${id}-via`}
          label="How"
          value={via}
          onChange={(v) => setVia(v as typeof via)}
          options={SEND_VIA.map((v) => ({ value: v, label: SEND_VIA_LABEL[v] }))}
        />
        <Button type="submit" className="min-h-9 px-2 py-1 type-small">
          Mark as sent
        </Button>
      </form>
    </details>
  );
}
