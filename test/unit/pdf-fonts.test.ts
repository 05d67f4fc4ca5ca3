import { describe, expect, it } from "vitest";
import type { RenderDoc } from "../../server/record/document";
import { renderPdf } from "../../server/record/pdf";
import { documentTexts, pdfTexts } from "../support/documents";

/**
 * The PDF copies embed a Unicode font (DejaVu Sans, four faces), so that families' names print as
 * written, and the test reader (test/support/documents.ts) decodes the glyph ids it shows through
 * each font's ToUnicode map, so that what the leak tests search for is the text a reader sees.
 */
const NAMES = ["Łukasz Wiśniewski", "Анна Петрова", "Nguyễn Văn Minh", "Ștefan Žemaitis", "Ελένη"];

const doc: RenderDoc = {
  title: "Record for Łukasz Wiśniewski",
  subject: "Child protection conference",
  author: "Quorum",
  lang: "en-GB",
  nodes: [
    { type: "heading", level: 1, text: "Łukasz Wiśniewski" },
    { type: "paragraph", runs: [{ text: `${NAMES.join(", ")}. Mum said 🦊 and left.` }] },
    {
      type: "paragraph",
      runs: [
        { text: "Bold Анна Петрова", bold: true },
        { text: " italic Nguyễn", italic: true },
        { text: " bold italic Wiśniewski", bold: true, italic: true },
      ],
    },
    { type: "quote", runs: [{ text: "I want to stay with Babcia Łucja" }] },
    { type: "list", ordered: true, items: [{ depth: 0, runs: [{ text: "Петрова goes to the GP" }] }] },
    { type: "paragraph", runs: [{ text: `LONGWORD${"ż".repeat(300)}END` }] },
  ],
};

describe("the PDF's embedded font", () => {
  it("shows Polish, Cyrillic, Vietnamese, Romanian, Lithuanian and Greek names as written", async () => {
    const file = await renderPdf(doc);
    const { shown, strings } = pdfTexts(file);
    // Lines joined as a reader would: a wrapped line's break is a space, a long word's is nothing.
    const flat = shown.replace(/\u200b\n?/g, "").replace(/\s+/g, " ");
    for (const name of NAMES) expect(flat, name).toContain(name);
    expect(flat).toContain("Mum said ? and left.");
    expect(flat).toContain("Bold Анна Петрова");
    expect(flat).toContain(" italic Nguyễn");
    expect(flat).toContain(" bold italic Wiśniewski");
    expect(flat).toContain("I want to stay with Babcia Łucja");
    expect(flat).toContain("Петрова goes to the GP");
    // The long word is given break opportunities (zero-width spaces, which fontkit draws as the space
    // glyph with no advance, so a reader extracts a space), its letters unchanged.
    expect(flat.replace(/ /g, "")).toContain(`LONGWORD${"ż".repeat(300)}END`);
    expect(shown).not.toContain("\ufffd");
    // The document's title, read from its info dictionary (UTF-16).
    expect(strings).toContain("Record for Łukasz Wiśniewski");
    // A marker that is not in the file is not found, one that is, is.
    const parts = documentTexts("pdf", file);
    expect(parts.some((p) => p.includes("Анна Петрова"))).toBe(true);
    expect(parts.some((p) => p.includes("Анна Иванова"))).toBe(false);
  });

  it("is embedded (TrueType, subset), with a Unicode map, and no standard font is left", async () => {
    const raw = (await renderPdf(doc)).toString("latin1");
    expect(raw).toContain("/FontFile2");
    expect(raw).toContain("/ToUnicode");
    const fonts = [...raw.matchAll(/\/BaseFont\s*\/([^\s/<>[\]]+)/g)].map((m) => m[1]!);
    expect(new Set(fonts.map((f) => f.replace(/^[A-Z]{6}\+/, "")))).toEqual(
      new Set(["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"]),
    );
    expect(raw).not.toMatch(/Helvetica/);
  });

  it("keeps a typical copy small: only the glyphs used are embedded", async () => {
    const file = await renderPdf(doc);
    expect(file.length).toBeLessThan(80_000);
  });
});
