import { type FormEvent, useState } from "react";
import { isFamilyRole, isProfessionalRole } from "../../../../shared/domain";
import type { ChildEntry, ParticipantEntry } from "../../../../shared/views";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Select } from "../../components/Select";
import { Tag } from "../../components/Tag";
import { CommandError } from "../CommandError";
import { useRoom } from "../RoomContext";
import { Checkboxes, SUMMARY } from "./fields";
import { ScaleForm } from "./ScaleForm";
import { useChildCommand } from "./useChildCommand";
import type { Powers } from "./useChildren";
import { personWords, roleWords, summaryWords } from "./words";

/**
 * Safety scaling for one child (`000` ch.4, `002`): every scale with name, role, agency and reason,
 * the median and spread for everyone, the professionals and the family, and who has not scaled yet.
 * The chair closes, reopens and shares; a professional gives their own; the chair or the minute
 * taker enters one for someone in the room without a device.
 */
export function Scaling({
  child,
  powers,
  people,
}: {
  child: ChildEntry;
  powers: Powers;
  people: Record<string, ParticipantEntry>;
}) {
  const { me } = useRoom();
  const { scaling } = child;
  const open = scaling.status === "open";
  const id = `scaling-${child.id}`;
  const mine = scaling.entries.find((e) => e.id === me.participantId) ?? null;
  return (
    <section aria-labelledby={id} className="mb-[30px]">
      <h4 id={id} className="mb-[10px] type-s">
        Safety scaling
      </h4>
      <p className="mb-[10px] type-body">
        {open ? <Tag colour="green">Open</Tag> : <Tag colour="grey">Closed</Tag>}{" "}
        {open ? "Scales can be given and changed." : "The chair has closed scaling. Scales cannot change."}
      </p>
      <dl className="mb-[15px] type-body" data-testid="scale-summary">
        {(
          [
            ["Everyone", scaling.summary.all],
            ["Professionals", scaling.summary.professionals],
            ["Family", scaling.summary.family],
          ] as const
        ).map(([who, s]) => (
          <div key={who} className="flex flex-wrap gap-x-2">
            <dt className="font-bold">{who}:</dt>
            <dd>{summaryWords(s)}</dd>
          </div>
        ))}
      </dl>
      {scaling.entries.length === 0 ? (
        <p className="mb-[10px] type-body text-secondary">No scales given yet.</p>
      ) : (
        <ul aria-label={`Scales for ${child.name}`} className="mb-[15px]">
          {scaling.entries.map((e) => (
            <li key={e.id} className="flex gap-[15px] border-b border-border py-[10px]">
              <span
                aria-hidden="true"
                className="flex size-11 shrink-0 items-center justify-center border-2 border-ink type-m"
              >
                {e.score}
              </span>
              <div className="min-w-0">
                <p className="type-body">
                  <strong>{e.name}</strong>
                  <span className="text-secondary">, {roleWords(e)}</span>
                  <span className="sr-only">: {e.score} out of 10</span>
                </p>
                <p className="type-body whitespace-pre-wrap">{e.reason}</p>
                <p className="type-small text-secondary">
                  {e.enteredBy ? `Entered by ${e.enteredBy.name}. ` : ""}
                  {e.shared ? "Shared with the family." : "Not shared with the family."}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {open && scaling.waitingFor.length > 0 ? (
        <p className="mb-[15px] type-body">
          <strong>Not scaled yet:</strong> {scaling.waitingFor.map((p) => p.name).join(", ")}
        </p>
      ) : null}
      {powers.chair ? <ChairScaling child={child} /> : null}
      {powers.professional && open ? <MyScale child={child} mine={mine} /> : null}
      {powers.register && open ? <ScaleFor child={child} people={people} /> : null}
    </section>
  );
}

function MyScale({
  child,
  mine,
}: {
  child: ChildEntry;
  mine: ChildEntry["scaling"]["entries"][number] | null;
}) {
  const cmd = useChildCommand();
  // Open until the first scale is given; then it stays as the person leaves it (and shows "Saved").
  const [startOpen] = useState(!mine);
  return (
    <details className="mb-[15px]" open={startOpen}>
      <summary className={SUMMARY}>
        {mine ? "Change my scale" : "Give my scale"}
        <span className="sr-only"> for {child.name}</span>
      </summary>
      <ScaleForm
        id={`my-scale-${child.id}`}
        label={`My scale for ${child.name}`}
        legend={`How safe is ${child.name} today, from 0 to 10?`}
        reasonLabel="Why this number?"
        submit={mine ? "Change my scale" : "Give my scale"}
        initial={mine}
        busy={cmd.busy}
        refusal={cmd.refusal}
        onSubmit={async (score, reason) =>
          (await cmd.run({ type: "scaling.set", childId: child.id, score, reason })).ok
        }
      />
    </details>
  );
}

/** Someone in the room who gives a scale: a professional or a family member. */
function givesScale(p: ParticipantEntry): boolean {
  return p.presence === "in_room" && (isProfessionalRole(p.role) || isFamilyRole(p.role));
}

function ScaleFor({ child, people }: { child: ChildEntry; people: Record<string, ParticipantEntry> }) {
  const cmd = useChildCommand();
  const present = Object.values(people)
    .filter(givesScale)
    .sort((a, b) => a.name.localeCompare(b.name));
  const [who, setWho] = useState("");
  const [whoError, setWhoError] = useState<string | undefined>();
  const entry = child.scaling.entries.find((e) => e.id === who) ?? null;
  const id = `scale-for-${child.id}`;
  if (present.length === 0) return null;
  return (
    <details className="mb-[15px]">
      <summary className={SUMMARY}>
        Enter a scale for someone in the room<span className="sr-only"> ({child.name})</span>
      </summary>
      <ScaleForm
        key={who}
        id={id}
        label={`Enter a scale for someone in the room, ${child.name}`}
        legend={`How safe do they say ${child.name} is today, from 0 to 10?`}
        reasonLabel="Their reason, as they gave it"
        submit="Enter this scale"
        initial={entry}
        busy={cmd.busy}
        refusal={cmd.refusal}
        before={
          <Select
            id={`${id}-who`}
            label="Whose scale"
            value={who}
            onChange={(v) => {
              setWho(v);
              setWhoError(undefined);
              cmd.clear();
            }}
            placeholder="Choose someone in the room"
            options={present.map((p) => ({ value: p.id, label: personWords(p) }))}
            error={whoError}
          />
        }
        onSubmit={async (score, reason) => {
          if (!who) {
            setWhoError("Choose whose scale this is");
            return false;
          }
          return (
            await cmd.run({ type: "scaling.setFor", childId: child.id, participantId: who, score, reason })
          ).ok;
        }}
      />
    </details>
  );
}

function ChairScaling({ child }: { child: ChildEntry }) {
  const toggle = useChildCommand();
  const share = useChildCommand();
  const { scaling } = child;
  const open = scaling.status === "open";
  const sharedNow = scaling.entries.filter((e) => e.shared).map((e) => e.id);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [youngPeople, setYoungPeople] = useState<boolean | null>(null);
  const [done, setDone] = useState(false);
  const selected = chosen ?? sharedNow;
  const young = youngPeople ?? scaling.sharedWithYoungPeople;
  const id = `share-${child.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const ack = await share.run({
      type: "scaling.share",
      childId: child.id,
      participantIds: selected,
      youngPeople: young,
    });
    if (ack.ok) {
      setChosen(null);
      setYoungPeople(null);
      setDone(true);
    }
  };
  return (
    <div className="mb-[15px] border-l-[5px] border-border pl-[10px]">
      <Button
        variant={open ? "primary" : "secondary"}
        disabled={toggle.busy}
        onClick={() =>
          void toggle.run({ type: open ? "scaling.close" : "scaling.reopen", childId: child.id })
        }
      >
        {open ? "Close scaling" : "Reopen scaling"}
        <span className="sr-only"> for {child.name}</span>
      </Button>
      <CommandError text={toggle.refusal?.text ?? null} />
      {scaling.entries.length > 0 ? (
        <form
          onSubmit={submit}
          noValidate
          className="mt-[15px]"
          aria-label={`Share scales with the family, ${child.name}`}
        >
          <Checkboxes
            id={id}
            legend="Which scales does the family see?"
            hint="A scale that changes after you share it is not shown until you share it again."
            values={selected}
            onChange={(v) => {
              setChosen(v);
              setDone(false);
            }}
            choices={scaling.entries.map((e) => ({
              value: e.id,
              label: `${e.name}: ${e.score}`,
              hint: roleWords(e),
            }))}
          />
          <Checkbox
            id={`${id}-young`}
            label="Young people see the shared scales too"
            checked={young}
            onChange={(v) => {
              setYoungPeople(v);
              setDone(false);
            }}
          />
          <CommandError text={share.refusal?.text ?? null} />
          {done ? (
            <p role="status" className="mb-[15px] type-body font-bold">
              The family now sees the scales you chose.
            </p>
          ) : null}
          <Button type="submit" variant="secondary" disabled={share.busy}>
            Share these scales<span className="sr-only"> for {child.name}</span>
          </Button>
        </form>
      ) : null}
    </div>
  );
}
