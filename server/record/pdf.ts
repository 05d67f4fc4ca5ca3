import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { RichRun } from "../../shared/richText";
import type { DocNode, RenderDoc } from "./document";

/**
 * A copy as PDF, in JavaScript (pdfkit; no browser at run time). Tagged for screen readers as far as
 * pdfkit allows: a structure tree (Document > H1/H2/H3, P, L > LI > Lbl + LBody), the document title
 * shown in the window title, its language (en-GB), and reading order equal to the drawing order.
 * The text is set in DejaVu Sans (the npm package dejavu-fonts-ttf; Bitstream Vera licence, free),
 * embedded as subsets with a ToUnicode map, as PDF/UA asks: Latin with its extensions (Polish,
 * Romanian, Lithuanian, Vietnamese...), Greek, Cyrillic, Hebrew and Arabic (upright in italic text:
 * the oblique faces have none) print as written. A character a face has no glyph for shows as a question mark. Limits: no bidi
 * reordering (pdfkit's), so the words of a right-to-left phrase stand left to right, each word's
 * letters in the right order; no CJK, Thai or Indic glyphs.
 */

const SIZE = { 1: 22, 2: 16, 3: 13 } as const;
const BODY = 11;
const INDENT = 16;

type Face = "regular" | "bold" | "italic" | "boldItalic";
const FILES: Record<Face, string> = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
  boldItalic: "DejaVuSans-BoldOblique.ttf",
};
const FACES = Object.keys(FILES) as Face[];

/** What this module needs of fontkit (pdfkit's font engine; it ships no types). */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface LoadedFace {
  data: Buffer;
  font: FontkitFont;
  /** By code point: 0 not asked yet, 1 a glyph, 2 none. Bounded, whatever the text. */
  covered: Uint8Array;
}

let loaded: Record<Face, LoadedFace> | undefined;
/** The four faces, read from the package once per process. */
function faces(): Record<Face, LoadedFace> {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const fontkit = require("fontkit") as { create(data: Buffer): FontkitFont };
  const load = (face: Face): LoadedFace => {
    const data = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FILES[face]}`));
    return { data, font: fontkit.create(data), covered: new Uint8Array(0x110000) };
  };
  loaded = Object.fromEntries(FACES.map((face) => [face, load(face)])) as Record<Face, LoadedFace>;
  return loaded;
}

function faceOf(run: RichRun): Face {
  if (run.bold && run.italic) return "boldItalic";
  if (run.bold) return "bold";
  if (run.italic) return "italic";
  return "regular";
}

/**
 * Never drawn, whatever the font has: controls, surrogates, private use, unassigned code points, and
 * format characters (bidi overrides and the like) other than the soft hyphen, the zero-width space
 * and the zero-width (non-)joiners.
 */
const NEVER = /^(?:[\p{Cc}\p{Cs}\p{Co}\p{Cn}]|(?![\u00ad\u200b-\u200d])\p{Cf})$/u;

function shows(face: LoadedFace, ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  let known = face.covered[cp]!;
  if (known === 0) {
    known = !NEVER.test(ch) && face.font.hasGlyphForCodePoint(cp) ? 1 : 2;
    face.covered[cp] = known;
  }
  return known === 1;
}

/** Where a slanted face has no glyph (DejaVu's oblique faces have no Arabic), the upright one. */
const UPRIGHT: Record<Face, Face> = {
  regular: "regular",
  bold: "bold",
  italic: "regular",
  boldItalic: "bold",
};

/**
 * Text as the embedded faces can show it, in pieces, each with the face to set it in: composed
 * characters (so that "e" and a combining accent become "é"); a character the face has no glyph for
 * in its upright face if that has one, else one "?" for it, so that no empty box appears. A "word"
 * longer than a line gets a break opportunity (a zero-width space, which every face has; fontkit sets
 * it as the space glyph with no advance, so a reader copying the word gets a space there) every 16
 * characters: pdfkit re-measures the rest of an over-long word for every line it cuts off, so one
 * 200,000 character word would take it forty seconds.
 */
export function pieces(text: string, face: Face = "regular"): { text: string; face: Face }[] {
  const all = faces();
  const own = all[face];
  const upright = all[UPRIGHT[face]];
  const composed = text.normalize("NFC").replace(LONG_WORD, (word) => word.replace(/.{16}/gu, "$&\u200b"));
  const out: { text: string; face: Face }[] = [];
  let current = "";
  let currentFace = face;
  const flush = () => {
    if (current) out.push({ text: current, face: currentFace });
    current = "";
  };
  // Plain ASCII (and new lines, tabs) every face shows: only the rest is looked up, one by one.
  for (const [chunk, plain] of composed.matchAll(/([\n\t\u0020-\u007e]+)|[^\n\t\u0020-\u007e]/gu)) {
    let put = face;
    let ch = chunk;
    if (plain === undefined && !shows(own, chunk)) {
      if (shows(upright, chunk)) put = UPRIGHT[face];
      else ch = "?";
    }
    if (put !== currentFace) {
      flush();
      currentFace = put;
    }
    current += ch;
  }
  flush();
  return out.length > 0 ? out : [{ text: "", face }];
}

/** The text of `pieces`, joined: what a copy shows for `text` set in `face`. */
export function printable(text: string, face: Face = "regular"): string {
  return pieces(text, face)
    .map((p) => p.text)
    .join("");
}
const LONG_WORD = /[^\s]{65,}/gu;

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
  for (const [face, f] of Object.entries(faces())) pdf.registerFont(face, f.data);
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
    const parts = items.flatMap((run) => pieces(run.text, faceOf(run)));
    parts.forEach((part, i) => {
      pdf.font(part.face).fontSize(BODY);
      const options = { width: w, continued: i < parts.length - 1, lineGap: 2 };
      if (i === 0) pdf.text(part.text, x, pdf.y, options);
      else pdf.text(part.text, options);
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
              .font("bold")
              .fontSize(size)
              .text(printable(node.text, "bold"), left, pdf.y, { width: width() });
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
                .font("regular")
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
