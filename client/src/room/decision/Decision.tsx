import { type FormEvent, useState } from "react";
import { DECISION_LIMITS } from "../../../../shared/decision";
import { CATEGORY_LABEL, type Category } from "../../../../shared/policy";
import { TEXT_LIMITS } from "../../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../../shared/textLimits";
import type { ChildEntry, ConferenceSection, DecisionEntry } from "../../../../shared/views";
import { Button } from "../../components/Button";
import { type ErrorItem, ErrorSummary } from "../../components/ErrorSummary";
import { formatDateTime } from "../../lib/time";
import { TextForm } from "../TextForm";
import { Checkboxes, Radios, SUMMARY, TextArea } from "./fields";
import { type Refusal, useChildCommand } from "./useChildCommand";
import type { Powers } from "./useChildren";
import { CATEGORIES, decisionRuleWords, proceduresWords, tallyWords } from "./words";

/**
 * The chair's decision for one child (`001` 7.9, `000` ch.4 and ch.7, `004`): shown to everyone in
 * the full view once recorded; for the chair, the form with the local procedures' rules in words
 * beforehand and the server's refusal beside the field it is about; reopening with a reason.
 */
export function Decision({
  child,
  policy,
  powers,
}: {
  child: ChildEntry;
  policy: ConferenceSection["policy"];
  powers: Powers;
}) {
  const id = `decision-${child.id}`;
  return (
    <section aria-labelledby={id} className="mb-[30px]">
      <h4 id={id} className="mb-[10px] type-s">
        Decision
      </h4>
      {child.decision ? (
        <>
          <RecordedDecision decision={child.decision} />
          {powers.chair ? <Reopen child={child} /> : null}
        </>
      ) : (
        <>
          <p className="mb-[10px] type-body">
            {child.history.length > 0
              ? "The chair reopened the decision. It has not been recorded again yet."
              : "The chair has not recorded the decision yet."}
          </p>
          {powers.chair ? <DecisionForm child={child} policy={policy} /> : null}
        </>
      )}
      {child.history.length > 0 ? <History child={child} /> : null}
    </section>
  );
}

export function decisionHeadline(d: Pick<DecisionEntry, "plan" | "categoryLabels">): string {
  return d.plan
    ? `Child protection plan: ${d.categoryLabels.join(", ")}`
    : "No child protection plan (child in need)";
}

function RecordedDecision({ decision: d }: { decision: DecisionEntry }) {
  return (
    <div className="mb-[15px] border-l-[10px] border-ink p-[15px]">
      <p className="mb-[10px] type-m">{decisionHeadline(d)}</p>
      <dl className="type-body">
        <Row term="Rationale">{d.rationale}</Row>
        {d.substantialEmotionalConcern ? (
          <Row term="Substantial emotional concern">{d.substantialEmotionalConcern}</Row>
        ) : null}
        {d.overrodeMajority ? <Row term="Decided against the majority">{d.overrideReason ?? ""}</Row> : null}
        <Row term="Views when decided">{tallyWords(d.tally)}</Row>
        <Row term="The family reads">{d.familyText}</Row>
        <Row term="Recorded">
          {d.by ? `By ${d.by.name}, ` : ""}
          {formatDateTime(d.at)}
        </Row>
      </dl>
    </div>
  );
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="mb-[10px]">
      <dt className="font-bold">{term}</dt>
      <dd className="whitespace-pre-wrap">{children}</dd>
    </div>
  );
}

type Field = "plan" | "categories" | "concern" | "rationale" | "override";

/** Which field a refusal of `decision.record` is about, from its code (and, for validation, its words). */
function fieldOf(refusal: Refusal, shown: { concern: boolean; override: boolean }): Field | null {
  switch (refusal.code) {
    case "category_required":
    case "category_duplicate":
    case "category_exactly_one":
    case "category_without_plan":
      return "categories";
    case "emotional_secondary_needs_concern":
      return "concern";
    case "emotional_concern_not_applicable":
      return shown.concern ? "concern" : "categories";
    case "override_reason_required":
      return "override";
    case "override_not_applicable":
      return shown.override ? "override" : null;
    case "validation_failed": {
      const where = `${refusal.issues[0]?.path ?? ""} ${refusal.message}`;
      if (/rationale/.test(where)) return "rationale";
      if (/overrideReason/.test(where)) return "override";
      if (/substantialEmotionalConcern/.test(where)) return "concern";
      if (/categor/.test(where)) return "categories";
      return null;
    }
    default:
      return null;
  }
}

function DecisionForm({ child, policy }: { child: ChildEntry; policy: ConferenceSection["policy"] }) {
  const cmd = useChildCommand();
  const [plan, setPlan] = useState<"yes" | "no" | "">("");
  const [categories, setCategories] = useState<Category[]>([]);
  const [concern, setConcern] = useState("");
  const [rationale, setRationale] = useState("");
  const [override, setOverride] = useState("");
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const id = `record-${child.id}`;
  const { rule, tally } = child.views;
  const decided = plan === "yes" ? "plan" : plan === "no" ? "no_plan" : null;
  const refusal = cmd.refusal;
  const showConcern =
    plan === "yes" &&
    ((policy.categories.emotionalSecondaryNeedsSubstantialConcern &&
      categories.includes("emotional") &&
      categories.length > 1) ||
      refusal?.code === "emotional_secondary_needs_concern");
  const againstMajority =
    rule.mode === "majority_of_professionals" &&
    tally.majority !== null &&
    decided !== null &&
    decided !== tally.majority;
  const showOverride = againstMajority || refusal?.code === "override_reason_required";
  const serverField = refusal ? fieldOf(refusal, { concern: showConcern, override: showOverride }) : null;
  const errorFor = (field: Field): string | undefined =>
    local[field] ?? (refusal && serverField === field ? refusal.text : undefined);
  const fieldIds: Record<Field, string> = {
    plan: `${id}-plan`,
    categories: `${id}-categories`,
    concern: `${id}-concern`,
    rationale: `${id}-rationale`,
    override: `${id}-override`,
  };
  const summary: ErrorItem[] = [
    ...(Object.entries(local) as [Field, string][]).map(([field, text]) => ({
      fieldId: fieldIds[field],
      text,
    })),
    ...(refusal && Object.keys(local).length === 0
      ? [serverField ? { fieldId: fieldIds[serverField], text: refusal.text } : { text: refusal.text }]
      : []),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    cmd.clear();
    const next: Partial<Record<Field, string>> = {
      ...(plan ? {} : { plan: `Choose whether ${child.name} needs a child protection plan` }),
      ...(!rationale.trim()
        ? { rationale: "Enter the rationale for the decision" }
        : isTooLong(rationale, DECISION_LIMITS.rationale)
          ? { rationale: tooLongError("The rationale", DECISION_LIMITS.rationale) }
          : {}),
      ...(showConcern && isTooLong(concern, DECISION_LIMITS.substantialEmotionalConcern)
        ? { concern: tooLongError("The concern", DECISION_LIMITS.substantialEmotionalConcern) }
        : {}),
      ...(showOverride && isTooLong(override, DECISION_LIMITS.overrideReason)
        ? { override: tooLongError("The reason", DECISION_LIMITS.overrideReason) }
        : {}),
    };
    setLocal(next);
    if (Object.keys(next).length > 0) return;
    await cmd.run({
      type: "decision.record",
      childId: child.id,
      plan: plan === "yes",
      categories: plan === "yes" ? categories : [],
      ...(showConcern && concern.trim() ? { substantialEmotionalConcern: concern.trim() } : {}),
      rationale: rationale.trim(),
      ...(showOverride && override.trim() ? { overrideReason: override.trim() } : {}),
    });
  };

  const majority =
    tally.majority === "plan" ? "for a plan" : tally.majority === "no_plan" ? "against a plan" : null;
  return (
    <form onSubmit={submit} noValidate aria-label={`Record the decision for ${child.name}`}>
      {summary.length > 0 ? <ErrorSummary errors={summary} /> : null}
      <div className="mb-[20px] border-l-[10px] border-border p-[15px] type-body">
        <p className="mb-[5px] font-bold">{proceduresWords(policy)}</p>
        <ul className="list-disc space-y-[5px] pl-5">
          {decisionRuleWords(policy, rule).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {child.views.status !== "not_open" ? (
          <p className="mt-[10px]">
            Views now: {tallyWords(tally)}.{majority ? ` The majority is ${majority}.` : ""}
          </p>
        ) : rule.mode === "majority_of_professionals" ? (
          <p className="mt-[10px]">Ask for the professionals' views before recording the decision.</p>
        ) : null}
      </div>
      <Radios
        id={fieldIds.plan}
        legend={`Does ${child.name} need a child protection plan?`}
        value={plan}
        onChange={(v) => {
          setPlan(v);
          cmd.clear();
        }}
        choices={[
          { value: "yes", label: "Yes, a child protection plan" },
          { value: "no", label: "No child protection plan (child in need)" },
        ]}
        error={errorFor("plan")}
      />
      {plan === "yes" ? (
        <Checkboxes
          id={fieldIds.categories}
          legend="Category"
          hint={
            policy.categories.mode === "exactly_one"
              ? "Choose exactly one category."
              : "Choose one, or more than one only where each meets the threshold."
          }
          values={categories}
          onChange={(v) => setCategories(v)}
          choices={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
          error={errorFor("categories")}
        />
      ) : null}
      {showConcern ? (
        <TextArea
          id={fieldIds.concern}
          label="The substantial emotional concern"
          hint="Emotional abuse is a second category only where the concern is substantial. Say what it is."
          value={concern}
          onChange={setConcern}
          error={errorFor("concern")}
          max={DECISION_LIMITS.substantialEmotionalConcern}
        />
      ) : null}
      {showOverride ? (
        <TextArea
          id={fieldIds.override}
          label="Why the chair decides against the majority"
          hint={majority ? `The majority of professionals is ${majority}.` : undefined}
          value={override}
          onChange={setOverride}
          error={errorFor("override")}
          max={DECISION_LIMITS.overrideReason}
        />
      ) : null}
      <TextArea
        id={fieldIds.rationale}
        label="Rationale"
        hint="The reasons for the decision, as the record will give them."
        value={rationale}
        onChange={setRationale}
        error={errorFor("rationale")}
        max={DECISION_LIMITS.rationale}
        rows={4}
      />
      <Button type="submit" disabled={cmd.busy}>
        Record the decision<span className="sr-only"> for {child.name}</span>
      </Button>
    </form>
  );
}

function Reopen({ child }: { child: ChildEntry }) {
  const cmd = useChildCommand();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="secondary" onClick={() => setAsking(true)}>
        Reopen the decision<span className="sr-only"> for {child.name}</span>
      </Button>
    );
  return (
    <div className="border-l-[5px] border-error pl-[10px]">
      <p className="type-body">
        Reopening keeps this decision, its dissent and what follows in the record, with your reason.
      </p>
      <TextForm
        label={`Why reopen the decision for ${child.name}?`}
        submit="Reopen the decision"
        variant="warning"
        multiline
        emptyError="Enter the reason for reopening the decision"
        max={TEXT_LIMITS.reason}
        subject="The reason"
        error={cmd.refusal?.text ?? null}
        busy={cmd.busy}
        onCancel={() => setAsking(false)}
        onSubmit={async (reason) => {
          const ack = await cmd.run({ type: "decision.reopen", childId: child.id, reason });
          if (ack.ok) setAsking(false);
          return ack.ok;
        }}
      />
    </div>
  );
}

function History({ child }: { child: ChildEntry }) {
  return (
    <details className="mt-[15px]">
      <summary className={SUMMARY}>
        Earlier decisions, reopened ({child.history.length})<span className="sr-only"> for {child.name}</span>
      </summary>
      <ol className="mt-[10px] space-y-[10px]">
        {child.history.map((h) => (
          <li key={h.reopened.at} className="border-l-[5px] border-border pl-[10px] type-body">
            <p className="font-bold">{decisionHeadline(h.decision)}</p>
            <p>Rationale: {h.decision.rationale}</p>
            {h.dissent.length > 0 ? (
              <p>Dissent: {h.dissent.map((d) => `${d.name} (${d.agency ?? ""})`).join(", ")}</p>
            ) : null}
            <p className="text-secondary">
              Reopened {formatDateTime(h.reopened.at)}
              {h.reopened.by ? ` by ${h.reopened.by.name}` : ""}: {h.reopened.reason}
            </p>
          </li>
        ))}
      </ol>
    </details>
  );
}
