import type { ReactNode } from "react";
import { describedBy, ErrorMessage, FormGroup } from "./FormGroup";

export interface CheckboxProps {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  error?: ReactNode;
}

/** One checkbox with its label beside it; the label is part of the target, so the whole line clicks. */
export function Checkbox({ id, label, checked, onChange, hint, error }: CheckboxProps) {
  const d = describedBy(id, hint, error);
  return (
    <FormGroup error={error}>
      {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
      <div className="flex items-start gap-3">
        <input
          id={id}
          name={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={d.describedBy}
          aria-invalid={d.invalid || undefined}
          className="mt-[2px] size-7 shrink-0 cursor-pointer accent-ink"
        />
        <div className="min-h-8 pt-[3px]">
          <label htmlFor={id} className="block cursor-pointer type-body">
            {label}
          </label>
          {hint ? (
            <div id={`${id}-hint`} className="type-body text-secondary">
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </FormGroup>
  );
}
