import type { ReactNode } from "react";

/** The ids a control points its `aria-describedby` at, and whether it is in error. */
export interface Described {
  describedBy: string | undefined;
  invalid: boolean;
}

export function describedBy(id: string, hint: ReactNode, error: ReactNode, extra?: string): Described {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : "", extra ?? ""].filter(Boolean);
  return { describedBy: ids.length > 0 ? ids.join(" ") : undefined, invalid: Boolean(error) };
}

/** A form group: a red bar down the left when in error, as in GOV.UK Frontend. */
export function FormGroup({
  error,
  children,
  className = "",
}: {
  error?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={`mb-5 tablet:mb-[30px] ${error ? "border-l-[5px] border-error pl-[10px] tablet:pl-[15px]" : ""} ${className}`}
    >
      {children}
    </div>
  );
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div id={`${id}-hint`} className="mb-[15px] type-body text-secondary">
      {children}
    </div>
  );
}

/** The error message above a control; "Error:" is read out but not shown. */
export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={`${id}-error`} className="mb-[15px] type-body font-bold text-error">
      <span className="sr-only">Error: </span>
      {children}
    </p>
  );
}

export function Label({
  htmlFor,
  children,
  size,
}: {
  htmlFor: string;
  children: ReactNode;
  /** A label that is also the page's heading gets a heading size. */
  size?: "l" | "m" | "s";
}) {
  const cls = size ? `type-${size} mb-[15px]` : "type-body mb-[5px]";
  return (
    <label htmlFor={htmlFor} className={`block ${cls}`}>
      {children}
    </label>
  );
}
