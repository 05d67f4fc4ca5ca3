import type { ReactNode, SelectHTMLAttributes } from "react";
import { describedBy, ErrorMessage, FormGroup, Hint, Label } from "./FormGroup";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "onChange" | "value"> {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** A first, empty choice such as "Choose a role". */
  placeholder?: string;
  hint?: ReactNode;
  error?: ReactNode;
}

export function Select({
  id,
  label,
  value,
  onChange,
  options,
  placeholder,
  hint,
  error,
  className = "",
  ...rest
}: SelectProps) {
  const d = describedBy(id, hint, error);
  return (
    <FormGroup error={error}>
      <Label htmlFor={id}>{label}</Label>
      {hint ? <Hint id={id}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
      <select
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={d.describedBy}
        aria-invalid={d.invalid || undefined}
        className={
          "block h-10 max-w-full min-w-[11.5em] rounded-none border-2 bg-white px-[5px] type-body " +
          `${error ? "border-error" : "border-input-border"} ${className}`
        }
        {...rest}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
