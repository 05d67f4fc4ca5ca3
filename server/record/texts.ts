import * as Y from "yjs";
import { MINUTES_MAP, PLAN_MAP, PLAN_TEXTS, type PlanTextKey } from "../../shared/record";
import type { RecordTexts } from "../../shared/recordCopy";
import type { RichBlock, RichRun } from "../../shared/richText";

/**
 * Reading the professional document for the record: each minute section's Y.XmlFragment (written by
 * TipTap in the browser) becomes RichBlocks, each Y.Text a string. Only the structure the record
 * keeps survives — paragraphs, headings, lists, quotes, bold and italic; any other element is read
 * for its words only, so a writer cannot put markup, links or styles into a copy. Hostile nesting is
 * cut off at a fixed depth.
 */

const MAX_DEPTH = 24;
const MAX_BLOCKS = 5000;

export function fragmentBlocks(fragment: Y.XmlFragment | undefined): RichBlock[] {
  if (!fragment) return [];
  const out: RichBlock[] = [];
  readBlocks(fragment, out, { depth: 0, list: null, quote: false, level: 0 });
  return out;
}

interface Context {
  depth: number;
  /** Inside a list: which kind, and the counter of an ordered list. */
  list: { kind: "bullet" | "numbered"; next: number } | null;
  quote: boolean;
  /** List nesting depth (0 = outer list). */
  level: number;
}

function readBlocks(parent: Y.XmlFragment, out: RichBlock[], ctx: Context): void {
  if (ctx.depth > MAX_DEPTH) return;
  for (const child of parent.toArray()) {
    if (out.length >= MAX_BLOCKS) return;
    if (child instanceof Y.XmlText) {
      push(out, ctx, textRuns(child));
      continue;
    }
    if (!(child instanceof Y.XmlElement)) continue;
    const inner = { ...ctx, depth: ctx.depth + 1 };
    switch (child.nodeName) {
      case "paragraph":
      case "codeBlock":
        push(out, ctx, inlineRuns(child, ctx.depth + 1));
        break;
      case "heading": {
        const level = numberAttribute(child, "level") ?? 2;
        out.push({
          type: "heading",
          level: level <= 1 ? 1 : level === 2 ? 2 : 3,
          runs: inlineRuns(child, ctx.depth + 1),
        });
        break;
      }
      case "bulletList":
      case "orderedList":
        readList(child, out, ctx);
        break;
      case "listItem": {
        // The item's first paragraph carries the bullet or number; anything after it follows plainly.
        let first = true;
        for (const part of child.toArray()) {
          if (
            part instanceof Y.XmlElement &&
            (part.nodeName === "bulletList" || part.nodeName === "orderedList")
          ) {
            readList(part, out, inner);
            continue;
          }
          const runs =
            part instanceof Y.XmlText
              ? textRuns(part)
              : part instanceof Y.XmlElement
                ? inlineRuns(part, ctx.depth + 2)
                : [];
          if (first && ctx.list) {
            out.push(
              ctx.list.kind === "bullet"
                ? { type: "bullet", depth: ctx.level, runs }
                : { type: "numbered", depth: ctx.level, number: ctx.list.next++, runs },
            );
            first = false;
          } else push(out, { ...ctx, list: null }, runs);
        }
        break;
      }
      case "blockquote":
        readBlocks(child, out, { ...inner, quote: true });
        break;
      case "horizontalRule":
      case "hardBreak":
        break;
      default:
        readBlocks(child, out, inner);
    }
  }
}

/** A list; inside another list it is one level deeper. */
function readList(list: Y.XmlElement, out: RichBlock[], ctx: Context): void {
  const start = numberAttribute(list, "start") ?? 1;
  const next = list.nodeName === "orderedList" ? Math.trunc(start) : 1;
  readBlocks(list, out, {
    ...ctx,
    depth: ctx.depth + 1,
    list: { kind: list.nodeName === "orderedList" ? "numbered" : "bullet", next },
    level: ctx.list ? ctx.level + 1 : 0,
  });
}

/**
 * A number an editor writes as an attribute (a heading's level, a list's start), read without
 * coercion: any writer can set an attribute to any JSON value, and turning a nested array or an
 * object into a number recurses through it (thousands of levels overflow the stack).
 */
function numberAttribute(el: Y.XmlElement, name: string): number | undefined {
  const value: unknown = el.getAttribute(name);
  const n =
    typeof value === "number" ? value : typeof value === "string" && value.length <= 20 ? Number(value) : NaN;
  return Number.isFinite(n) && Math.abs(n) < 1e9 ? n : undefined;
}

function push(out: RichBlock[], ctx: Context, runs: RichRun[]): void {
  if (ctx.quote) out.push({ type: "quote", runs });
  else out.push({ type: "paragraph", runs });
}

/** The words of an inline container (a paragraph): text with bold and italic, hard breaks as new lines. */
function inlineRuns(el: Y.XmlElement, depth: number): RichRun[] {
  const runs: RichRun[] = [];
  if (depth > MAX_DEPTH) return runs;
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) runs.push(...textRuns(child));
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === "hardBreak") runs.push({ text: "\n" });
      else runs.push(...inlineRuns(child, depth + 1));
    }
  }
  return merge(runs);
}

function textRuns(text: Y.XmlText): RichRun[] {
  const runs: RichRun[] = [];
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== "string") continue;
    const run: RichRun = { text: op.insert };
    if (op.attributes?.bold !== undefined) run.bold = true;
    if (op.attributes?.italic !== undefined) run.italic = true;
    runs.push(run);
  }
  return merge(runs);
}

function merge(runs: RichRun[]): RichRun[] {
  const out: RichRun[] = [];
  for (const r of runs) {
    const last = out.at(-1);
    if (last && !!last.bold === !!r.bold && !!last.italic === !!r.italic) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}

/**
 * Everything of the professional document the record needs, read now. A family member's words (and
 * a child's words) are theirs, kept by the server outside the document: whatever a writer puts in
 * the document under such an item's id never replaces them.
 */
export function readRecordTexts(doc: Y.Doc, familyText: Readonly<Record<string, string>>): RecordTexts {
  const texts: Record<string, string> = {};
  for (const [id, value] of doc.getMap("texts")) if (value instanceof Y.Text) texts[id] = value.toString();
  Object.assign(texts, familyText);
  const minutes: Record<string, RichBlock[]> = {};
  for (const [id, value] of doc.getMap(MINUTES_MAP))
    if (value instanceof Y.XmlFragment) minutes[id] = fragmentBlocks(value);
  const planMap = doc.getMap(PLAN_MAP);
  const plan = Object.fromEntries(
    PLAN_TEXTS.map((key) => {
      const value = planMap.get(key);
      return [key, value instanceof Y.XmlFragment ? fragmentBlocks(value) : []];
    }),
  ) as Record<PlanTextKey, RichBlock[]>;
  return { texts, minutes, plan };
}
