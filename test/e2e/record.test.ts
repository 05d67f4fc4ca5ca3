import { readFileSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentTexts } from "../support/documents";
import { sampleConference } from "../support/fixtures";
import { adminFetch, startTestServer, type TestServer } from "../support/server";
import { expectAccessibleAtAllSizes } from "./support/axe";
import { closeContexts, launchBrowser, openContexts, type Person } from "./support/browser";
import { ensureClientBuilt } from "./support/build";

/**
 * The record in two browser windows: the chair and the minute taker write the minutes of one agenda
 * item at the same time (TipTap on Yjs) and both end with both their words; the minute taker adds a
 * plan action; the chair ends the conference, both stay on the record screen, the chair signs off
 * (the editors turn read-only) and downloads a copy from the copies screen. axe on every screen.
 */

let server: TestServer;
let browser: Browser;
const NAMES = ["chair", "minutes"] as const;
type Name = (typeof NAMES)[number];
let people: Record<Name, Person>;
const links: Record<string, string> = {};

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startTestServer();
  browser = await launchBrowser();
  const res = await adminFetch(server, "POST", "/api/admin/conferences", sampleConference());
  expect(res.status).toBe(201);
  for (const link of res.body.links as { name: string; url: string }[]) links[link.name] = link.url;
  people = await openContexts(browser, server.url, NAMES);
});

afterAll(async () => {
  if (people) await closeContexts(people);
  await browser?.close();
  await server?.close();
});

const page = (name: Name): Page => people[name].page;
const h1 = (p: Page, name: string | RegExp) => p.getByRole("heading", { level: 1, name });
const MINUTES = "Minutes: Introductions and apologies";

async function textBecomes(editor: Locator, ...parts: string[]): Promise<void> {
  for (const part of parts)
    await expect.poll(() => editor.textContent(), { timeout: 10_000 }).toContain(part);
}

describe("the record", () => {
  it("the chair and the minute taker write the minutes of one item at the same time", async () => {
    const chair = page("chair");
    const minutes = page("minutes");
    await chair.goto(links["Chris Chair"]!);
    await chair.getByRole("button", { name: "I understand — join" }).click();
    await minutes.goto(links["Mina Minutes"]!);
    await minutes.getByRole("button", { name: "I understand — join" }).click();
    await chair.getByRole("button", { name: "Admit Mina Minutes" }).click();
    await chair.getByRole("button", { name: "Start the conference" }).click();

    // The minute taker's workspace opens on the minutes of the current item.
    await minutes.getByRole("heading", { name: "Introductions and apologies", level: 3 }).waitFor();
    await minutes.getByRole("button", { name: "Start the minutes of Introductions and apologies" }).click();
    const mine = minutes.getByRole("textbox", { name: MINUTES });
    await mine.waitFor();
    await chair.getByRole("button", { name: "Minutes" }).click();
    const theirs = chair.getByRole("textbox", { name: MINUTES });
    await theirs.waitFor();

    await mine.click();
    await theirs.click();
    await Promise.all([
      minutes.keyboard.type("Mina notes who came. "),
      chair.keyboard.type("Chris adds the apologies. "),
    ]);
    await textBecomes(mine, "Mina notes who came.", "Chris adds the apologies.");
    await textBecomes(theirs, "Mina notes who came.", "Chris adds the apologies.");
    await expect.poll(async () => (await mine.textContent()) === (await theirs.textContent())).toBe(true);
    await expectAccessibleAtAllSizes(minutes, "minute taker's view");
    await expectAccessibleAtAllSizes(chair, "chair's console, minutes");
  });

  it("the minute taker adds an action to the plan", async () => {
    const minutes = page("minutes");
    await minutes.getByRole("button", { name: "The plan" }).click();
    await minutes.getByRole("button", { name: "Add an action" }).click();
    await minutes.getByRole("button", { name: "Add the action" }).click();
    await minutes.getByText("Enter what needs to happen").first().waitFor();
    await minutes.getByLabel("What needs to happen").fill("Jo and Dan go to a parenting course");
    await minutes.getByLabel("Who will do it").fill("Jo and Dan");
    await minutes.getByLabel("Ongoing").check();
    await minutes.getByLabel("What it should achieve").fill("The children are looked after well every day");
    await minutes.getByRole("button", { name: "Add the action" }).click();
    await minutes.getByText("1. Jo and Dan go to a parenting course").waitFor();
    await expectAccessibleAtAllSizes(minutes, "the plan");
  });

  it("after the end both finish the record; the chair signs it off and it locks", async () => {
    const chair = page("chair");
    const minutes = page("minutes");
    await chair.getByRole("button", { name: "End the conference" }).click();
    await chair.getByRole("button", { name: "Yes, end the conference" }).click();
    await h1(chair, "The record of the conference").waitFor();
    await h1(minutes, "The record of the conference").waitFor();
    const mine = minutes.getByRole("textbox", { name: MINUTES });
    await textBecomes(mine, "Mina notes who came.");
    await mine.click();
    await minutes.keyboard.press("Control+End");
    await minutes.keyboard.type(" Written up after the meeting.");
    await textBecomes(chair.getByRole("textbox", { name: MINUTES }), "Written up after the meeting.");
    await expectAccessibleAtAllSizes(minutes, "record screen (minute taker)");

    await chair.getByRole("button", { name: "Sign off the record" }).click();
    await expectAccessibleAtAllSizes(chair, "record screen, sign-off confirmation");
    await chair.getByRole("button", { name: "Yes, sign off the record" }).click();
    await chair.getByText("Signed off", { exact: true }).waitFor();
    await minutes.getByText("Signed off", { exact: true }).waitFor();
    await expect
      .poll(() => minutes.getByRole("textbox", { name: MINUTES }).getAttribute("contenteditable"), {
        timeout: 10_000,
      })
      .toBe("false");
    await chair.getByLabel("Correction").fill("The first core group meets on 10 December.");
    await chair.getByRole("button", { name: "Add the addendum" }).click();
    // The addendum can reach the record (state document) before the command's
    // answer empties the form, so the text briefly stands in both: wait for each.
    await chair
      .getByRole("paragraph")
      .filter({ hasText: "The first core group meets on 10 December." })
      .waitFor();
    await expect.poll(() => chair.getByLabel("Correction").inputValue()).toBe("");
  });

  it("the chair's copies: each person's copy on screen, a PDF and a Word file downloaded", async () => {
    const chair = page("chair");
    await chair.getByRole("button", { name: "Copies" }).click();
    await chair.getByRole("heading", { name: "Who gets which copy" }).waitFor();
    await expectAccessibleAtAllSizes(chair, "copies screen");
    await chair.getByRole("button", { name: "Show Jo Example's copy" }).click();
    const copy = chair.getByRole("region", { name: "Jo Example's copy" });
    await copy.getByText("Jo and Dan go to a parenting course", { exact: false }).waitFor();
    // Professionals only until shared: the minutes are not in a parent's copy.
    expect(await copy.textContent()).not.toContain("Mina notes who came.");
    await expectAccessibleAtAllSizes(chair, "copies screen, a family copy on screen");

    for (const [label, kind] of [
      ["PDF of Mina Minutes's copy", "pdf"],
      ["Word of Mina Minutes's copy", "docx"],
    ] as const) {
      const [download] = await Promise.all([
        chair.waitForEvent("download"),
        chair.getByRole("link", { name: label }).click(),
      ]);
      const file = readFileSync((await download.path())!);
      const text = documentTexts(kind, file).join("\n").replace(/\s+/g, " ");
      expect(text).toContain("Mina notes who came.");
      expect(text).toContain("Chris adds the apologies.");
      expect(text).toContain("Jo and Dan go to a parenting course");
    }
    // The copies screen reads the log when it opens: the downloads are in it.
    await chair.getByRole("button", { name: "The record" }).click();
    await chair.getByRole("button", { name: "Copies" }).click();
    await chair.getByText(/Record \(PDF\) downloaded by Chris Chair/).waitFor();
    await chair.getByText(/Record \(DOCX\) downloaded by Chris Chair/).waitFor();
  });

  it("had no uncaught errors in any window", () => {
    for (const name of NAMES) expect(people[name].errors, name).toEqual([]);
  });
});
