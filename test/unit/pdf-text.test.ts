import { describe, expect, it } from "vitest";
import { printable } from "../../server/record/pdf";

/** What the PDF's standard fonts are given: composed characters, one "?" for each they cannot show. */
describe("printable", () => {
  it.each([
    ["Zoe\u0301 Smith", "Zoé Smith"],
    ["Siobhán O'Neill", "Siobhán O'Neill"],
    ["Łukasz", "?ukasz"],
    ["Mum said 😀 ok", "Mum said ? ok"],
    ["Nguyễn", "Nguy?n"],
    ["“quoted” – £5 €", "“quoted” – £5 €"],
  ])("%j → %j", (text, expected) => {
    expect(printable(text)).toBe(expected);
  });
});
