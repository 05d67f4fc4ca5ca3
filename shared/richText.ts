/**
 * Rich text as the record keeps it: a list of blocks of plain runs. The minutes and the plan's
 * contingency and bottom lines are written in the browser with TipTap (ProseMirror bound to a
 * Y.XmlFragment); the server reads each fragment into these blocks (server/record/texts.ts), and the
 * copy, the PDF, the Word file and the family projection are made from them. No markup survives:
 * a run is text with at most bold and italic, so nothing a writer types can become a link, a script
 * or a style in a copy.
 */

export interface RichRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type RichBlock =
  | { type: "paragraph"; runs: RichRun[] }
  | { type: "heading"; level: 1 | 2 | 3; runs: RichRun[] }
  /** A list item; `depth` 0 is the outer list. */
  | { type: "bullet"; depth: number; runs: RichRun[] }
  | { type: "numbered"; depth: number; number: number; runs: RichRun[] }
  | { type: "quote"; runs: RichRun[] };

export function runsText(runs: readonly RichRun[]): string {
  return runs.map((r) => r.text).join("");
}

/** The blocks as plain text, one block a paragraph: what a family projection shows. */
export function blocksToPlainText(blocks: readonly RichBlock[]): string {
  return blocks
    .map((b) => {
      const text = runsText(b.runs);
      switch (b.type) {
        case "bullet":
          return `${"  ".repeat(b.depth)}• ${text}`;
        case "numbered":
          return `${"  ".repeat(b.depth)}${b.number}. ${text}`;
        default:
          return text;
      }
    })
    .join("\n")
    .trim();
}

/** Whether the blocks hold any words at all. */
export function hasWords(blocks: readonly RichBlock[]): boolean {
  return blocks.some((b) => runsText(b.runs).trim().length > 0);
}

/** Plain words as blocks: one paragraph per line (addenda, plan fields, family contributions). */
export function plainBlocks(text: string): RichBlock[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0)
    .map((line) => ({ type: "paragraph" as const, runs: [{ text: line }] }));
}
