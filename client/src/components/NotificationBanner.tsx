import { type ReactNode, useEffect, useId, useRef } from "react";

/**
 * A banner for news about the page: "important" (blue) for something to know, "success" (green)
 * after an action worked. A success banner is announced and, when `focus` is set, takes focus.
 */
export function NotificationBanner({
  variant = "important",
  title,
  heading,
  children,
  focus = false,
}: {
  variant?: "important" | "success";
  title?: string;
  heading?: ReactNode;
  children?: ReactNode;
  focus?: boolean;
}) {
  const ref = useRef<HTMLElement & HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  const colour = variant === "success" ? "border-success bg-success" : "border-brand bg-brand";
  const className = `focus-box mb-[30px] border-[5px] tablet:mb-[50px] ${colour}`;
  const content = (
    <>
      <div className="px-[10px] pt-[2px] pb-[5px] tablet:px-[15px]">
        <h2 id={titleId} className="type-body font-bold text-white">
          {title ?? (variant === "success" ? "Success" : "Important")}
        </h2>
      </div>
      <div className="bg-white px-[10px] py-[15px] tablet:p-[15px]">
        {heading ? <p className="mb-[15px] type-m last:mb-0">{heading}</p> : null}
        {children}
      </div>
    </>
  );
  // Success is announced as it appears; "important" is a labelled region read in page order.
  return variant === "success" ? (
    <div ref={ref} tabIndex={-1} role="alert" className={className}>
      {content}
    </div>
  ) : (
    <section ref={ref} tabIndex={-1} aria-labelledby={titleId} className={className}>
      {content}
    </section>
  );
}
