import { type MouseEvent, useEffect, useRef } from "react";

export interface ErrorItem {
  /** The id of the control to move to; without one the item is plain text. */
  fieldId?: string;
  text: string;
}

/**
 * "There is a problem": the list of what to fix at the top of a page. It takes focus when it
 * appears (and whenever its list changes) so a screen reader reads it at once, and each item links
 * to its control, focusing it and bringing its label into view.
 */
export function ErrorSummary({
  errors,
  title = "There is a problem",
}: {
  errors: ErrorItem[];
  title?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors.map((e) => `${e.fieldId ?? ""}:${e.text}`).join("|");
  // biome-ignore lint/correctness/useExhaustiveDependencies: refocus only when the list of errors changes
  useEffect(() => {
    ref.current?.focus();
  }, [signature]);

  const goTo = (event: MouseEvent<HTMLAnchorElement>, fieldId: string) => {
    const field = document.getElementById(fieldId);
    if (!field) return;
    event.preventDefault();
    const label =
      document.querySelector(`label[for="${CSS.escape(fieldId)}"]`) ??
      field.closest("fieldset")?.querySelector("legend");
    (label ?? field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  };

  return (
    <div
      ref={ref}
      tabIndex={-1}
      className="focus-box mb-[30px] border-[5px] border-error p-[15px] tablet:mb-[50px] tablet:p-5"
      aria-labelledby="error-summary-title"
      role="alert"
    >
      <h2 id="error-summary-title" className="mb-[15px] type-m tablet:mb-5">
        {title}
      </h2>
      <ul className="space-y-[5px]">
        {errors.map((e) => (
          <li key={`${e.fieldId ?? ""}:${e.text}`} className="type-body">
            {e.fieldId ? (
              <a
                href={`#${e.fieldId}`}
                onClick={(event) => goTo(event, e.fieldId!)}
                className="font-bold text-error hover:text-[#942514]"
              >
                {e.text}
              </a>
            ) : (
              <span className="font-bold text-error">{e.text}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
