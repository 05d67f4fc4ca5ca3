import { type FormEvent, useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import { Button } from "../components/Button";
import { CharacterCount, countInfoId } from "../components/CharacterCount";
import { CommandError } from "./CommandError";
import { CONTRIBUTION_AREAS, type ContributionArea } from "./familyWords";
import { useCommand } from "./useCommand";

const MAX = TEXT_LIMITS.contribution;

/**
 * "Add what you think": a family member's own words for the mapping, seen by professionals first.
 * The box counts down to the limit and takes everything typed or pasted; over it, nothing is sent.
 */
export function Contribute() {
  const cmd = useCommand();
  const [area, setArea] = useState<ContributionArea | "">("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<{ area?: string; text?: string }>({});
  const [sent, setSent] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      ...(area ? {} : { area: "Choose what you want to add to" }),
      ...(!text.trim()
        ? { text: "Write what you think" }
        : isTooLong(text, MAX)
          ? { text: tooLongError("Your contribution", MAX) }
          : {}),
    };
    setErrors(next);
    setSent(false);
    if (!area || Object.keys(next).length > 0) return;
    const ack = await cmd.run({ type: "family.contribute", area, text: text.trim() });
    if (ack.ok) {
      setText("");
      setArea("");
      setSent(true);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className={`mb-[20px] ${errors.area ? "border-l-[5px] border-error pl-[10px]" : ""}`}>
        <fieldset aria-describedby={errors.area ? "contribute-area-error" : undefined}>
          <legend className="mb-[10px] type-s">What do you want to add to?</legend>
          {errors.area ? (
            <p id="contribute-area-error" className="mb-[10px] type-body font-bold text-error">
              <span className="sr-only">Error: </span>
              {errors.area}
            </p>
          ) : null}
          {CONTRIBUTION_AREAS.map((a) => (
            <div key={a.value} className="mb-[10px] flex items-center gap-3">
              <input
                id={`contribute-${a.value}`}
                type="radio"
                name="contribute-area"
                value={a.value}
                checked={area === a.value}
                onChange={() => setArea(a.value)}
                className="size-8 shrink-0 accent-ink"
              />
              <label htmlFor={`contribute-${a.value}`} className="type-body">
                {a.label}
              </label>
            </div>
          ))}
        </fieldset>
      </div>
      <div className={`mb-[20px] ${errors.text ? "border-l-[5px] border-error pl-[10px]" : ""}`}>
        <label htmlFor="contribute-text" className="mb-[5px] block type-s">
          What you think
        </label>
        {errors.text ? (
          <p id="contribute-text-error" className="mb-[10px] type-body font-bold text-error">
            <span className="sr-only">Error: </span>
            {errors.text}
          </p>
        ) : null}
        <textarea
          id="contribute-text"
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={`${errors.text ? "contribute-text-error " : ""}${countInfoId("contribute-text")}`}
          aria-invalid={errors.text ? true : undefined}
          className={`block w-full border-2 p-[5px] type-body ${errors.text ? "border-error" : "border-input-border"}`}
        />
        <CharacterCount id="contribute-text" value={text} max={MAX} />
      </div>
      <CommandError text={cmd.error} />
      {sent ? (
        <p role="status" className="mb-[15px] type-body font-bold">
          Thank you. The professionals can now see what you wrote.
        </p>
      ) : null}
      <Button type="submit" disabled={cmd.busy}>
        Add what I think
      </Button>
    </form>
  );
}
