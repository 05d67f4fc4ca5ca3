import { describe, expect, it } from "vitest";
import { pieces, printable } from "../../server/record/pdf";

/**
 * What the PDF's embedded font (DejaVu Sans) is given: composed characters, the letters of the
 * families' languages as written, one "?" for each character the face has no glyph for (or that is
 * never drawn: controls, bidi overrides, lone surrogates).
 */
describe("printable", () => {
  it.each([
    ["Zoe\u0301 Smith", "Zoé Smith"],
    ["Siobhán O'Neill", "Siobhán O'Neill"],
    ["Łukasz Wiśniewski", "Łukasz Wiśniewski"],
    ["Ștefan Popescu", "Ștefan Popescu"],
    ["Žemaitė Jonaitytė", "Žemaitė Jonaitytė"],
    ["Nguyễn Thị Hương", "Nguyễn Thị Hương"],
    ["Анна Петрова", "Анна Петрова"],
    ["Ελένη", "Ελένη"],
    ["Mum said 🦊 ok", "Mum said ? ok"],
    ["中文", "??"],
    ["a\u0007b\u202ec\ud800d\uffff", "a?b?c?d?"],
    ["“quoted” – £5 €", "“quoted” – £5 €"],
  ])("%j → %j", (text, expected) => {
    expect(printable(text)).toBe(expected);
  });

  it("puts a break opportunity every 16 characters into a word longer than a line", () => {
    expect(printable("Ł".repeat(70))).toBe(`${"Ł".repeat(16)}\u200b`.repeat(4) + "Ł".repeat(6));
  });

  it("sets a character a slanted face lacks in the upright face", () => {
    // DejaVu Sans Oblique has no Arabic.
    expect(pieces("Ali علي ok", "italic")).toEqual([
      { text: "Ali ", face: "italic" },
      { text: "علي", face: "regular" },
      { text: " ok", face: "italic" },
    ]);
    expect(printable("🦊 Ł", "boldItalic")).toBe("? Ł");
  });
});
