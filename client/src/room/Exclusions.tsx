import { type FormEvent, useId, useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { EXCLUSION_GROUND_LABEL, EXCLUSION_GROUNDS, type ExclusionGround } from "../../../shared/room";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import type { ContentEntry, ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { CharacterCount, countInfoId } from "../components/CharacterCount";
import { Tag } from "../components/Tag";
import { CommandError } from "./CommandError";
import { ItemSummary } from "./ItemSummary";
import { RoomPanel } from "./Panel";
import { useCommand } from "./useCommand";
import { type ExclusionEntry, useFamilyMembers, useRunningExclusions } from "./useFamilyData";
import { useContent, useParticipants } from "./useRoomData";

const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
});
const small = "min-h-9 px-2 py-1 type-small";

/** "Jo Example, with Ava Advocate": the people who go out with a family member. */
function withThem(person: ParticipantEntry | undefined, all: Record<string, ParticipantEntry>): string {
  if (!person) return "a family member";
  const attached = Object.values(all).filter((p) => p.supports === person.id);
  return attached.length === 0
    ? person.name
    : `${person.name}, with ${attached.map((p) => p.name).join(" and ")}`;
}

function Running({ exclusion, all }: { exclusion: ExclusionEntry; all: Record<string, ParticipantEntry> }) {
  const cmd = useCommand();
  const person = all[exclusion.participantId];
  const name = person?.name ?? "the family member";
  return (
    <li className="border-b border-border py-[10px]">
      <p className="type-body font-bold">{withThem(person, all)}</p>
      <p className="type-small">
        Out since {clock.format(exclusion.startAt)}
        {exclusion.planned ? " (decided before the meeting)" : ""}
      </p>
      <p className="mt-[3px] type-small text-secondary">{exclusion.groundLabel}</p>
      <p className="mt-[3px] type-small">Note: {exclusion.note}</p>
      <Button
        className={`mt-[5px] ${small}`}
        disabled={cmd.busy}
        onClick={() => void cmd.run({ type: "exclusion.end", participantId: exclusion.participantId })}
      >
        Bring {name} back
      </Button>
      <CommandError text={cmd.error} />
    </li>
  );
}

/** Items held from one family member since an exclusion: release each, or all. */
function Held({ person, items }: { person: ParticipantEntry; items: ContentEntry[] }) {
  const cmd = useCommand();
  const release = (contentIds: string[] | "all") =>
    void cmd.run({ type: "exclusion.release", participantId: person.id, contentIds });
  return (
    <div className="mb-[15px]">
      <h3 className="mb-[5px] type-body font-bold">
        Held from {person.name} ({items.length})
      </h3>
      <ul aria-label={`Held from ${person.name}`}>
        {items.map((e) => (
          <li
            key={e.id}
            className="flex flex-wrap items-start justify-between gap-2 border-b border-border py-[5px]"
          >
            <ItemSummary entry={e} />
            <Button variant="secondary" className={small} disabled={cmd.busy} onClick={() => release([e.id])}>
              Release<span className="sr-only"> to {person.name}</span>
            </Button>
          </li>
        ))}
      </ul>
      {items.length > 1 ? (
        <Button
          variant="secondary"
          className={`mt-[5px] ${small}`}
          disabled={cmd.busy}
          onClick={() => release("all")}
        >
          Release all to {person.name}
        </Button>
      ) : null}
      <CommandError text={cmd.error} />
    </div>
  );
}

/** Exclude a family member (with the people with them) on a ground from `001` 7.6.3, with a note. */
function ExclusionForm({ candidates }: { candidates: ParticipantEntry[] }) {
  const id = useId();
  const cmd = useCommand();
  const [who, setWho] = useState("");
  const [ground, setGround] = useState<ExclusionGround | "">("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ who?: string; ground?: string; note?: string }>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      ...(who ? {} : { who: "Choose who is to leave the meeting" }),
      ...(ground ? {} : { ground: "Choose the reason" }),
      ...(!note.trim()
        ? { note: "Write a note for the record" }
        : isTooLong(note, TEXT_LIMITS.note)
          ? { note: tooLongError("The note", TEXT_LIMITS.note) }
          : {}),
    };
    setErrors(next);
    if (!ground || Object.keys(next).length > 0) return;
    const ack = await cmd.run({ type: "exclusion.start", participantId: who, ground, note: note.trim() });
    if (ack.ok) {
      setWho("");
      setGround("");
      setNote("");
    }
  };
  const errorLine = (key: keyof typeof errors) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="mb-[5px] type-body font-bold text-error">
        <span className="sr-only">Error: </span>
        {errors[key]}
      </p>
    ) : null;
  return (
    <details className="mt-[10px]">
      <summary className="cursor-pointer type-body text-link underline focus-visible:bg-focus focus-visible:text-ink focus-visible:outline-3 focus-visible:outline-transparent">
        Exclude a family member
      </summary>
      <form onSubmit={submit} noValidate className="mt-[10px] border-l-[5px] border-border pl-[10px]">
        <label htmlFor={`${id}-who`} className="mb-[5px] block type-body font-bold">
          Who is to leave the meeting
        </label>
        {errorLine("who")}
        <select
          id={`${id}-who`}
          value={who}
          onChange={(e) => setWho(e.target.value)}
          aria-describedby={errors.who ? `${id}-who-error` : undefined}
          className="mb-[10px] block h-10 w-full border-2 border-input-border bg-white px-[5px] type-body"
        >
          <option value="">Choose a family member</option>
          {candidates.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <fieldset aria-describedby={errors.ground ? `${id}-ground-error` : undefined}>
          <legend className="mb-[5px] type-body font-bold">Reason (the local procedures' grounds)</legend>
          {errorLine("ground")}
          {EXCLUSION_GROUNDS.map((g) => (
            <div key={g} className="flex items-start gap-2 py-[3px]">
              <input
                id={`${id}-${g}`}
                type="radio"
                name={`${id}-ground`}
                className="mt-[2px] size-6 shrink-0 accent-ink"
                checked={ground === g}
                onChange={() => setGround(g)}
              />
              <label htmlFor={`${id}-${g}`} className="type-small">
                {EXCLUSION_GROUND_LABEL[g]}
              </label>
            </div>
          ))}
        </fieldset>
        <label htmlFor={`${id}-note`} className="mt-[10px] mb-[5px] block type-body font-bold">
          Note for the record
        </label>
        {errorLine("note")}
        <textarea
          id={`${id}-note`}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-describedby={`${errors.note ? `${id}-note-error ` : ""}${countInfoId(`${id}-note`)}`}
          aria-invalid={errors.note ? true : undefined}
          className={`block w-full border-2 bg-white px-[5px] type-body ${errors.note ? "border-error" : "border-input-border"}`}
        />
        <CharacterCount id={`${id}-note`} value={note} max={TEXT_LIMITS.note} />
        <CommandError text={cmd.error} />
        <Button type="submit" variant="warning" className="mt-[10px]" disabled={cmd.busy}>
          Exclude
        </Button>
      </form>
    </details>
  );
}

/**
 * Exclusion periods (`001` 7.6): who is out now, on what ground, since when; bring them back; what
 * is held from each family member since, released item by item or all at once; exclude someone.
 */
export function Exclusions() {
  const all = useParticipants();
  const running = useRunningExclusions();
  const family = useFamilyMembers();
  const content = Object.values(useContent()).filter((e) => !e.removed);
  const out = new Set(running.map((e) => e.participantId));
  const held = family
    .map((p) => ({
      person: p,
      items: content.filter((e) => e.heldFrom.includes(p.id)).sort((a, b) => a.position - b.position),
    }))
    .filter((h) => h.items.length > 0);
  return (
    <RoomPanel id="exclusions-title" title={`Out of the meeting (${running.length})`}>
      {running.length === 0 ? (
        <p className="type-body text-secondary">Every family member who came is in the meeting.</p>
      ) : (
        <ul aria-labelledby="exclusions-title">
          {running.map((e) => (
            <Running key={e.id} exclusion={e} all={all} />
          ))}
        </ul>
      )}
      {held.length > 0 ? (
        <div className="mt-[15px]">
          <p className="mb-[10px] type-small">
            <Tag colour="yellow">Held</Tag> Made or changed while they were out: they see it only when you
            release it.
          </p>
          {held.map((h) => (
            <Held key={h.person.id} person={h.person} items={h.items} />
          ))}
        </div>
      ) : null}
      <ExclusionForm candidates={family.filter((p) => !out.has(p.id))} />
    </RoomPanel>
  );
}
