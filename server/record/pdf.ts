import PDFDocument from "pdfkit";
import type { RichRun } from "../../shared/richText";
import type { DocNode, RenderDoc } from "./document";

/**
 * A copy as PDF, in JavaScript (pdfkit; no browser at run time). Tagged for screen readers as far as
 * pdfkit allows: a structure tree (Document > H1/H2/H3, P, L > LI > Lbl + LBody), the document title
 * shown in the window title, its language (en-GB), and reading order equal to the drawing order.
 * Limits: the 14 standard fonts are not embedded (PDF/UA asks for embedded fonts) and cover Western
 * European characters only; other characters show as a question mark.
 */

const SIZE = { 1: 22, 2: 16, 3: 13 } as const;
const BODY = 11;
const INDENT = 16;

function fontOf(run: RichRun): string {
  if (run.bold && run.italic) return "Helvetica-BoldOblique";
  if (run.bold) return "Helvetica-Bold";
  if (run.italic) return "Helvetica-Oblique";
  return "Helvetica";
}

/**
 * Characters the standard fonts can show (WinAnsi); the rest become "?" rather than garbage, one
 * for each character (composed first, so that "e" and a combining accent stay "é"). A
 * "word" longer than a line gets a break opportunity (a zero-width space) every 16 characters:
 * pdfkit re-measures the rest of an over-long word for every line it cuts off, so one 200,000
 * character word would take it forty seconds.
 */
export function printable(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[^\n\t\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/gu, "?")
    .replace(LONG_WORD, (word) => word.replace(/.{16}/g, "$&\u200b"));
}
const LONG_WORD = /[^\s]{65,}/g;

export function renderPdf(doc: RenderDoc): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: "A4",
    margin: 56,
    tagged: true,
    lang: doc.lang,
    displayTitle: true,
    pdfVersion: "1.7",
    info: { Title: doc.title, Author: doc.author, Subject: doc.subject, Creator: "Quorum" },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  const root = pdf.struct("Document");
  pdf.addStructure(root);
  const left = pdf.page.margins.left;
  const width = () => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

  const runs = (list: RichRun[], x: number, w: number) => {
    const items = list.length > 0 ? list : [{ text: "" }];
    items.forEach((run, i) => {
      pdf.font(fontOf(run)).fontSize(BODY);
      const options = { width: w, continued: i < items.length - 1, lineGap: 2 };
      if (i === 0) pdf.text(printable(run.text), x, pdf.y, options);
      else pdf.text(printable(run.text), options);
    });
  };
  /** Start a block on a new page when less than `lines` lines are left. */
  const room = (lines: number) => {
    if (pdf.y + lines * (BODY + 4) > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
  };

  for (const node of doc.nodes) drawNode(node);
  root.end();
  pdf.end();
  return done;

  function drawNode(node: DocNode): void {
    switch (node.type) {
      case "heading": {
        room(node.level === 1 ? 3 : 4);
        pdf.moveDown(node.level === 1 ? 0 : 0.6);
        const size = SIZE[node.level];
        root.add(
          pdf.struct(`H${node.level}`, {}, () => {
            pdf
              .font("Helvetica-Bold")
              .fontSize(size)
              .text(printable(node.text), left, pdf.y, { width: width() });
          }),
        );
        pdf.moveDown(0.3);
        return;
      }
      case "paragraph":
        room(1);
        root.add(pdf.struct("P", {}, () => runs(node.runs, left, width())));
        pdf.moveDown(0.4);
        return;
      case "quote":
        room(1);
        root.add(
          pdf.struct("P", {}, () =>
            runs(
              node.runs.map((r) => ({ ...r, italic: true })),
              left + INDENT,
              width() - INDENT,
            ),
          ),
        );
        pdf.moveDown(0.4);
        return;
      case "list": {
        const list = pdf.struct("L");
        root.add(list);
        const numbers = new Map<number, number>();
        for (const item of node.items) {
          room(1);
          const depth = Math.min(item.depth, 4);
          const n = (numbers.get(depth) ?? 0) + 1;
          numbers.set(depth, n);
          for (const d of numbers.keys()) if (d > depth) numbers.delete(d);
          const x = left + depth * INDENT;
          const y = pdf.y;
          const li = pdf.struct("LI");
          list.add(li);
          li.add(
            pdf.struct("Lbl", {}, () => {
              pdf
                .font("Helvetica")
                .fontSize(BODY)
                .text(node.ordered ? `${n}.` : "•", x, y, { lineBreak: false });
            }),
          );
          pdf.y = y;
          li.add(
            pdf.struct("LBody", {}, () => runs(item.runs, x + INDENT, width() - depth * INDENT - INDENT)),
          );
          li.end();
          pdf.moveDown(0.2);
        }
        list.end();
        pdf.moveDown(0.3);
        return;
      }
    }
  }
}
