import type { ReactNode } from "react";

/** Key facts as a description list: the key in bold, the value beside it (stacked on a phone). */
export function SummaryList({ rows }: { rows: { key: string; value: ReactNode }[] }) {
  return (
    <dl className="mb-5 type-body tablet:mb-[30px] tablet:table tablet:w-full tablet:table-fixed">
      {rows.map((r) => (
        <div key={r.key} className="mb-[15px] border-b border-border tablet:mb-0 tablet:table-row">
          <dt className="mb-[5px] font-bold tablet:table-cell tablet:w-[30%] tablet:py-[10px] tablet:pr-5">
            {r.key}
          </dt>
          <dd className="mb-[15px] tablet:table-cell tablet:py-[10px]">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
