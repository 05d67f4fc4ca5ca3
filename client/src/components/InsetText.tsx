import type { ReactNode } from "react";

/** Text set apart with a grey bar: a note the reader should not miss. */
export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="my-5 border-l-[10px] border-border p-[15px] type-body tablet:my-[30px]">{children}</div>
  );
}

/** A warning in bold with an exclamation mark; the word "Warning" is read out. */
export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="mb-5 flex items-start gap-[15px] py-[10px] tablet:mb-[30px]">
      <span
        aria-hidden="true"
        className="inline-flex size-[35px] shrink-0 items-center justify-center rounded-full bg-ink text-[1.875rem] leading-none font-bold text-white"
      >
        !
      </span>
      <strong className="pt-[5px] type-body font-bold">
        <span className="sr-only">Warning: </span>
        {children}
      </strong>
    </div>
  );
}
