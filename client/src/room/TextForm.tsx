import { type FormEvent, useId, useState } from "react";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import { Button } from "../components/Button";
import { CharacterCount, countInfoId } from "../components/CharacterCount";

/**
 * A small form with one text field: a message, a warning, a reason. Submitting an empty field
 * says what to enter (GOV.UK error message) instead of sending; the field clears after success.
 * The field counts against the server's limit (`max`, from shared/) and is never cut short; over
 * the limit the form says so ("The message must be 1,000 characters or fewer") instead of sending.
 */
export function TextForm({
  label,
  submit,
  onSubmit,
  onCancel,
  variant = "primary",
  error,
  busy,
  multiline = false,
  emptyError,
  max,
  subject,
}: {
  label: string;
  submit: string;
  onSubmit: (text: string) => Promise<boolean>;
  onCancel?: () => void;
  variant?: "primary" | "secondary" | "warning";
  error?: string | null;
  busy?: boolean;
  multiline?: boolean;
  emptyError: string;
  /** The longest text the command takes (TEXT_LIMITS in shared/protocol.ts). */
  max: number;
  /** What the text is, to name it in the error: "The message", "The reason". */
  subject: string;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const shown = invalid ?? error ?? null;
  const handle = async (event: FormEvent) => {
    event.preventDefault();
    const problem = !text.trim() ? emptyError : isTooLong(text, max) ? tooLongError(subject, max) : null;
    setInvalid(problem);
    if (problem) return;
    if (await onSubmit(text.trim())) setText("");
  };
  const fieldClass = `block w-full rounded-none border-2 bg-white px-[5px] type-body ${shown ? "border-error" : "border-input-border"}`;
  const described = [shown ? `${id}-error` : "", countInfoId(id)].filter(Boolean).join(" ");
  return (
    <form
      onSubmit={handle}
      noValidate
      className={`my-[10px] ${shown ? "border-l-[5px] border-error pl-[10px]" : ""}`}
    >
      <label htmlFor={id} className="mb-[5px] block type-body font-bold">
        {label}
      </label>
      {shown ? (
        <p id={`${id}-error`} className="mb-[10px] type-body font-bold text-error">
          <span className="sr-only">Error: </span>
          {shown}
        </p>
      ) : null}
      {multiline ? (
        <textarea
          id={id}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={described}
          aria-invalid={shown ? true : undefined}
          className={fieldClass}
        />
      ) : (
        <input
          id={id}
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={described}
          aria-invalid={shown ? true : undefined}
          className={`h-10 ${fieldClass}`}
        />
      )}
      <CharacterCount id={id} value={text} max={max} />
      <div className="mt-[10px] flex flex-wrap gap-3">
        <Button type="submit" variant={variant} disabled={busy}>
          {submit}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
