import { type FormEvent, useState } from "react";
import { isFamilyRole, isProfessionalRole } from "../../../../shared/domain";
import { TEXT_LIMITS } from "../../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../../shared/textLimits";
import type { ChildEntry, OutcomeEntry, ParticipantEntry } from "../../../../shared/views";
import { Button } from "../../components/Button";
import { type ErrorItem, ErrorSummary } from "../../components/ErrorSummary";
import { Select } from "../../components/Select";
import { TextInput } from "../../components/TextInput";
import { formatDateTime } from "../../lib/time";
import { CommandError } from "../CommandError";
import { Checkboxes, TextArea } from "./fields";
import { type Refusal, useChildCommand } from "./useChildCommand";
import type { Powers } from "./useChildren";
import { longDate, personWords, roleWords } from "./words";

const PRESENCE_WORDS: Partial<Record<ParticipantEntry["presence"], string>> = {
  in_room: "in the conference",
  apologies: "sent apologies",
  invited: "invited, not here",
  left: "has left",
  lobby: "waiting to join",
};

/**
 * What follows the decision for one child (`001` 7.8.6-7, 7.9.17-28): with a plan, the key worker,
 * the core group (from attendees and invitees), the first core group meeting and the next review,
 * with the app's proposal filled in and the latest dates allowed shown; without a plan, the child in
 * need recommendations. The chair sets them; everyone in the full view sees them.
 */
export function Outcome({
  child,
  powers,
  people,
}: {
  child: ChildEntry;
  powers: Powers;
  people: Record<string, ParticipantEntry>;
}) {
  const [editing, setEditing] = useState(false);
  if (!child.decision) return null;
  const id = `outcome-${child.id}`;
  const { outcome } = child;
  const showForm = powers.chair && (outcome === null || editing);
  return (
    <section aria-labelledby={id} className="mb-[30px]">
      <h4 id={id} className="mb-[10px] type-s">
        {child.decision.plan ? "Key worker, core group and dates" : "Child in need recommendations"}
      </h4>
      {outcome ? <OutcomeSummary outcome={outcome} /> : null}
      {!outcome && !powers.chair ? <p className="type-body text-secondary">Not set yet.</p> : null}
      {child.proposed?.earlyReview ? (
        <p className="mb-[10px] type-body font-bold">
          The conference went ahead without a quorum, so an early review must follow.
        </p>
      ) : null}
      {showForm ? (
        child.decision.plan ? (
          <PlanOutcomeForm child={child} people={people} onDone={() => setEditing(false)} />
        ) : (
          <ChildInNeedForm child={child} onDone={() => setEditing(false)} />
        )
      ) : null}
      {powers.chair && outcome && !editing ? (
        <Button variant="secondary" onClick={() => setEditing(true)}>
          Change these<span className="sr-only"> for {child.name}</span>
        </Button>
      ) : null}
    </section>
  );
}

function OutcomeSummary({ outcome }: { outcome: OutcomeEntry }) {
  if (outcome.kind === "child_in_need")
    return (
      <div className="mb-[15px] type-body">
        <ul className="list-disc space-y-[5px] pl-5">
          {outcome.recommendations.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <p className="mt-[5px] type-small text-secondary">
          Set {outcome.by ? `by ${outcome.by.name}, ` : ""}
          {formatDateTime(outcome.at)}
        </p>
      </div>
    );
  return (
    <dl className="mb-[15px] type-body">
      <div className="mb-[10px]">
        <dt className="font-bold">Key worker</dt>
        <dd>{outcome.keyWorker ? personWords(outcome.keyWorker) : ""}</dd>
      </div>
      <div className="mb-[10px]">
        <dt className="font-bold">Core group</dt>
        <dd>
          <ul>
            {outcome.coreGroup.map((p) => (
              <li key={p.id}>{personWords(p)}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div className="mb-[10px]">
        <dt className="font-bold">First core group meeting</dt>
        <dd>
          {outcome.firstCoreGroupDate
            ? longDate(outcome.firstCoreGroupDate)
            : "Not set (the core group already meets)"}
        </dd>
      </div>
      <div className="mb-[10px]">
        <dt className="font-bold">Next review conference</dt>
        <dd>{longDate(outcome.nextReviewDate)}</dd>
      </div>
      <div className="mb-[10px]">
        <dt className="font-bold">Set</dt>
        <dd>
          {outcome.by ? `By ${outcome.by.name}, ` : ""}
          {formatDateTime(outcome.at)}
        </dd>
      </div>
    </dl>
  );
}

type PlanField = "keyWorker" | "coreGroup" | "firstCoreGroup" | "review";

function planFieldOf(r: Refusal): PlanField | null {
  const words = `${r.issues[0]?.path ?? ""} ${r.message}`;
  switch (r.code) {
    case "core_group_date_too_late":
      return "firstCoreGroup";
    case "review_date_too_late":
      return "review";
    case "date_not_working_day":
    case "date_before_conference":
    case "validation_failed":
      if (/first core group|firstCoreGroupDate/i.test(words)) return "firstCoreGroup";
      if (/next review|nextReviewDate/i.test(words)) return "review";
      if (/key worker|keyWorkerId/i.test(words)) return "keyWorker";
      if (/core group|coreGroup/i.test(words)) return "coreGroup";
      return null;
    default:
      return null;
  }
}

function PlanOutcomeForm({
  child,
  people,
  onDone,
}: {
  child: ChildEntry;
  people: Record<string, ParticipantEntry>;
  onDone: () => void;
}) {
  const cmd = useChildCommand();
  const proposed = child.proposed;
  const current = child.outcome?.kind === "plan" ? child.outcome : null;
  const [keyWorker, setKeyWorker] = useState(current?.keyWorker?.id ?? proposed?.keyWorkerId ?? "");
  const [coreGroup, setCoreGroup] = useState<string[]>(
    current ? current.coreGroup.map((p) => p.id) : (proposed?.coreGroup ?? []),
  );
  const [firstCoreGroup, setFirstCoreGroup] = useState(
    (current ? current.firstCoreGroupDate : proposed?.firstCoreGroupDate) ?? "",
  );
  const [review, setReview] = useState(current?.nextReviewDate ?? proposed?.nextReviewDate ?? "");
  const [local, setLocal] = useState<Partial<Record<PlanField, string>>>({});
  const id = `plan-outcome-${child.id}`;
  const everyone = Object.values(people).sort((a, b) => a.name.localeCompare(b.name));
  const keyWorkers = everyone.filter((p) => p.role === "social_worker" || p.role === "team_manager");
  const members = everyone.filter(
    (p) =>
      (isFamilyRole(p.role) || isProfessionalRole(p.role)) &&
      p.presence !== "removed" &&
      p.presence !== "refused",
  );
  const initial = proposed?.firstCoreGroupBy !== null;
  const refusal = cmd.refusal;
  const serverField = refusal ? planFieldOf(refusal) : null;
  const errorFor = (f: PlanField) => local[f] ?? (refusal && serverField === f ? refusal.text : undefined);
  const ids: Record<PlanField, string> = {
    keyWorker: `${id}-key-worker`,
    coreGroup: `${id}-core-group`,
    firstCoreGroup: `${id}-first-core-group`,
    review: `${id}-review`,
  };
  const summary: ErrorItem[] = [
    ...(Object.entries(local) as [PlanField, string][]).map(([f, text]) => ({ fieldId: ids[f], text })),
    ...(refusal && Object.keys(local).length === 0
      ? [serverField ? { fieldId: ids[serverField], text: refusal.text } : { text: refusal.text }]
      : []),
  ];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    cmd.clear();
    const next: Partial<Record<PlanField, string>> = {
      ...(keyWorker ? {} : { keyWorker: "Choose the key worker" }),
      ...(initial && !firstCoreGroup
        ? { firstCoreGroup: "Enter the date of the first core group meeting" }
        : {}),
      ...(review ? {} : { review: "Enter the date of the next review conference" }),
    };
    setLocal(next);
    if (Object.keys(next).length > 0) return;
    const ack = await cmd.run({
      type: "outcome.set",
      childId: child.id,
      keyWorkerId: keyWorker,
      coreGroup: coreGroup.filter((x) => x !== keyWorker),
      firstCoreGroupDate: firstCoreGroup || null,
      nextReviewDate: review,
    });
    if (ack.ok) onDone();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Key worker, core group and dates for ${child.name}`}>
      {summary.length > 0 ? <ErrorSummary errors={summary} /> : null}
      <p className="mb-[15px] type-body">
        The app has filled in its proposal. Check it and change what you need.
      </p>
      <Select
        id={ids.keyWorker}
        label="Key worker"
        hint="A social worker or team manager from children's social care."
        value={keyWorker}
        onChange={setKeyWorker}
        placeholder="Choose the key worker"
        options={keyWorkers.map((p) => ({ value: p.id, label: personWords(p) }))}
        error={errorFor("keyWorker")}
      />
      <Checkboxes
        id={ids.coreGroup}
        legend="Core group"
        hint="Family members and professionals who will carry out the plan. The key worker is always in it."
        values={coreGroup}
        onChange={setCoreGroup}
        choices={members.map((p) => ({
          value: p.id,
          label: p.name,
          hint: `${roleWords(p)}; ${PRESENCE_WORDS[p.presence] ?? ""}`,
        }))}
        error={errorFor("coreGroup")}
      />
      <TextInput
        id={ids.firstCoreGroup}
        type="date"
        width="10"
        label={initial ? "First core group meeting" : "First core group meeting (optional after a review)"}
        hint={
          proposed?.firstCoreGroupBy
            ? `On a working day, by ${longDate(proposed.firstCoreGroupBy)} at the latest.`
            : "The core group already meets. Leave empty, or set its next meeting."
        }
        value={firstCoreGroup}
        onChange={setFirstCoreGroup}
        error={errorFor("firstCoreGroup")}
      />
      <TextInput
        id={ids.review}
        type="date"
        width="10"
        label="Next review conference"
        hint={proposed ? `On a working day, by ${longDate(proposed.nextReviewBy)} at the latest.` : undefined}
        value={review}
        onChange={setReview}
        error={errorFor("review")}
      />
      <Button type="submit" disabled={cmd.busy}>
        Set key worker, core group and dates<span className="sr-only"> for {child.name}</span>
      </Button>
    </form>
  );
}

function ChildInNeedForm({ child, onDone }: { child: ChildEntry; onDone: () => void }) {
  const cmd = useChildCommand();
  const current = child.outcome?.kind === "child_in_need" ? child.outcome.recommendations : [];
  const [text, setText] = useState(current.join("\n"));
  const [error, setError] = useState<string | undefined>();
  const id = `cin-${child.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lines = text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length === 0) {
      setError("Enter at least one recommendation");
      return;
    }
    if (lines.length > 30) {
      setError("Enter at most 30 recommendations");
      return;
    }
    if (lines.some((l) => isTooLong(l, TEXT_LIMITS.recommendation))) {
      setError(tooLongError("Each recommendation", TEXT_LIMITS.recommendation));
      return;
    }
    setError(undefined);
    const ack = await cmd.run({ type: "outcome.childInNeed", childId: child.id, recommendations: lines });
    if (ack.ok) onDone();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Child in need recommendations for ${child.name}`}>
      <TextArea
        id={`${id}-recommendations`}
        label="Recommendations for a child in need plan"
        hint="One recommendation on each line."
        value={text}
        onChange={setText}
        error={error}
        rows={5}
      />
      <CommandError text={cmd.refusal?.text ?? null} />
      <Button type="submit" disabled={cmd.busy}>
        Record the recommendations<span className="sr-only"> for {child.name}</span>
      </Button>
    </form>
  );
}
