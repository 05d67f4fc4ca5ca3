import { type FormEvent, useId, useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import type { ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { CharacterCount, countInfoId } from "../components/CharacterCount";
import { CommandError } from "./CommandError";
import { useCommand } from "./useCommand";

/** Withhold an item from named family members, with the reason the record keeps. */
export function WithholdForm({
  contentId,
  family,
  onDone,
}: {
  contentId: string;
  family: ParticipantEntry[];
  onDone: () => void;
}) {
  const id = useId();
  const cmd = useCommand();
  const [from, setFrom] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ from?: string; reason?: string }>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      ...(from.length === 0 ? { from: "Choose who to withhold this from" } : {}),
      ...(!reason.trim()
        ? { reason: "Enter the reason for withholding it" }
        : isTooLong(reason, TEXT_LIMITS.reason)
          ? { reason: tooLongError("The reason", TEXT_LIMITS.reason) }
          : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const ack = await cmd.run({ type: "content.withhold", contentId, from, reason: reason.trim() });
    if (ack.ok) onDone();
  };
  return (
    <form onSubmit={submit} noValidate className="my-[10px] border-l-[5px] border-border pl-[10px]">
      <fieldset aria-describedby={errors.from ? `${id}-from-error` : undefined}>
        <legend className="mb-[5px] type-body font-bold">Withhold from</legend>
        {errors.from ? (
          <p id={`${id}-from-error`} className="mb-[5px] type-body font-bold text-error">
            <span className="sr-only">Error: </span>
            {errors.from}
          </p>
        ) : null}
        {family.map((p) => (
          <div key={p.id} className="flex items-center gap-2 py-[3px]">
            <input
              id={`${id}-${p.id}`}
              type="checkbox"
              className="size-6 accent-ink"
              checked={from.includes(p.id)}
              onChange={(e) => setFrom(e.target.checked ? [...from, p.id] : from.filter((x) => x !== p.id))}
            />
            <label htmlFor={`${id}-${p.id}`} className="type-body">
              {p.name}
            </label>
          </div>
        ))}
      </fieldset>
      <label htmlFor={`${id}-reason`} className="mt-[10px] mb-[5px] block type-body font-bold">
        Reason
      </label>
      {errors.reason ? (
        <p id={`${id}-reason-error`} className="mb-[5px] type-body font-bold text-error">
          <span className="sr-only">Error: </span>
          {errors.reason}
        </p>
      ) : null}
      <input
        id={`${id}-reason`}
        type="text"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-describedby={`${errors.reason ? `${id}-reason-error ` : ""}${countInfoId(`${id}-reason`)}`}
        aria-invalid={errors.reason ? true : undefined}
        className={`block h-10 w-full border-2 px-[5px] type-body ${errors.reason ? "border-error" : "border-input-border"}`}
      />
      <CharacterCount id={`${id}-reason`} value={reason} max={TEXT_LIMITS.reason} />
      <CommandError text={cmd.error} />
      <div className="mt-[10px] flex flex-wrap gap-2">
        <Button type="submit" variant="warning" disabled={cmd.busy}>
          Withhold
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
