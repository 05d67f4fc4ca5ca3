import type { InputHTMLAttributes, ReactNode } from "react";
import { CharacterCount, countInfoId } from "./CharacterCount";
import { describedBy, ErrorMessage, FormGroup, Hint, Label } from "./FormGroup";

type Width = "full" | "30" | "20" | "10" | "5";
const WIDTHS: Record<Width, string> = {
  full: "w-full",
  30: "w-full tablet:max-w-[59ex]",
  20: "w-full tablet:max-w-[41ex]",
  10: "w-full max-w-[23ex]",
  5: "w-full max-w-[10.8ex]",
};

export interface TextInputProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "value"> {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: ReactNode;
  width?: Width;
  labelSize?: "l" | "m" | "s";
  /** With a limit, the GOV.UK character count under the input (never `maxLength`: nothing is cut). */
  max?: number;
}

/** The classes of a text-like input; exported for controls laid out side by side (date and time). */
export function inputClass(error: unknown, width: Width = "full"): string {
  return `block h-10 rounded-none border-2 bg-white px-[5px] type-body ${WIDTHS[width]} ${error ? "border-error" : "border-input-border"}`;
}

/**
 * A text input with its label, an optional hint and an error message linked by aria-describedby;
 * with `max`, a character count (the form refuses to send while it is over).
 */
export function TextInput({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  width = "full",
  labelSize,
  type = "text",
  className = "",
  max,
  ...rest
}: TextInputProps) {
  const d = describedBy(id, hint, error, max === undefined ? undefined : countInfoId(id));
  return (
    <FormGroup error={error}>
      <Label htmlFor={id} size={labelSize}>
        {label}
      </Label>
      {hint ? <Hint id={id}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={d.describedBy}
        aria-invalid={d.invalid || undefined}
        className={`${inputClass(error, width)} ${className}`}
        {...rest}
      />
      {max === undefined ? null : <CharacterCount id={id} value={value} max={max} />}
    </FormGroup>
  );
}
