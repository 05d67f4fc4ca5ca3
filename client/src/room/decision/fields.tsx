import type { ReactNode } from "react";
import { CharacterCount, countInfoId } from "../../components/CharacterCount";
import { describedBy, ErrorMessage, FormGroup, Hint } from "../../components/FormGroup";

/**
 * Form fields the decision workspace needs beyond client/src/components: radios, a group of
 * checkboxes, a text area and the 0-10 safety scale. GOV.UK patterns: a fieldset with a legend, the
 * hint and the error message linked by aria-describedby, a red bar when in error, 24px+ targets.
 */

/** A `<summary>` that reads as a link, with the GOV.UK focus style. */
export const SUMMARY =
  "cursor-pointer type-body text-link underline focus-visible:bg-focus focus-visible:text-ink " +
  "focus-visible:no-underline focus-visible:outline-3 focus-visible:outline-transparent " +
  "focus-visible:shadow-[0_-2px_var(--color-focus),0_4px_var(--color-ink)]";

export interface Choice<V extends string> {
  value: V;
  label: ReactNode;
  hint?: ReactNode;
}

function Legend({ children, size }: { children: ReactNode; size?: "s" | "m" }) {
  return <legend className={`mb-[10px] ${size ? `type-${size}` : "type-body font-bold"}`}>{children}</legend>;
}

/** A set of radios; the id of the first radio is `id` so an error summary can link to it. */
export function Radios<V extends string>({
  id,
  legend,
  legendSize,
  value,
  onChange,
  choices,
  hint,
  error,
  inline = false,
}: {
  id: string;
  legend: ReactNode;
  legendSize?: "s" | "m";
  value: V | "";
  onChange: (value: V) => void;
  choices: readonly Choice<V>[];
  hint?: ReactNode;
  error?: ReactNode;
  inline?: boolean;
}) {
  const d = describedBy(id, hint, error);
  return (
    <FormGroup error={error}>
      <fieldset aria-describedby={d.describedBy}>
        <Legend size={legendSize}>{legend}</Legend>
        {hint ? <Hint id={id}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
        <div className={inline ? "flex flex-wrap gap-x-5 gap-y-2" : "space-y-[10px]"}>
          {choices.map((c, i) => {
            const cid = i === 0 ? id : `${id}-${c.value}`;
            return (
              <div key={c.value} className="flex items-start gap-3">
                <input
                  id={cid}
                  type="radio"
                  name={id}
                  value={c.value}
                  checked={value === c.value}
                  onChange={() => onChange(c.value)}
                  aria-describedby={c.hint ? `${cid}-item-hint` : undefined}
                  className="mt-[2px] size-7 shrink-0 cursor-pointer accent-ink"
                />
                <div className="min-h-8 pt-[3px]">
                  <label htmlFor={cid} className="block cursor-pointer type-body">
                    {c.label}
                  </label>
                  {c.hint ? (
                    <div id={`${cid}-item-hint`} className="type-body text-secondary">
                      {c.hint}
                    </div>
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}

/** Several checkboxes under one question; the first box has `id`. */
export function Checkboxes<V extends string>({
  id,
  legend,
  values,
  onChange,
  choices,
  hint,
  error,
}: {
  id: string;
  legend: ReactNode;
  values: readonly V[];
  onChange: (values: V[]) => void;
  choices: readonly Choice<V>[];
  hint?: ReactNode;
  error?: ReactNode;
}) {
  const d = describedBy(id, hint, error);
  return (
    <FormGroup error={error}>
      <fieldset aria-describedby={d.describedBy}>
        <Legend>{legend}</Legend>
        {hint ? <Hint id={id}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
        <div className="space-y-[10px]">
          {choices.map((c, i) => {
            const cid = i === 0 ? id : `${id}-${c.value}`;
            return (
              <div key={c.value} className="flex items-start gap-3">
                <input
                  id={cid}
                  type="checkbox"
                  name={id}
                  value={c.value}
                  checked={values.includes(c.value)}
                  onChange={(e) =>
                    onChange(e.target.checked ? [...values, c.value] : values.filter((v) => v !== c.value))
                  }
                  className="mt-[2px] size-7 shrink-0 cursor-pointer accent-ink"
                />
                <div className="min-h-8 pt-[3px]">
                  <label htmlFor={cid} className="block cursor-pointer type-body">
                    {c.label}
                  </label>
                  {c.hint ? <div className="type-small text-secondary">{c.hint}</div> : null}
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}

/**
 * A text area; with `max`, the GOV.UK character count under it (the form refuses to send while it
 * is over: `isTooLong` and `tooLongError` from shared/textLimits.ts).
 */
export function TextArea({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  rows = 3,
  max,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: ReactNode;
  rows?: number;
  /** The longest text the command takes (TEXT_LIMITS, DECISION_LIMITS in shared/). */
  max?: number;
}) {
  const d = describedBy(id, hint, error, max === undefined ? undefined : countInfoId(id));
  return (
    <FormGroup error={error}>
      <label htmlFor={id} className="mb-[5px] block type-body font-bold">
        {label}
      </label>
      {hint ? <Hint id={id}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
      <textarea
        id={id}
        name={id}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={d.describedBy}
        aria-invalid={d.invalid || undefined}
        className={`block w-full rounded-none border-2 bg-white p-[5px] type-body ${error ? "border-error" : "border-input-border"}`}
      />
      {max === undefined ? null : <CharacterCount id={id} value={value} max={max} />}
    </FormGroup>
  );
}

const SCORES = Array.from({ length: 11 }, (_, i) => String(i));

/**
 * The safety scale, 0 to 10, as a row of radios that wraps on a phone (each target at least 44px
 * wide). The words at each end say what 0 and 10 mean.
 */
export function ScoreRadios({
  id,
  legend,
  value,
  onChange,
  error,
  zero = "0 means the children are not safe: things are so bad they cannot stay at home.",
  ten = "10 means the children are safe enough for the professionals to close the case.",
}: {
  id: string;
  legend: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  zero?: string;
  ten?: string;
}) {
  const hint = (
    <>
      <span className="block">{ten}</span>
      <span className="block">{zero}</span>
    </>
  );
  const d = describedBy(id, hint, error);
  return (
    <FormGroup error={error}>
      <fieldset aria-describedby={d.describedBy}>
        <Legend>{legend}</Legend>
        <Hint id={id}>{hint}</Hint>
        {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
        <div className="flex flex-wrap gap-2">
          {SCORES.map((s) => {
            const cid = s === "0" ? id : `${id}-${s}`;
            return (
              <div key={s} className="relative">
                <input
                  id={cid}
                  type="radio"
                  name={id}
                  value={s}
                  checked={value === s}
                  onChange={() => onChange(s)}
                  className="peer absolute inset-0 size-full cursor-pointer opacity-0"
                />
                <label
                  htmlFor={cid}
                  className="flex size-11 cursor-pointer items-center justify-center border-2 border-ink bg-white type-body font-bold peer-checked:bg-ink peer-checked:text-white peer-focus-visible:outline-3 peer-focus-visible:outline-offset-0 peer-focus-visible:outline-focus"
                >
                  {s}
                </label>
              </div>
            );
          })}
        </div>
        {value !== "" ? <p className="mt-[10px] type-body">Chosen: {value} out of 10</p> : null}
      </fieldset>
    </FormGroup>
  );
}
