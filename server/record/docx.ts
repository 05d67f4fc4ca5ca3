import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from "docx";
import type { RichRun } from "../../shared/richText";
import type { DocNode, RenderDoc } from "./document";

/**
 * A copy as a Word document (.docx) — local authorities work in Word. Real headings (Heading 1-3, so
 * the navigation pane and screen readers find the structure), real lists, the document title, author
 * and subject in its properties, and British English as the language of every run.
 */

/**
 * Text as XML 1.0 allows it. The docx library escapes markup (`<`, `&`) but passes every other
 * character through, and a control character (anyone can type U+0001 into the minutes), U+FFFE or
 * half a surrogate pair makes a part that is not well-formed: Word refuses to open the whole file.
 */
function xmlText(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "",
  );
}

/**
 * Word keeps a few kilobytes per run in memory while it builds the file; past this many runs in a
 * copy, each paragraph's bold and italic are dropped (its words are all kept), so a record written
 * to be hostile — a change of formatting every character — still fits the renderer's memory.
 */
const MAX_FORMATTED_RUNS = 20_000;

const HEADING = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const LANGUAGE = { value: "en-GB" };

function textRuns(runs: RichRun[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const run of runs) {
    // A hard break inside a paragraph becomes a line break, not a new paragraph.
    xmlText(run.text)
      .split("\n")
      .forEach((part, i) => {
        out.push(
          new TextRun({
            text: part,
            bold: run.bold ?? false,
            italics: run.italic ?? false,
            language: LANGUAGE,
            ...(i > 0 ? { break: 1 } : {}),
          }),
        );
      });
  }
  return out;
}

/** Runs of plain words only, when a copy has more formatted runs than the renderer can hold. */
function plainRuns(nodes: DocNode[]): DocNode[] {
  const count = nodes.reduce(
    (n, node) =>
      n +
      (node.type === "paragraph" || node.type === "quote"
        ? node.runs.length
        : node.type === "list"
          ? node.items.reduce((m, item) => m + item.runs.length, 0)
          : 1),
    0,
  );
  if (count <= MAX_FORMATTED_RUNS) return nodes;
  const flat = (runs: RichRun[]): RichRun[] => [{ text: runs.map((r) => r.text).join("") }];
  return nodes.map((node) => {
    switch (node.type) {
      case "paragraph":
      case "quote":
        return { ...node, runs: flat(node.runs) };
      case "list":
        return { ...node, items: node.items.map((item) => ({ ...item, runs: flat(item.runs) })) };
      default:
        return node;
    }
  });
}

export async function renderDocx(doc: RenderDoc): Promise<Buffer> {
  const paragraphs: Paragraph[] = [];
  let orderedLists = 0;
  for (const node of plainRuns(doc.nodes)) paragraphs.push(...nodeParagraphs(node));
  const file = new Document({
    title: xmlText(doc.title),
    subject: xmlText(doc.subject),
    creator: xmlText(doc.author),
    description: xmlText(doc.subject),
    styles: {
      default: {
        document: { run: { font: "Arial", size: 24, language: LANGUAGE } },
      },
    },
    numbering: {
      config: [
        {
          reference: "ordered",
          levels: [0, 1, 2, 3, 4].map((level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ children: paragraphs }],
  });
  return Packer.toBuffer(file);

  function nodeParagraphs(node: DocNode): Paragraph[] {
    switch (node.type) {
      case "heading":
        return [new Paragraph({ heading: HEADING[node.level], children: textRuns([{ text: node.text }]) })];
      case "paragraph":
        return [new Paragraph({ children: textRuns(node.runs), spacing: { after: 120 } })];
      case "quote":
        return [
          new Paragraph({
            children: textRuns(node.runs.map((r) => ({ ...r, italic: true }))),
            indent: { left: 720 },
          }),
        ];
      case "list": {
        const instance = ++orderedLists;
        return node.items.map(
          (item) =>
            new Paragraph({
              children: textRuns(item.runs),
              ...(node.ordered
                ? { numbering: { reference: "ordered", level: Math.min(item.depth, 4), instance } }
                : { bullet: { level: Math.min(item.depth, 4) } }),
            }),
        );
      }
    }
  }
}
