import type { ReactNode } from "react";

/** The green confirmation panel at the top of a page that confirms something is done. */
export function Panel({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="mb-[15px] bg-success p-[25px] text-center text-white tablet:p-[35px]">
      <h1 className="type-xl">{title}</h1>
      {children ? <div className="mt-[15px] type-lead">{children}</div> : null}
    </div>
  );
}
