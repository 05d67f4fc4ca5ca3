import { describe, expect, it } from "vitest";
import { copyDisposition, exportDisposition, slug, wordsOf } from "../../server/http/fileNames";

/** The names the record's files are saved under, table-driven. */
describe("file names", () => {
  it.each([
    ["Siobhán O'Neill", "siobhan-o-neill"],
    ["Łukasz Wiśniewski", "ukasz-wisniewski"],
    ["Zoe\u0301 Smith", "zoe-smith"],
    ["Анна Петрова", ""],
    ["  --Amy--  ", "amy"],
    [`${"x".repeat(39)} y`, "x".repeat(39)],
  ])("slug(%j) = %j", (text, expected) => {
    expect(slug(text)).toBe(expected);
  });

  it.each([
    ["Siobhán O'Neill", "Siobhán-O-Neill"],
    ["Zoe\u0301 Smith", "Zoé-Smith"],
    ["Анна Петрова", "Анна-Петрова"],
    ["Nguyễn 😀 Văn", "Nguyễn-Văn"],
  ])("wordsOf(%j) = %j", (text, expected) => {
    expect(wordsOf(text)).toBe(expected);
  });

  const asciiName = (header: string) => /filename="([^"]*)"/.exec(header)?.[1];
  const readableName = (header: string) =>
    decodeURIComponent(/filename\*=UTF-8''(\S+)$/.exec(header)?.[1] ?? "");

  it("gives two people whose names have no Latin letters different files", () => {
    const anna = copyDisposition("ICPC Amy", { id: "AbCdEfGh123", name: "Анна Петрова" }, "pdf");
    const maria = copyDisposition("ICPC Amy", { id: "ZyXwVu98765", name: "Мария Иванова" }, "pdf");
    expect(asciiName(anna)).toBe("icpc-amy-record-abcdefgh.pdf");
    expect(asciiName(maria)).toBe("icpc-amy-record-zyxwvu98.pdf");
    expect(readableName(anna)).toBe("ICPC-Amy-record-Анна-Петрова.pdf");
    expect(readableName(maria)).toBe("ICPC-Amy-record-Мария-Иванова.pdf");
  });

  it.each([
    [
      copyDisposition("Review: Amy & Ben", { id: "p1", name: "Siobhán O'Neill" }, "docx"),
      "review-amy-ben-record-siobhan-o-neill.docx",
    ],
    [copyDisposition("Review: Amy & Ben", null, "pdf"), "review-amy-ben-decision-summary.pdf"],
    [exportDisposition("Review: Amy & Ben"), "review-amy-ben-export.json"],
    [copyDisposition("", { id: "", name: "" }, "pdf"), "conference-record-copy.pdf"],
  ])("%s", (header, ascii) => {
    expect(header).toMatch(
      /^attachment; filename="[a-z0-9-]+\.(pdf|docx|json)"; filename\*=UTF-8''[A-Za-z0-9%.-]+$/,
    );
    expect(asciiName(header)).toBe(ascii);
  });
});
