import { type FormEvent, type ReactNode, useState } from "react";
import { isProfessionalRole } from "../../../../shared/domain";
import { TEXT_LIMITS } from "../../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../../shared/textLimits";
import type { ChildEntry, DissentRow, ParticipantEntry } from "../../../../shared/views";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Select } from "../../components/Select";
import { formatDateTime } from "../../lib/time";
import { CommandError } from "../CommandError";
import { useRoom } from "../RoomContext";
import { SUMMARY, TextArea } from "./fields";
import { type Refusal, useChildCommand } from "./useChildCommand";
import type { Powers } from "./useChildren";
import { personWords, roleWords, VIEW_LABEL } from "./words";

/**
 * Dissent from the decision for one child (`001` 7.9.6, 7.10; `004`): each with name, agency,
 * reason and whether escalation is asked for. Any professional may record theirs once the decision
 * is recorded (a category can be disputed as well as the threshold); the chair records it for a
 * professional in the room.
 */
export function Dissent({
  child,
  powers,
  people,
}: {
  child: ChildEntry;
  powers: Powers;
  people: Record<string, ParticipantEntry>;
}) {
  const { me } = useRoom();
  const decision = child.decision;
  if (!decision) return null;
  const id = `dissent-${child.id}`;
  const mine = child.dissent.find((d) => d.id === me.participantId) ?? null;
  const myView = child.views.entries.find((v) => v.id === me.participantId)?.view ?? null;
  const differs = myView !== null && myView !== "abstain" && (myView === "plan") !== decision.plan;
  return (
    <section aria-labelledby={id} className="mb-[30px]">
      <h4 id={id} className="mb-[10px] type-s">
        Dissent
      </h4>
      {child.dissent.length === 0 ? (
        <p className="mb-[10px] type-body text-secondary">No dissent recorded.</p>
      ) : (
        <ul aria-label={`Dissent from the decision for ${child.name}`} className="mb-[15px]">
          {child.dissent.map((d) => (
            <DissentItem key={d.id} dissent={d} />
          ))}
        </ul>
      )}
      {powers.professional ? <MyDissentPanel child={child} mine={mine} differs={differs} /> : null}
      {powers.chair ? <DissentFor child={child} people={people} /> : null}
    </section>
  );
}

function DissentItem({ dissent: d }: { dissent: DissentRow }) {
  return (
    <li className="border-b border-border py-[10px] type-body">
      <p>
        <strong>{d.name}</strong>
        <span className="text-secondary">, {roleWords(d)}</span>
      </p>
      {d.view ? <p className="text-secondary">Their view: {VIEW_LABEL[d.view]}</p> : null}
      <p className="whitespace-pre-wrap">{d.reason}</p>
      <p className="font-bold">{d.escalate ? "Asks for escalation" : "Does not ask for escalation"}</p>
      <p className="type-small text-secondary">
        {d.enteredBy ? `Recorded by ${d.enteredBy.name}, ` : "Recorded "}
        {formatDateTime(d.at)}
      </p>
    </li>
  );
}

/** Open at once for a professional whose view differs from the decision. */
function MyDissentPanel({
  child,
  mine,
  differs,
}: {
  child: ChildEntry;
  mine: DissentRow | null;
  differs: boolean;
}) {
  const [startOpen] = useState(differs && !mine);
  return (
    <details className="mb-[15px]" open={startOpen}>
      <summary className={SUMMARY}>
        {mine ? "Change my dissent" : "Record my dissent"}
        <span className="sr-only"> from the decision for {child.name}</span>
      </summary>
      {differs ? <p className="mt-[10px] type-body">Your view differs from the decision.</p> : null}
      <MyDissent child={child} mine={mine} />
    </details>
  );
}

function MyDissent({ child, mine }: { child: ChildEntry; mine: DissentRow | null }) {
  const cmd = useChildCommand();
  return (
    <DissentForm
      id={`my-dissent-${child.id}`}
      label={`My dissent from the decision for ${child.name}`}
      initial={mine}
      submit={mine ? "Change my dissent" : "Record my dissent"}
      busy={cmd.busy}
      refusal={cmd.refusal}
      onSubmit={async (reason, escalate) =>
        (await cmd.run({ type: "dissent.record", childId: child.id, reason, escalate })).ok
      }
    />
  );
}

function DissentFor({ child, people }: { child: ChildEntry; people: Record<string, ParticipantEntry> }) {
  const cmd = useChildCommand();
  const [who, setWho] = useState("");
  const [whoError, setWhoError] = useState<string | undefined>();
  const present = Object.values(people)
    .filter((p) => p.presence === "in_room" && isProfessionalRole(p.role))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (present.length === 0) return null;
  const id = `dissent-for-${child.id}`;
  return (
    <details className="mb-[15px]">
      <summary className={SUMMARY}>
        Record dissent for a professional in the room<span className="sr-only"> ({child.name})</span>
      </summary>
      <DissentForm
        key={who}
        id={id}
        label={`Record dissent for a professional in the room, ${child.name}`}
        initial={child.dissent.find((d) => d.id === who) ?? null}
        submit="Record their dissent"
        busy={cmd.busy}
        refusal={cmd.refusal}
        before={
          <Select
            id={`${id}-who`}
            label="Who dissents"
            value={who}
            onChange={(v) => {
              setWho(v);
              setWhoError(undefined);
              cmd.clear();
            }}
            placeholder="Choose a professional in the room"
            options={present.map((p) => ({ value: p.id, label: personWords(p) }))}
            error={whoError}
          />
        }
        onSubmit={async (reason, escalate) => {
          if (!who) {
            setWhoError("Choose who dissents");
            return false;
          }
          return (
            await cmd.run({
              type: "dissent.recordFor",
              childId: child.id,
              participantId: who,
              reason,
              escalate,
            })
          ).ok;
        }}
      />
    </details>
  );
}

function DissentForm({
  id,
  label,
  initial,
  submit,
  busy,
  refusal,
  onSubmit,
  before,
}: {
  id: string;
  label: string;
  initial: DissentRow | null;
  submit: string;
  busy: boolean;
  refusal: Refusal | null;
  onSubmit: (reason: string, escalate: boolean) => Promise<boolean>;
  before?: ReactNode;
}) {
  const [reason, setReason] = useState(initial?.reason ?? "");
  const [escalate, setEscalate] = useState(initial?.escalate ?? false);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const handle = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (!reason.trim()) {
      setError("Give the reason for the dissent");
      return;
    }
    if (isTooLong(reason, TEXT_LIMITS.reason)) {
      setError(tooLongError("The reason", TEXT_LIMITS.reason));
      return;
    }
    setError(undefined);
    if (await onSubmit(reason.trim(), escalate)) setSaved(true);
  };
  return (
    <form onSubmit={handle} noValidate aria-label={label} className="mt-[15px]">
      {before}
      <TextArea
        id={`${id}-reason`}
        label="Reason for the dissent"
        value={reason}
        onChange={setReason}
        error={error}
        max={TEXT_LIMITS.reason}
      />
      <Checkbox
        id={`${id}-escalate`}
        label="Ask for the decision to be escalated"
        hint="The request goes into the record with the dissent, for the local escalation procedure."
        checked={escalate}
        onChange={setEscalate}
      />
      <CommandError text={refusal?.text ?? null} />
      {saved ? (
        <p role="status" className="mb-[15px] type-body font-bold">
          The dissent is in the record.
        </p>
      ) : null}
      <Button type="submit" disabled={busy}>
        {submit}
      </Button>
    </form>
  );
}
