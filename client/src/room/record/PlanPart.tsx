import { type FormEvent, useId, useState } from "react";
import {
  PLAN_LIMITS,
  PLAN_MAP,
  PLAN_TEXT_LABEL,
  PLAN_TEXTS,
  type PlanAction,
} from "../../../../shared/record";
import { isTooLong, tooLongError } from "../../../../shared/textLimits";
import { Button } from "../../components/Button";
import { CharacterCount, countInfoId } from "../../components/CharacterCount";
import { Tag } from "../../components/Tag";
import { TextInput } from "../../components/TextInput";
import { formatDate } from "../../lib/time";
import { CommandError } from "../CommandError";
import { RoomPanel } from "../Panel";
import { useRoom } from "../RoomContext";
import { useCommand } from "../useCommand";
import { useConference } from "../useRoomData";
import { RichTextEditor, useFragment } from "./RichTextEditor";
import { useCanWriteRecord, useRecordSection } from "./useRecord";

const small = "min-h-9 px-2 py-1 type-small";

/**
 * The outline plan (agenda item `plan`): actions — what, who, by when, what it should achieve — as
 * structured entries, and the contingency plan and bottom lines written together. In words the family
 * can follow: the family sees it once the chair shares it, and it is in every copy of the record.
 */
export function PlanPart() {
  const { status } = useRoom();
  const record = useRecordSection();
  const canWrite = useCanWriteRecord();
  const share = useCommand();
  const [adding, setAdding] = useState(false);
  const actions = record?.actions ?? [];
  const meeting = status.conferenceStatus !== "ended";
  return (
    <RoomPanel id="plan-title" title="The plan">
      <p className="mb-[10px] type-body">
        Write the plan in words the family can follow. It is in everyone's copy of the record.
      </p>
      <div className="mb-[15px] flex flex-wrap items-center gap-3">
        {record?.planShared ? (
          <Tag colour="green">Shared with the family</Tag>
        ) : (
          <Tag colour="grey">Not shared with the family yet</Tag>
        )}
        {status.isChair && meeting ? (
          <Button
            variant={record?.planShared ? "secondary" : "primary"}
            className={small}
            disabled={share.busy}
            onClick={() => void share.run({ type: "plan.share", shared: !record?.planShared })}
          >
            {record?.planShared ? "Stop showing the plan to the family" : "Show the plan to the family"}
          </Button>
        ) : null}
      </div>
      <CommandError text={share.error} />
      <h3 className="mb-[10px] type-s">Actions</h3>
      {actions.length === 0 ? <p className="mb-[10px] type-body text-secondary">No actions yet.</p> : null}
      <ol className="mb-[15px] space-y-[10px]">
        {actions.map((a, i) => (
          <ActionRow
            key={a.id}
            action={a}
            n={i + 1}
            previousId={actions[i - 1]?.id ?? null}
            nextNextId={actions[i + 2]?.id ?? null}
            last={i === actions.length - 1}
            canWrite={canWrite}
          />
        ))}
      </ol>
      {canWrite && !adding ? (
        <Button variant="secondary" onClick={() => setAdding(true)}>
          Add an action
        </Button>
      ) : null}
      {adding ? <ActionForm onDone={() => setAdding(false)} /> : null}
      {PLAN_TEXTS.map((key) => (
        <PlanText key={key} which={key} canWrite={canWrite} />
      ))}
    </RoomPanel>
  );
}

function PlanText({ which, canWrite }: { which: (typeof PLAN_TEXTS)[number]; canWrite: boolean }) {
  const { professionalDoc } = useRoom();
  const fragment = useFragment(professionalDoc, PLAN_MAP, which);
  const id = `plan-${which}`;
  const hint =
    which === "contingency"
      ? "What will happen if the plan is not followed or things do not get better."
      : "What must not happen, and what the professionals will do if it does.";
  return (
    <section aria-labelledby={`${id}-label`} className="mt-[25px]">
      <h3 id={`${id}-label`} className="mb-[5px] type-s">
        {PLAN_TEXT_LABEL[which]}
      </h3>
      <p id={`${id}-hint`} className="mb-[5px] type-small text-secondary">
        {hint}
      </p>
      {fragment ? (
        <RichTextEditor
          fragment={fragment}
          labelId={`${id}-label`}
          describedBy={`${id}-hint`}
          editable={canWrite}
        />
      ) : (
        <p role="status" className="type-small text-secondary">
          Loading…
        </p>
      )}
    </section>
  );
}

function ActionRow({
  action,
  n,
  previousId,
  nextNextId,
  last,
  canWrite,
}: {
  action: PlanAction;
  n: number;
  previousId: string | null;
  nextNextId: string | null;
  last: boolean;
  canWrite: boolean;
}) {
  const conference = useConference();
  const cmd = useCommand();
  const [editing, setEditing] = useState(false);
  const children = conference?.children ?? [];
  const target = { actionId: action.id };
  const label = `action ${n}`;
  if (editing) return <ActionForm action={action} onDone={() => setEditing(false)} />;
  return (
    <li className="border-l-[5px] border-brand py-[5px] pl-[15px]">
      <p className="type-body font-bold">
        {n}. {action.what}
      </p>
      <p className="type-body">
        <span className="font-bold">Who: </span>
        {action.who}
      </p>
      <p className="type-body">
        <span className="font-bold">By when: </span>
        {action.byWhen === "ongoing" ? "Ongoing" : formatDate(action.byWhen)}
      </p>
      <p className="type-body">
        <span className="font-bold">What it should achieve: </span>
        {action.outcome}
      </p>
      {action.children.length > 0 ? (
        <p className="type-small text-secondary">
          For{" "}
          {action.children.map((id) => children.find((c) => c.id === id)?.name ?? "a child").join(" and ")}
        </p>
      ) : null}
      {canWrite ? (
        <div className="mt-[5px] flex flex-wrap gap-2">
          <Button variant="secondary" className={small} onClick={() => setEditing(true)}>
            Change<span className="sr-only"> {label}</span>
          </Button>
          {previousId ? (
            <Button
              variant="secondary"
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "plan.moveAction", ...target, before: previousId })}
            >
              Move up<span className="sr-only"> {label}</span>
            </Button>
          ) : null}
          {!last ? (
            <Button
              variant="secondary"
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "plan.moveAction", ...target, before: nextNextId })}
            >
              Move down<span className="sr-only"> {label}</span>
            </Button>
          ) : null}
          <Button
            variant="warning"
            className={small}
            disabled={cmd.busy}
            onClick={() => void cmd.run({ type: "plan.removeAction", ...target })}
          >
            Remove<span className="sr-only"> {label}</span>
          </Button>
        </div>
      ) : null}
      <CommandError text={cmd.error} />
    </li>
  );
}

type Errors = Partial<Record<"what" | "who" | "byWhen" | "outcome", string>>;

/** Add an action, or change one: every field is needed; the server checks the date. */
function ActionForm({ action, onDone }: { action?: PlanAction; onDone: () => void }) {
  const id = useId();
  const conference = useConference();
  const cmd = useCommand();
  const [what, setWhat] = useState(action?.what ?? "");
  const [who, setWho] = useState(action?.who ?? "");
  const [ongoing, setOngoing] = useState(action?.byWhen === "ongoing");
  const [date, setDate] = useState(action && action.byWhen !== "ongoing" ? action.byWhen : "");
  const [outcome, setOutcome] = useState(action?.outcome ?? "");
  const [children, setChildren] = useState<string[]>(action?.children ?? []);
  const [errors, setErrors] = useState<Errors>({});
  const subjects = (conference?.children ?? []).filter((c) => c.subject);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {
      ...(!what.trim()
        ? { what: "Enter what needs to happen" }
        : isTooLong(what, PLAN_LIMITS.what)
          ? { what: tooLongError("What needs to happen", PLAN_LIMITS.what) }
          : {}),
      ...(!who.trim()
        ? { who: "Enter who will do it" }
        : isTooLong(who, PLAN_LIMITS.who)
          ? { who: tooLongError("Who will do it", PLAN_LIMITS.who) }
          : {}),
      ...(ongoing || /^\d{4}-\d{2}-\d{2}$/.test(date)
        ? {}
        : { byWhen: "Enter the date it is due by, or choose ongoing" }),
      ...(!outcome.trim()
        ? { outcome: "Enter what it should achieve for the children" }
        : isTooLong(outcome, PLAN_LIMITS.outcome)
          ? { outcome: tooLongError("What it should achieve", PLAN_LIMITS.outcome) }
          : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const fields = {
      what: what.trim(),
      who: who.trim(),
      byWhen: ongoing ? "ongoing" : date,
      outcome: outcome.trim(),
      children,
    };
    const ack = await cmd.run(
      action
        ? { type: "plan.changeAction", actionId: action.id, ...fields }
        : { type: "plan.addAction", ...fields },
    );
    if (ack.ok) onDone();
  };
  const area = (field: "what" | "outcome", label: string, value: string, set: (v: string) => void) => (
    <div className={`mb-[15px] ${errors[field] ? "border-l-[5px] border-error pl-[10px]" : ""}`}>
      <label htmlFor={`${id}-${field}`} className="mb-[5px] block type-body font-bold">
        {label}
      </label>
      {errors[field] ? (
        <p id={`${id}-${field}-error`} className="mb-[5px] type-body font-bold text-error">
          <span className="sr-only">Error: </span>
          {errors[field]}
        </p>
      ) : null}
      <textarea
        id={`${id}-${field}`}
        rows={2}
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-describedby={`${errors[field] ? `${id}-${field}-error ` : ""}${countInfoId(`${id}-${field}`)}`}
        aria-invalid={errors[field] ? true : undefined}
        className={`block w-full border-2 bg-white px-[5px] type-body ${errors[field] ? "border-error" : "border-input-border"}`}
      />
      <CharacterCount id={`${id}-${field}`} value={value} max={PLAN_LIMITS[field]} />
    </div>
  );
  return (
    <form onSubmit={submit} noValidate className="my-[15px] border-l-[5px] border-border pl-[15px]">
      <h4 className="mb-[10px] type-s">{action ? "Change the action" : "A new action"}</h4>
      {area("what", "What needs to happen", what, setWhat)}
      <TextInput
        id={`${id}-who`}
        label="Who will do it"
        value={who}
        onChange={setWho}
        error={errors.who}
        max={PLAN_LIMITS.who}
      />
      <fieldset className={`mb-[15px] ${errors.byWhen ? "border-l-[5px] border-error pl-[10px]" : ""}`}>
        <legend className="mb-[5px] type-body font-bold">By when</legend>
        {errors.byWhen ? (
          <p className="mb-[5px] type-body font-bold text-error">
            <span className="sr-only">Error: </span>
            {errors.byWhen}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-4">
          <label htmlFor={`${id}-date`} className="sr-only">
            Date
          </label>
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            disabled={ongoing}
            onChange={(e) => setDate(e.target.value)}
            className="h-10 border-2 border-input-border bg-white px-[5px] type-body"
          />
          <span className="flex items-center gap-2">
            <input
              id={`${id}-ongoing`}
              type="checkbox"
              className="size-6 accent-ink"
              checked={ongoing}
              onChange={(e) => setOngoing(e.target.checked)}
            />
            <label htmlFor={`${id}-ongoing`} className="type-body">
              Ongoing
            </label>
          </span>
        </div>
      </fieldset>
      {area("outcome", "What it should achieve", outcome, setOutcome)}
      {subjects.length > 1 ? (
        <fieldset className="mb-[15px]">
          <legend className="mb-[5px] type-body font-bold">Which children (none ticked: all of them)</legend>
          {subjects.map((c) => (
            <span key={c.id} className="mr-4 inline-flex items-center gap-2">
              <input
                id={`${id}-child-${c.id}`}
                type="checkbox"
                className="size-6 accent-ink"
                checked={children.includes(c.id)}
                onChange={(e) =>
                  setChildren(e.target.checked ? [...children, c.id] : children.filter((x) => x !== c.id))
                }
              />
              <label htmlFor={`${id}-child-${c.id}`} className="type-body">
                {c.name}
              </label>
            </span>
          ))}
        </fieldset>
      ) : null}
      <CommandError text={cmd.error} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={cmd.busy}>
          {action ? "Save the action" : "Add the action"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
