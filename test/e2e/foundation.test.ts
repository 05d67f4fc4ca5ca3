import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch, startTestServer, type TestServer } from "../support/server";
import { expectAccessibleAtAllSizes } from "./support/axe";
import { closeContexts, launchBrowser, openContext, type Person } from "./support/browser";
import { ensureClientBuilt } from "./support/build";

/**
 * The foundation in a real browser: an administrator prepares a conference on the convening
 * sheet, manages links, and participants open their links on their own devices. axe runs on every
 * page visited, at desktop size and 360px wide.
 */

let server: TestServer;
let browser: Browser;
const people: Person[] = [];

async function person(opts: Parameters<typeof openContext>[2] = {}): Promise<Person> {
  const p = await openContext(browser, server.url, opts);
  people.push(p);
  return p;
}

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await closeContexts(people);
  await browser?.close();
  await server?.close();
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

/** Shared between the steps below, which run in order. */
const state: { conferenceUrl: string; links: Map<string, string>; admin?: Person } = {
  conferenceUrl: "",
  links: new Map(),
};

describe("the convening sheet in the browser", () => {
  it("signs the administrator in with the admin token", async () => {
    // The administrator's device is in New York: times are still entered and shown in UK time.
    const admin = await person({ clipboard: true, timezoneId: "America/New_York" });
    state.admin = admin;
    const { page } = admin;

    await page.goto("/");
    await expect(heading(page).textContent()).resolves.toBe("Quorum");
    await expectAccessibleAtAllSizes(page, "home");
    // The first Tab reaches the skip link, which takes a keyboard user to the content.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      "Skip to main content",
    );
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main-content");
    await page.getByRole("link", { name: /Prepare a conference/ }).click();

    await expect(heading(page).textContent()).resolves.toBe("Sign in to administration");
    await expectAccessibleAtAllSizes(page, "admin sign-in");

    await page.getByLabel("Administrator token").fill("not-the-right-token-0123456789");
    await page.getByRole("button", { name: "Continue" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain("The administrator token is not right");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("role"))).resolves.toBe("alert");
    await expectAccessibleAtAllSizes(page, "admin sign-in with an error");

    // Keyboard only: the form submits with Enter from the field.
    await page.getByLabel("Administrator token").fill(server.adminToken);
    await page.getByLabel("Administrator token").press("Enter");
    await page.getByRole("heading", { level: 1, name: "Conferences" }).waitFor();
    await expectAccessibleAtAllSizes(page, "conference list (empty)");
    // The token is kept for this tab only.
    await expect(page.evaluate(() => sessionStorage.getItem("quorum.adminToken"))).resolves.toBe(
      server.adminToken,
    );
  });

  it("shows the server's validation issues beside the right fields", async () => {
    const { page } = state.admin!;
    await page.getByRole("main").getByRole("link", { name: "Create a conference" }).click();
    await page.getByRole("heading", { level: 1, name: "Create a conference" }).waitFor();
    await expectAccessibleAtAllSizes(page, "convening sheet");

    await page.getByRole("button", { name: "Create conference and links" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    await expect(
      summary.getByRole("link", { name: "Enter a title for the conference" }).count(),
    ).resolves.toBe(1);
    await expect(
      summary.getByRole("link", { name: "Enter the date and time the conference starts" }).count(),
    ).resolves.toBe(1);
    // The error is linked to its field, and following the link focuses the field.
    await expect(page.locator("#title").getAttribute("aria-describedby")).resolves.toContain("title-error");
    await summary.getByRole("link", { name: "Enter a title for the conference" }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("title");
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessibleAtAllSizes(page, "convening sheet with errors");
  });

  it("creates a conference with a chair, a social worker, a parent and an advocate", async () => {
    const { page } = state.admin!;
    await page.locator("#kind").selectOption("icpc");
    await page.getByLabel("Title").fill("Conference for the Example family");
    await page.getByLabel("Date", { exact: true }).fill("2026-12-01");
    await page.getByLabel("Time", { exact: true }).fill("10:00");
    await page.locator("#policy-profile").selectOption("haringey");
    await page.locator("#children-0-name").fill("Amy Example");
    await page.locator("#children-0-dateOfBirth").fill("2016-04-02");

    await page.locator("#invitees-0-name").fill("Chris Chair");
    await page.getByRole("button", { name: "Add another person" }).click();
    // The new row's name field takes focus.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("invitees-1-name");
    await page.locator("#invitees-1-name").fill("Sally Social");
    // First as a professional with no agency: the server's issue lands on that row's agency field.
    await page.locator("#invitees-1-role").selectOption("professional");
    await page.getByRole("button", { name: "Add another person" }).click();
    await page.locator("#invitees-2-name").fill("Jo Example");
    await page.locator("#invitees-2-role").selectOption("parent");
    await page.getByRole("button", { name: "Add another person" }).click();
    await page.locator("#invitees-3-name").fill("Ava Advocate");
    await page.locator("#invitees-3-role").selectOption("advocate");
    await page.locator("#invitees-3-supports").selectOption({ label: "Jo Example (Parent)" });

    await page.getByRole("button", { name: "Create conference and links" }).click();
    const agencyError = page.getByRole("link", {
      name: "Enter the agency Sally Social (person 2) works for",
    });
    await agencyError.waitFor();
    await expect(page.locator("#invitees-1-agency-error").textContent()).resolves.toContain(
      "Enter the agency Sally Social (person 2) works for",
    );
    await expect(
      page.getByRole("alert").filter({ hasText: "There is a problem" }).locator("li").count(),
    ).resolves.toBe(1);

    await page.locator("#invitees-1-role").selectOption("social_worker");
    await page.locator("#invitees-1-directContact").check();
    await page.getByRole("button", { name: "Create conference and links" }).click();

    await page.waitForURL(/\/admin\/conferences\/[A-Za-z0-9_-]{22}$/);
    state.conferenceUrl = page.url();
    await page.getByRole("alert").filter({ hasText: "Conference created" }).waitFor();
    await expect(heading(page).textContent()).resolves.toBe("Conference for the Example family");
    await expect(page.getByText("Tuesday 1 December 2026 at 10am (UK time)").count()).resolves.toBe(1);

    const conferenceId = state.conferenceUrl.split("/").pop()!;
    const stored = await adminFetch(server, "GET", `/api/admin/conferences/${conferenceId}`);
    expect(stored.body.conference.scheduledStart).toBe("2026-12-01T10:00:00+00:00");
    const advocate = stored.body.participants.find((p: { name: string }) => p.name === "Ava Advocate");
    const parent = stored.body.participants.find((p: { name: string }) => p.name === "Jo Example");
    expect(advocate.supports).toBe(parent.id);

    // One link per invitee, each shown once.
    const fields = page.locator('input[id^="link-"]');
    await expect(fields.count()).resolves.toBe(4);
    for (const name of ["Chris Chair", "Sally Social", "Jo Example", "Ava Advocate"]) {
      const url = await page.getByLabel(new RegExp(`^${name},`)).inputValue();
      expect(url).toMatch(new RegExp(`^${server.url}/join#[A-Za-z0-9_-]{43}$`));
      state.links.set(name, url);
    }
    await expectAccessibleAtAllSizes(page, "conference invite list with new links");

    await page.getByRole("button", { name: "Copy link for Jo Example" }).click();
    await page.getByText("Link for Jo Example copied").waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      state.links.get("Jo Example"),
    );
  });

  it("revokes one link after a confirmation and re-issues another", async () => {
    const { page } = state.admin!;
    await page.getByRole("button", { name: "Revoke link for Ava Advocate" }).click();
    const confirm = page.getByRole("region", { name: "Revoke the link for Ava Advocate?" });
    await confirm.waitFor();
    await expectAccessibleAtAllSizes(page, "revoke confirmation");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm.count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain("Revoke link");

    await page.getByRole("button", { name: "Revoke link for Ava Advocate" }).click();
    await page.getByRole("button", { name: "Yes, revoke the link" }).click();
    await page.getByRole("alert").filter({ hasText: "The link for Ava Advocate has been revoked" }).waitFor();
    const avaRow = page.getByRole("row", { name: /Ava Advocate/ });
    await avaRow.getByText("Revoked", { exact: true }).waitFor();
    await expect(avaRow.getByRole("button", { name: /Revoke link/ }).count()).resolves.toBe(0);

    await page.getByRole("button", { name: "Re-issue link for Sally Social" }).click();
    await page.getByRole("alert").filter({ hasText: "New link for Sally Social" }).waitFor();
    const reissued = await page.getByLabel(/^Sally Social,/).inputValue();
    expect(reissued).toMatch(/\/join#[A-Za-z0-9_-]{43}$/);
    expect(reissued).not.toBe(state.links.get("Sally Social"));
    state.links.set("Sally Social (old)", state.links.get("Sally Social")!);
    state.links.set("Sally Social", reissued);
    await expectAccessibleAtAllSizes(page, "invite list after revoke and re-issue");
  });
});

describe("joining with a personal link", () => {
  it("signs a participant in on a fresh device and names them and the conference", async () => {
    const { page } = await person();
    await page.goto(state.links.get("Jo Example")!);
    await page.waitForURL(/\/conference$/);
    // The token never stays in the address bar.
    expect(new URL(page.url()).hash).toBe("");
    await expect(heading(page).textContent()).resolves.toBe("Conference for the Example family");
    await page.getByText("You are signed in as Jo Example, Parent.").waitFor();
    await page.getByText("Initial child protection conference").first().waitFor();
    await page.getByText("Tuesday 1 December 2026 at 10am (UK time)").waitFor();
    await expectAccessibleAtAllSizes(page, "conference page (parent)");
  });

  it("refuses the same link on a second device with the device message", async () => {
    const { page } = await person({ viewport: { width: 360, height: 740 } });
    await page.goto(state.links.get("Jo Example")!);
    await page
      .getByText(
        "This link has already been used on another device. Ask the chair to let you in on this device.",
      )
      .waitFor();
    expect(new URL(page.url()).pathname).toBe("/join");
    expect(new URL(page.url()).hash).toBe("");
    await expectAccessibleAtAllSizes(page, "join refused (another device)");
  });

  it("refuses revoked and replaced links, and accepts the re-issued one", async () => {
    const revoked = await person();
    await revoked.page.goto(state.links.get("Ava Advocate")!);
    await revoked.page.getByText("This link has been withdrawn.", { exact: false }).waitFor();
    await expectAccessibleAtAllSizes(revoked.page, "join refused (revoked)");

    const old = await person();
    await old.page.goto(state.links.get("Sally Social (old)")!);
    await old.page.getByText("This link has been withdrawn.", { exact: false }).waitFor();

    const fresh = await person();
    await fresh.page.goto(state.links.get("Sally Social")!);
    await fresh.page.waitForURL(/\/conference$/);
    await fresh.page.getByText(/You are signed in as Sally Social, Social worker/).waitFor();
  });

  it("shows the administrator that a link was used, and when", async () => {
    const { page } = state.admin!;
    await page.reload();
    const joRow = page.getByRole("row", { name: /Jo Example/ });
    await joRow.getByText("Used on a device").waitFor();
    await joRow.getByText(/^Last used /).waitFor();
    // Links are shown once: after a reload they are gone.
    await expect(page.locator('input[id^="link-"]').count()).resolves.toBe(0);
    await expectAccessibleAtAllSizes(page, "invite list after use");

    await page.getByRole("link", { name: "All conferences" }).click();
    await page.getByRole("link", { name: "Conference for the Example family" }).waitFor();
    await expectAccessibleAtAllSizes(page, "conference list");
  });

  it("signs out, and explains what to do when not signed in", async () => {
    const { page } = await person();
    await page.goto(state.links.get("Chris Chair")!);
    await page.getByText("You are signed in as Chris Chair, Chair.").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "You have signed out" }).waitFor();
    await expectAccessibleAtAllSizes(page, "signed out");
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "You are not signed in" }).waitFor();
    await page.getByText("Open the personal link you were sent to join your conference.").waitFor();

    await page.goto("/join");
    await page.getByRole("heading", { level: 1, name: "Open your personal link" }).waitFor();
    await expectAccessibleAtAllSizes(page, "join without a link");
    await page.goto("/no-such-page");
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
    await expectAccessibleAtAllSizes(page, "page not found");
  });

  it("had no uncaught errors in any page", () => {
    for (const p of people) expect(p.errors).toEqual([]);
  });
});
