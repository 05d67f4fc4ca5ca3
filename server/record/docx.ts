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

const HEADING = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const LANGUAGE = { value: "en-GB" };

function textRuns(runs: RichRun[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const run of runs) {
    // A hard break inside a paragraph becomes a line break, not a new paragraph.
    run.text.split("\n").forEach((part, i) => {
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

export async function renderDocx(doc: RenderDoc): Promise<Buffer> {
  const paragraphs: Paragraph[] = [];
  let orderedLists = 0;
  for (const node of doc.nodes) paragraphs.push(...nodeParagraphs(node));
  const file = new Document({
    title: doc.title,
    subject: doc.subject,
    creator: doc.author,
    description: doc.subject,
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
