import type { Browser, Locator, Page } from "playwright-core";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandAck, PROTOCOL_VERSION } from "../../shared/protocol";
import { sampleConference } from "../support/fixtures";
import { adminFetch, startTestServer, type TestServer } from "../support/server";
import { expectAccessibleAtAllSizes, expectNoAxeViolations } from "./support/axe";
import { closeContexts, launchBrowser, openContexts, type Person, PHONE } from "./support/browser";
import { ensureClientBuilt } from "./support/build";

/**
 * The first half of a conference in five browser windows at once: a chair, three professionals and
 * a parent. Each accepts the confidentiality statement; the chair lets people in (and turns on
 * automatic admission); the quorum shows; the agenda moves for everyone; two professionals write
 * one mapping item together; the chair shares it and the parent sees it; a disruptive attendee is
 * muted, then removed. axe runs on every distinct screen.
 */

let server: TestServer;
let browser: Browser;
const NAMES = ["chair", "social", "police", "health", "mum"] as const;
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

async function join(name: Name, full: string): Promise<void> {
  const p = page(name);
  await p.goto(links[full]!);
  await p.waitForURL(/\/conference$/);
  await p.getByRole("button", { name: "I understand — join" }).click();
}

/** The value of a textarea, once it equals `text` (the other window's words arrive live). */
async function valueBecomes(field: Locator, text: string): Promise<void> {
  await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toBe(text);
}

const AGENDA_ITEM = "Danger statement and safety goals";
const ITEM = "What is going well, item 1";

describe("the live conference room", () => {
  it("joins: the confidentiality statement, then the lobby, then the chair lets people in", async () => {
    const chair = page("chair");
    await chair.goto(links["Chris Chair"]!);
    await chair.getByRole("heading", { name: /this meeting is confidential/ }).waitFor();
    await expectAccessibleAtAllSizes(chair, "confidentiality statement");
    await chair.getByRole("button", { name: "I understand — join" }).click();
    await chair.getByRole("heading", { name: "Waiting to join (0)" }).waitFor();

    await join("social", "Sally Social");
    await join("police", "PC Lee");
    await join("mum", "Jo Example");
    await h1(page("social"), "The chair will let you in").waitFor();
    await h1(page("mum"), "The chair will let you in").waitFor();

    // A private word with the parent in the lobby.
    await chair.getByRole("heading", { name: "Waiting to join (3)" }).waitFor();
    await chair.getByRole("button", { name: "Message Jo Example" }).click();
    await chair.getByLabel("Private message to Jo Example").fill("I will come and see you first.");
    await chair.getByRole("button", { name: "Send message" }).click();
    await page("mum").getByText("I will come and see you first.").waitFor();
    await expectAccessibleAtAllSizes(page("mum"), "waiting screen with a message");

    await chair.getByRole("button", { name: "Admit Sally Social" }).click();
    await chair.getByRole("button", { name: "Admit PC Lee" }).click();
    await page("social").getByRole("heading", { name: "Mapping" }).waitFor();
    await page("police").getByRole("heading", { name: "Mapping" }).waitFor();

    // From now on professionals come straight in.
    await chair.getByLabel("Admit professionals automatically").click();
    await expect.poll(() => chair.getByLabel("Admit professionals automatically").isChecked()).toBe(true);
    await join("health", "Hana Health");
    await page("health").getByRole("heading", { name: "Mapping" }).waitFor();

    await chair.getByRole("button", { name: "Admit Jo Example" }).click();
    await h1(page("mum"), "Your conference").waitFor();
    await chair.getByRole("heading", { name: "Waiting to join (0)" }).waitFor();
  });

  it("shows the quorum, and every window follows the agenda", async () => {
    const chair = page("chair");
    const quorum = chair.getByRole("region", { name: "Quorum" });
    await quorum.getByText("Quorate", { exact: true }).waitFor();
    await quorum.getByText(/3 of 3 agencies present/).waitFor();

    await chair.getByRole("button", { name: `Go to ${AGENDA_ITEM}` }).click();
    for (const name of ["chair", "social", "police", "health"] as const) {
      await expect
        .poll(() => page(name).getByTestId("current-item").textContent(), { timeout: 10_000 })
        .toBe(AGENDA_ITEM);
    }
    await expect
      .poll(() => page("mum").getByTestId("family-current-item").textContent(), { timeout: 10_000 })
      .toBe("The worries and what needs to change");

    await expectAccessibleAtAllSizes(chair, "chair's console");
    await expectAccessibleAtAllSizes(page("police"), "professional's view");
    await page("mum").setViewportSize(PHONE);
    await expectNoAxeViolations(page("mum"), "family view (360px)");
  });

  it("lets two professionals write one mapping item together, live", async () => {
    const social = page("social");
    const police = page("police");
    await social.getByText("New items are seen by professionals only until they are shared").waitFor();
    await social.getByRole("button", { name: "Add to what is going well" }).click();
    const mine = social.getByLabel(ITEM);
    await mine.click();
    await social.keyboard.type("Dad has stopped drinking.");
    const theirs = police.getByLabel(ITEM);
    await valueBecomes(theirs, "Dad has stopped drinking.");
    await theirs.click();
    await police.keyboard.press("Control+End");
    await police.keyboard.type(" School says attendance is up.");
    await valueBecomes(mine, "Dad has stopped drinking. School says attendance is up.");
    await valueBecomes(
      page("chair").getByLabel(ITEM),
      "Dad has stopped drinking. School says attendance is up.",
    );
    // Written by the social worker, and professionals only until shared.
    const item = page("chair")
      .getByRole("listitem")
      .filter({ has: page("chair").getByLabel(ITEM) });
    await item.getByText("Professionals only").waitFor();
    await item.getByText(/By Sally Social, Social worker/).waitFor();
    await expect(page("mum").getByText("Dad has stopped drinking.").count()).resolves.toBe(0);
  });

  it("takes an input method's words once composed, keeping what another wrote meanwhile", async () => {
    const social = page("social");
    const police = page("police");
    const mine = social.getByLabel(ITEM);
    const theirs = police.getByLabel(ITEM);
    const before = "Dad has stopped drinking. School says attendance is up.";
    await theirs.click();
    await police.keyboard.press("Control+End");
    // Japanese typed with an input method: "nihon" composing, not yet chosen.
    const ime = await police.context().newCDPSession(police);
    await ime.send("Input.imeSetComposition", { text: " にほん", selectionStart: 4, selectionEnd: 4 });
    await mine.click();
    await social.keyboard.press("Control+Home");
    await social.keyboard.type("Update: ");
    await valueBecomes(page("chair").getByLabel(ITEM), `Update: ${before}`);
    // Nothing half-composed reached anyone.
    expect(await mine.inputValue()).toBe(`Update: ${before}`);
    await ime.send("Input.insertText", { text: " 日本" });
    await valueBecomes(theirs, `Update: ${before} 日本`);
    await valueBecomes(mine, `Update: ${before} 日本`);
    await ime.detach();
  });

  it("shares an item with the family when the chair says so", async () => {
    const chair = page("chair");
    await chair.getByRole("button", { name: `Share with family (${ITEM})` }).click();
    const item = chair.getByRole("listitem").filter({ has: chair.getByLabel(ITEM) });
    await item.getByText("Shared with family").waitFor();
    const shared = page("mum").getByRole("region", { name: "What has been shared with you" });
    await shared.getByText("Dad has stopped drinking. School says attendance is up.").waitFor();
    await shared.getByRole("heading", { name: "What is going well" }).waitFor();
    await expectNoAxeViolations(page("mum"), "family view with a shared item (360px)");
  });

  it("mutes a disruptive attendee: controls go, a banner shows, and writes are refused", async () => {
    const chair = page("chair");
    const health = page("health");
    await health.getByRole("button", { name: "Add to what is going well" }).waitFor();
    await chair.locator("summary", { hasText: "Actions for Hana Health" }).click();
    await chair.getByRole("button", { name: "Mute Hana Health" }).click();
    await health.getByText("The chair has muted you. You can still see and hear the conference.").waitFor();
    await expect
      .poll(() => health.getByRole("button", { name: "Add to what is going well" }).count())
      .toBe(0);
    await expect.poll(() => health.getByLabel(ITEM).getAttribute("readonly")).not.toBeNull();
    await expect(health.getByRole("button", { name: "Raise my hand" }).count()).resolves.toBe(0);
    await expectAccessibleAtAllSizes(health, "muted professional");

    // The same person's cookies from another client: the server refuses the write.
    const cookie = (await people.health.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const socket = io(server.url, {
      transports: ["websocket"],
      extraHeaders: { cookie, origin: server.origin },
      auth: { protocolVersion: PROTOCOL_VERSION },
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const ack = (await socket.timeout(5000).emitWithAck("command", {
        type: "content.create",
        kind: "mapping_item",
        area: "grey_areas",
      })) as CommandAck;
      expect(ack.ok ? "ok" : ack.error.code).toBe("muted");
    } finally {
      socket.disconnect();
    }
  });

  it("removes them: their window says so, and a reload does not get them back in", async () => {
    const chair = page("chair");
    const health = page("health");
    await chair.getByRole("button", { name: "Remove Hana Health" }).click();
    await chair.getByLabel("Why are you removing Hana Health?").fill("Repeatedly talking over the family.");
    await chair.getByRole("button", { name: "Continue" }).click();
    await chair.getByRole("button", { name: "Yes, remove Hana Health" }).click();
    await h1(health, "You have been removed from the conference").waitFor();
    await expectAccessibleAtAllSizes(health, "removed");
    await health.reload();
    await h1(health, "You have been removed from the conference").waitFor();
    await expect(health.getByRole("heading", { name: "Mapping" }).count()).resolves.toBe(0);
    await chair
      .getByRole("list", { name: "Removed or not let in" })
      .getByRole("paragraph")
      .filter({ hasText: /^Hana Health$/ })
      .waitFor();
  });

  it("shows the chair the audit log: the mute, the removal and the refused write", async () => {
    const chair = page("chair");
    await chair.getByRole("button", { name: "Show the audit log" }).click();
    const log = chair.getByRole("list", { name: "Audit log, newest first" });
    await log.getByText("muted Hana Health").waitFor();
    await log.getByText("removed Hana Health").waitFor();
    await expect(log.getByText(/Refused \(muted\)/).count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(chair, "audit log");
  });

  it("ends the conference for everyone", async () => {
    const chair = page("chair");
    await chair.getByRole("button", { name: "End the conference" }).click();
    await chair.getByRole("button", { name: "Yes, end the conference" }).click();
    for (const name of ["social", "police", "mum"] as const) {
      await h1(page(name), "The conference has ended").waitFor();
    }
    // The chair stays on to finish the record (test/e2e/record.test.ts).
    await h1(chair, "The record of the conference").waitFor();
    await expectAccessibleAtAllSizes(page("police"), "conference ended");
  });

  it("had no uncaught errors in any window", () => {
    for (const name of NAMES) expect(people[name].errors, name).toEqual([]);
  });
});
