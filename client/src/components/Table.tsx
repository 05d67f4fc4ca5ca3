import type { ReactNode } from "react";

export interface TableRow {
  key: string;
  cells: ReactNode[];
}

const CELL = "border-b border-border py-[10px] pr-5 text-left align-top last:pr-0";
/**
 * On a phone each row becomes a block and each cell a line headed by its column name. Explicit
 * ARIA roles keep it a table for screen readers even though the CSS display changes, and the
 * visible column name is hidden from them (they announce the real header instead).
 */
const STACK = {
  table: "max-tablet:block",
  head: "max-tablet:sr-only",
  body: "max-tablet:block",
  row: "max-tablet:block max-tablet:border-b max-tablet:border-border max-tablet:py-[10px]",
  cell: "max-tablet:block max-tablet:border-0 max-tablet:py-[5px] max-tablet:pr-0",
};

/**
 * A data table with a caption and column headers; the first cell of each row is its row header.
 * `stack` lays rows out as blocks on a phone; otherwise a wide table scrolls sideways inside a
 * labelled region that can take focus, so a keyboard user can scroll it too.
 */
export function Table({
  caption,
  captionSize = "m",
  head,
  rows,
  stack = false,
}: {
  caption: string;
  captionSize?: "m" | "s";
  head: string[];
  rows: TableRow[];
  stack?: boolean;
}) {
  const s = (part: keyof typeof STACK) => (stack ? STACK[part] : "");
  const role = <R extends string>(r: R) => (stack ? r : undefined);
  const table = (
    <table role={role("table")} className={`mb-[30px] w-full border-collapse type-body ${s("table")}`}>
      <caption className={`mb-[15px] text-left type-${captionSize} ${stack ? "max-tablet:block" : ""}`}>
        {caption}
      </caption>
      <thead role={role("rowgroup")} className={s("head")}>
        <tr role={role("row")}>
          {head.map((h) => (
            <th key={h} role={role("columnheader")} scope="col" className={`${CELL} font-bold`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role={role("rowgroup")} className={s("body")}>
        {rows.map((row) => (
          <tr key={row.key} role={role("row")} className={s("row")}>
            {row.cells.map((c, i) =>
              i === 0 ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional columns
                <th key={i} role={role("rowheader")} scope="row" className={`${CELL} font-bold ${s("cell")}`}>
                  {c}
                </th>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional columns
                <td key={i} role={role("cell")} className={`${CELL} ${s("cell")}`}>
                  {stack ? (
                    <span aria-hidden="true" className="block font-bold tablet:hidden">
                      {head[i]}
                    </span>
                  ) : null}
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (stack) return table;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section aria-label={caption} tabIndex={0} className="focus-box mb-[30px] overflow-x-auto">
      {table}
    </section>
  );
}
