import { type FormEvent, useId, useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import { Button } from "../components/Button";
import { CharacterCount, countInfoId } from "../components/CharacterCount";
import { CommandError } from "./CommandError";
import { RoomPanel } from "./Panel";
import { useCommand } from "./useCommand";
import { useFamilyMembers, useRunningExclusions } from "./useFamilyData";

/**
 * A split conference (`001` 7.6.3, `003` std 4): the chair runs the meeting in parts, each with some
 * family members present — the mother, then the father. Starting a part sends everyone else in the
 * family out (with the people with them); what each side says never reaches the other side.
 */
export function SplitConference() {
  const id = useId();
  const family = useFamilyMembers();
  const running = useRunningExclusions();
  const part = useCommand();
  const end = useCommand();
  const [present, setPresent] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ present?: string; note?: string }>({});
  const apart = running.filter((e) => e.ground === "family_conflict").map((e) => e.participantId);
  const split = apart.length > 0;
  const inPart = family.filter((p) => !running.some((e) => e.participantId === p.id));
  if (family.length < 2) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      ...(present.length === 0 ? { present: "Choose who is in this part" } : {}),
      ...(present.length === family.length
        ? { present: "Leave at least one family member out of this part" }
        : {}),
      ...(!note.trim()
        ? { note: "Write a note for the record" }
        : isTooLong(note, TEXT_LIMITS.note)
          ? { note: tooLongError("The note", TEXT_LIMITS.note) }
          : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const ack = await part.run({ type: "split.part", present, note: note.trim() });
    if (ack.ok) setPresent([]);
  };
  const err = (key: "present" | "note") =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="mb-[5px] type-body font-bold text-error">
        <span className="sr-only">Error: </span>
        {errors[key]}
      </p>
    ) : null;
  return (
    <RoomPanel id="split-title" title="Split conference">
      <p className="mb-[10px] type-body" aria-live="polite" data-testid="split-status">
        {split
          ? `In this part: ${inPart.map((p) => p.name).join(", ") || "no family member"}.`
          : "Family members attend together."}
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset aria-describedby={errors.present ? `${id}-present-error` : undefined}>
          <legend className="mb-[5px] type-body font-bold">
            {split ? "Next part: who is in it" : "Start a part with"}
          </legend>
          {err("present")}
          {family.map((p) => (
            <div key={p.id} className="flex items-center gap-2 py-[3px]">
              <input
                id={`${id}-${p.id}`}
                type="checkbox"
                className="size-6 shrink-0 accent-ink"
                checked={present.includes(p.id)}
                onChange={(e) =>
                  setPresent(e.target.checked ? [...present, p.id] : present.filter((x) => x !== p.id))
                }
              />
              <label htmlFor={`${id}-${p.id}`} className="type-body">
                {p.name}
              </label>
            </div>
          ))}
        </fieldset>
        <label htmlFor={`${id}-note`} className="mt-[10px] mb-[5px] block type-body font-bold">
          Why the conference is split (for the record)
        </label>
        {err("note")}
        <input
          id={`${id}-note`}
          type="text"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-describedby={`${errors.note ? `${id}-note-error ` : ""}${countInfoId(`${id}-note`)}`}
          aria-invalid={errors.note ? true : undefined}
          className={`block h-10 w-full border-2 bg-white px-[5px] type-body ${errors.note ? "border-error" : "border-input-border"}`}
        />
        <CharacterCount id={`${id}-note`} value={note} max={TEXT_LIMITS.note} />
        <CommandError text={part.error} />
        <Button type="submit" className="mt-[10px]" disabled={part.busy}>
          Start this part
        </Button>
      </form>
      {split ? (
        <div className="mt-[10px]">
          <Button variant="secondary" disabled={end.busy} onClick={() => void end.run({ type: "split.end" })}>
            Bring everyone back together
          </Button>
          <CommandError text={end.error} />
        </div>
      ) : null}
    </RoomPanel>
  );
}
