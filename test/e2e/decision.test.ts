import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICY_PRESETS } from "../../shared/policy";
import { sampleConference } from "../support/fixtures";
import { adminFetch, startTestServer, type TestServer } from "../support/server";
import { expectAccessibleAtAllSizes } from "./support/axe";
import {
  closeContexts,
  launchBrowser,
  openContext,
  openContexts,
  type Person,
  PHONE,
} from "./support/browser";
import { ensureClientBuilt } from "./support/build";

/**
 * A whole decision for two children, in five browser windows at once: the chair, the social worker,
 * the police and health professionals, and a parent on a 360px phone. Professionals and the parent
 * give their safety scales; the chair closes scaling and shares some scales with the family; the
 * professionals give their views and another professional sees the tally move live; the chair's
 * first try breaks Haringey's one-category rule and the refusal shows beside the category; Amy gets
 * a plan under neglect, Ben no plan; the police officer dissents on Ben and asks for escalation; the
 * chair sets Amy's key worker, core group and dates (one refused date first) and Ben's child in need
 * recommendations; the parent reads both decisions in plain words. axe runs on every new state.
 */

let server: TestServer;
let browser: Browser;
const NAMES = ["chair", "social", "police", "health"] as const;
type Name = (typeof NAMES)[number] | "mum";
let people: Record<Name, Person>;
const links: Record<string, string> = {};

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startTestServer();
  browser = await launchBrowser();
  const res = await adminFetch(server, "POST", "/api/admin/conferences", sampleConference());
  expect(res.status).toBe(201);
  for (const link of res.body.links as { name: string; url: string }[]) links[link.name] = link.url;
  const desktop = await openContexts(browser, server.url, NAMES);
  people = { ...desktop, mum: await openContext(browser, server.url, { viewport: PHONE }) };
});

afterAll(async () => {
  if (people) await closeContexts(people);
  await browser?.close();
  await server?.close();
});

const page = (name: Name): Page => people[name].page;
const AMY = "Amy Example";
const BEN = "Ben Example";
/** One child's section of the decision workspace in a full-view window. */
const child = (name: Name, who: string): Locator => page(name).getByTestId(`child-section-${who}`);
/** One child's part of the family view. */
const familyChild = (who: string): Locator => page("mum").getByTestId(`family-child-${who}`);

async function join(name: Name, full: string): Promise<void> {
  const p = page(name);
  await p.goto(links[full]!);
  await p.waitForURL(/\/conference$/);
  await p.getByRole("button", { name: "I understand — join" }).click();
}

/** Give a scale in the form called `form`: a score and a reason, then the submit button. */
async function giveScale(form: Locator, score: number, reason: string, submit: string): Promise<void> {
  await form.getByRole("radio", { name: String(score), exact: true }).check();
  await form.getByRole("textbox").fill(reason);
  await form.getByRole("button", { name: submit }).click();
}

async function giveView(
  name: Name,
  who: string,
  view: "yes" | "no" | "abstain",
  reason: string,
  category?: string,
): Promise<void> {
  const form = child(name, who).getByRole("form", { name: `My view on ${who}` });
  const label = {
    yes: "Yes, a child protection plan is needed",
    no: "No, not needed (child in need)",
    abstain: "I abstain",
  }[view];
  await form.getByRole("radio", { name: label }).check();
  if (category) await form.getByLabel("Recommended category (optional)").selectOption({ label: category });
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Give my view" }).click();
}

// Five windows and axe at two sizes per state: more than the default minute on a busy machine.
describe("a whole decision for two children", { timeout: 120_000 }, () => {
  it("everyone joins and the chair moves to the decision", async () => {
    const chair = page("chair");
    await join("chair", "Chris Chair");
    await chair.getByRole("heading", { name: "Waiting to join (0)" }).waitFor();
    await chair.getByLabel("Admit professionals automatically").click();
    await expect.poll(() => chair.getByLabel("Admit professionals automatically").isChecked()).toBe(true);
    await join("social", "Sally Social");
    await join("police", "PC Lee");
    await join("health", "Hana Health");
    await join("mum", "Jo Example");
    await chair.getByRole("button", { name: "Admit Jo Example" }).click();
    await page("mum").getByRole("heading", { level: 1, name: "Your conference" }).waitFor();

    await chair.getByRole("button", { name: "Go to Decision and recommendations" }).click();
    for (const name of NAMES) {
      await page(name).getByRole("heading", { name: "Scaling, views and decision", level: 2 }).waitFor();
      await child(name, AMY)
        .getByRole("heading", { name: /Amy Example\s*aged 10/ })
        .waitFor();
      await child(name, BEN)
        .getByRole("heading", { name: /Ben Example\s*aged 6/ })
        .waitFor();
    }
    // The chair sees every child at a glance and the rules in words; a professional has no chair controls.
    const overview = chair.getByRole("table", { name: "All the children" });
    await overview
      .getByRole("row", { name: /Amy Example/ })
      .getByText("Not recorded")
      .waitFor();
    await chair.getByText("This conference follows Haringey's procedures.").first().waitFor();
    await expect(
      page("police")
        .getByRole("button", { name: /Close scaling/ })
        .count(),
    ).resolves.toBe(0);
    await expect(
      page("police")
        .getByRole("button", { name: /Ask for views/ })
        .count(),
    ).resolves.toBe(0);
    await expectAccessibleAtAllSizes(chair, "decision workspace (chair)");
    await expectAccessibleAtAllSizes(page("police"), "decision workspace (professional)");
    await expectAccessibleAtAllSizes(page("mum"), "family view at the decision");
  });

  it("takes scales from the professionals and the parent, live, and shares some with the family", async () => {
    const chair = page("chair");
    const scales: [Name, string, number, string][] = [
      ["social", AMY, 4, "Some engagement with the plan"],
      ["police", AMY, 3, "Injuries not explained"],
      ["health", AMY, 5, "Health appointments kept"],
      ["social", BEN, 5, "Ben is settled at nursery"],
      ["police", BEN, 6, "No police call-outs"],
      ["health", BEN, 7, "Growing well"],
    ];
    for (const [name, who, score, reason] of scales) {
      await giveScale(
        child(name, who).getByRole("form", { name: `My scale for ${who}` }),
        score,
        reason,
        "Give my scale",
      );
      await child("chair", who).getByText(reason).waitFor();
    }
    // The parent, on a phone.
    const mumForm = familyChild(AMY).getByRole("form", { name: `Your scale for ${AMY}` });
    await expectAccessibleAtAllSizes(page("mum"), "family scale form");
    await giveScale(mumForm, 6, "We are trying hard", "Send the scale");
    await familyChild(AMY).getByText("You said").waitFor();
    await familyChild(AMY).getByText("6 out of 10").first().waitFor();

    const amy = child("chair", AMY);
    await amy.getByText("We are trying hard").waitFor();
    const summary = amy.getByTestId("scale-summary").getByRole("definition");
    await expect
      .poll(() => summary.allTextContents())
      .toEqual([
        "median 4.5, from 3 to 6 (4 scales)",
        "median 4, from 3 to 5 (3 scales)",
        "median 6, all 6 (1 scale)",
      ]);
    // Ben: the parent has not scaled yet, and the chair sees it.
    await child("chair", BEN).getByText("Not scaled yet:").waitFor();
    await expect(
      child("chair", BEN)
        .getByText(/Not scaled yet:.*Jo Example/)
        .count(),
    ).resolves.toBe(1);

    // A professional changes their scale while scaling is open.
    const police = child("police", AMY);
    // The form stays open after the first scale, its button now "Change my scale".
    await police.locator("summary", { hasText: "Change my scale" }).waitFor();
    await giveScale(
      police.getByRole("form", { name: `My scale for ${AMY}` }),
      2,
      "Injuries not explained; new bruise",
      "Change my scale",
    );
    await amy.getByText("Injuries not explained; new bruise").waitFor();

    // The chair closes scaling for Amy and shares two scales with the family.
    await amy.getByRole("button", { name: `Close scaling for ${AMY}` }).click();
    await amy.getByText("The chair has closed scaling. Scales cannot change.").waitFor();
    await familyChild(AMY).getByText("The chair has closed this part. Scales cannot change now.").waitFor();
    await expect(police.getByRole("form", { name: `My scale for ${AMY}` }).count()).resolves.toBe(0);
    const share = amy.getByRole("form", { name: `Share scales with the family, ${AMY}` });
    await share.getByLabel("PC Lee: 2").check();
    await share.getByLabel("Hana Health: 5").check();
    await share.getByRole("button", { name: `Share these scales for ${AMY}` }).click();
    await share.getByText("The family now sees the scales you chose.").waitFor();
    const others = familyChild(AMY);
    await others.getByRole("heading", { name: "What others said" }).waitFor();
    await others.getByText("Injuries not explained; new bruise").waitFor();
    await others.getByText("Health appointments kept").waitFor();
    await expect(others.getByText("Some engagement with the plan").count()).resolves.toBe(0);
    await expectAccessibleAtAllSizes(chair, "scaling closed and shared (chair)");
    await expectAccessibleAtAllSizes(page("mum"), "family view with shared scales");
  });

  it("asks for views, and another professional sees the tally move live", async () => {
    const chair = page("chair");
    await child("chair", AMY)
      .getByRole("button", { name: `Ask for views on ${AMY}` })
      .click();
    await child("social", AMY)
      .getByRole("form", { name: `My view on ${AMY}` })
      .waitFor();
    await expectAccessibleAtAllSizes(page("social"), "view form (professional)");
    await giveView("social", AMY, "yes", "Neglect over two years", "Neglect");
    const tally = child("health", AMY).getByTestId(/^tally-/);
    await expect
      .poll(() => tally.textContent())
      .toBe("Tally: 1 for a plan, 0 against a plan (child in need), 0 abstaining.");
    await giveView("police", AMY, "yes", "Unexplained injuries", "Physical abuse");
    await expect
      .poll(() => tally.textContent())
      .toBe("Tally: 2 for a plan, 0 against a plan (child in need), 0 abstaining.");
    await child("health", AMY).getByText("No view yet from:").waitFor();
    await giveView("health", AMY, "no", "Health needs are met");
    await expect
      .poll(() => tally.textContent())
      .toBe("Tally: 2 for a plan, 1 against a plan (child in need), 0 abstaining.");
    await child("chair", AMY).getByText("Unexplained injuries").waitFor();
    await child("chair", AMY).getByText("Child protection plan needed: Physical abuse").waitFor();
    await child("chair", AMY)
      .getByRole("button", { name: `Close views on ${AMY}` })
      .click();
    await child("health", AMY).getByText("The chair has closed the views. They cannot change.").waitFor();
    await expect(
      child("health", AMY)
        .getByRole("form", { name: `My view on ${AMY}` })
        .count(),
    ).resolves.toBe(0);

    await child("chair", BEN)
      .getByRole("button", { name: `Ask for views on ${BEN}` })
      .click();
    await giveView("social", BEN, "no", "Ben's needs are met at home");
    await giveView("police", BEN, "yes", "Domestic abuse in the home");
    await giveView("health", BEN, "no", "Thriving");
    await expect
      .poll(() =>
        child("chair", BEN)
          .getByTestId(/^tally-/)
          .textContent(),
      )
      .toBe("Tally: 1 for a plan, 2 against a plan (child in need), 0 abstaining.");
    await expectAccessibleAtAllSizes(chair, "views given (chair)");
  });

  it("refuses two categories under Haringey beside the category, then records one per child", async () => {
    const chair = page("chair");
    const amy = child("chair", AMY);
    const form = amy.getByRole("form", { name: `Record the decision for ${AMY}` });
    await form
      .getByText("With a plan, choose exactly one category, even where harm falls under more than one.")
      .waitFor();
    await form.getByRole("radio", { name: "Yes, a child protection plan" }).check();
    const category = form.getByRole("group", { name: "Category" });
    await category.getByLabel("Neglect").check();
    await category.getByLabel("Emotional abuse").check();
    await form.getByLabel("Rationale").fill("Neglect over two years; no sustained change");
    await form.getByRole("button", { name: `Record the decision for ${AMY}` }).click();
    const rule = "This conference follows Haringey's procedures: choose exactly one category.";
    await category.getByText(rule).waitFor();
    await form.getByRole("alert").getByRole("link", { name: rule }).waitFor();
    await expect(amy.getByText("Child protection plan: Neglect").count()).resolves.toBe(0);
    await expectAccessibleAtAllSizes(chair, "decision refused (chair)");

    await category.getByLabel("Emotional abuse").uncheck();
    await form.getByRole("button", { name: `Record the decision for ${AMY}` }).click();
    await amy.getByText("Child protection plan: Neglect", { exact: true }).waitFor();
    await child("social", AMY).getByText("Child protection plan: Neglect", { exact: true }).waitFor();
    await chair
      .getByRole("table", { name: "All the children" })
      .getByRole("row", { name: /Amy Example/ })
      .getByText("Child protection plan: Neglect")
      .waitFor();

    const ben = child("chair", BEN);
    const benForm = ben.getByRole("form", { name: `Record the decision for ${BEN}` });
    await benForm.getByRole("radio", { name: "No child protection plan (child in need)" }).check();
    await benForm.getByLabel("Rationale").fill("Ben's needs can be met with support");
    await benForm.getByRole("button", { name: `Record the decision for ${BEN}` }).click();
    await ben.getByText("No child protection plan (child in need)", { exact: true }).first().waitFor();
    await expectAccessibleAtAllSizes(chair, "both decisions recorded (chair)");
  });

  it("records the police officer's dissent on Ben, with a request for escalation", async () => {
    const police = child("police", BEN);
    // Their view differed from the decision, so the form is open for them.
    await police.getByText("Your view differs from the decision.").waitFor();
    const form = police.getByRole("form", { name: `My dissent from the decision for ${BEN}` });
    await form.getByLabel("Reason for the dissent").fill("Domestic abuse makes significant harm likely");
    await form.getByLabel("Ask for the decision to be escalated").check();
    await expectAccessibleAtAllSizes(page("police"), "dissent form (professional)");
    await form.getByRole("button", { name: "Record my dissent" }).click();
    await form.getByText("The dissent is in the record.").waitFor();
    const list = child("chair", BEN).getByRole("list", { name: `Dissent from the decision for ${BEN}` });
    await list.getByText("Domestic abuse makes significant harm likely").waitFor();
    await list.getByText("Asks for escalation").waitFor();
    await list.getByText("Their view: Child protection plan needed").waitFor();
    await child("social", BEN).getByText("Domestic abuse makes significant harm likely").waitFor();
    await expect(child("chair", AMY).getByText("No dissent recorded.").count()).resolves.toBe(1);
  });

  it("sets what follows: Amy's key worker, core group and dates; Ben's child in need recommendations", async () => {
    const chair = page("chair");
    const amy = child("chair", AMY);
    const form = amy.getByRole("form", { name: `Key worker, core group and dates for ${AMY}` });
    // The app's proposal is filled in, with the latest dates allowed.
    await expect.poll(() => form.getByLabel("Key worker", { exact: true }).inputValue()).not.toBe("");
    await expect(
      form.getByLabel("Key worker", { exact: true }).locator("option:checked").textContent(),
    ).resolves.toBe("Sally Social, Social worker, Children's social care");
    await expect(form.getByLabel("First core group meeting", { exact: true }).inputValue()).resolves.toBe(
      "2026-12-15",
    );
    await expect(form.getByLabel("Next review conference", { exact: true }).inputValue()).resolves.toBe(
      "2027-03-01",
    );
    await form.getByText("On a working day, by Tuesday 15 December 2026 at the latest.").waitFor();
    const core = form.getByRole("group", { name: "Core group" });
    await expect(core.getByLabel("Jo Example").isChecked()).resolves.toBe(true);
    await expect(core.getByLabel("PC Lee").isChecked()).resolves.toBe(true);

    // A date past the limit is refused beside that date.
    await form.getByLabel("First core group meeting", { exact: true }).fill("2026-12-16");
    await form.getByRole("button", { name: `Set key worker, core group and dates for ${AMY}` }).click();
    await form
      .getByText(
        "This conference follows Haringey's procedures: the first core group meets within 10 working days of an initial conference, that is by Tuesday 15 December 2026.",
      )
      .first()
      .waitFor();
    await expectAccessibleAtAllSizes(chair, "outcome refused (chair)");
    await form.getByLabel("First core group meeting", { exact: true }).fill("2026-12-10");
    await form.getByRole("button", { name: `Set key worker, core group and dates for ${AMY}` }).click();
    await amy.getByText("Thursday 10 December 2026").waitFor();
    await amy.getByText("Monday 1 March 2027").waitFor();

    const ben = child("chair", BEN);
    const cin = ben.getByRole("form", { name: `Child in need recommendations for ${BEN}` });
    await cin
      .getByLabel("Recommendations for a child in need plan")
      .fill("Family support worker weekly\nNursery to share attendance with the social worker");
    await cin.getByRole("button", { name: `Record the recommendations for ${BEN}` }).click();
    await ben.getByText("Family support worker weekly").waitFor();
    await child("police", BEN).getByText("Family support worker weekly").waitFor();
    await expectAccessibleAtAllSizes(chair, "what follows set (chair)");
  });

  it("shows the parent both decisions in plain words, with what happens next", async () => {
    const mum = page("mum");
    const amy = familyChild(AMY);
    await amy
      .getByText(
        "The conference decided that Amy Example needs a child protection plan, under the category of neglect.",
      )
      .waitFor();
    await amy.getByText(/Sally Social \(social worker\) is Amy Example's key worker/).waitFor();
    await amy.getByText(/The first core group meeting is on Thursday 10 December 2026/).waitFor();
    await amy.getByText(/The next review conference is on Monday 1 March 2027/).waitFor();
    await amy.getByText(/If you do not agree with the decision, tell the chair/).waitFor();
    const ben = familyChild(BEN);
    await ben
      .getByText("The conference decided that Ben Example does not need a child protection plan.")
      .waitFor();
    await ben.getByText(/child in need plan/).waitFor();
    // Views, rationale, dissent and recommendations stay with the professionals.
    const text = (await mum.locator("body").textContent()) ?? "";
    for (const secret of [
      "Neglect over two years",
      "Domestic abuse makes significant harm likely",
      "Family support worker weekly",
      "Some engagement with the plan",
    ]) {
      expect(text.includes(secret), secret).toBe(false);
    }
    await expectAccessibleAtAllSizes(mum, "family view with both decisions");
    // At 360px nothing scrolls sideways.
    const overflow = await mum.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
  });

  it("had no uncaught errors in any window", () => {
    for (const name of [...NAMES, "mum"] as const) expect(people[name].errors, name).toEqual([]);
  });
});

/**
 * A profile where a simple majority of professionals decides and each agency gives one view (a
 * custom profile joining Wakefield's rule to Middlesbrough's): the minute taker enters a scale and
 * a view for people in the room without a device; a second police officer speaks for the agency
 * instead of the first; the chair's decision against the majority is refused until the override
 * reason is given, beside that field; the chair reopens the decision with a reason.
 */
describe("a majority profile with one view per agency", { timeout: 120_000 }, () => {
  const WHO = ["chair", "minutes", "lee", "kaur", "social"] as const;
  type Who = (typeof WHO)[number];
  let room: Record<Who, Person>;
  const urls: Record<string, string> = {};
  const p = (who: Who): Page => room[who].page;
  const amy = (who: Who): Locator => p(who).getByTestId(`child-section-${AMY}`);

  beforeAll(async () => {
    const base = sampleConference();
    const res = await adminFetch(server, "POST", "/api/admin/conferences", {
      ...base,
      title: "Conference for Amy Example",
      children: [base.children[0]!],
      policyProfile: {
        ...POLICY_PRESETS.wakefield,
        preset: "custom",
        name: "Testshire (majority, one view per agency)",
        oneViewPerAgency: true,
      },
      invitees: [
        { name: "Chris Chair", role: "chair" },
        { name: "Mina Minutes", role: "minute_taker" },
        { name: "Sally Social", role: "social_worker", directContact: true },
        { name: "PC Lee", role: "professional", agency: "Police", directContact: true },
        { name: "PC Kaur", role: "professional", agency: "Police", directContact: true },
        { name: "Hana Health", role: "professional", agency: "Health visiting", directContact: true },
        { name: "Jo Example", role: "parent" },
        { name: "Dan Example", role: "parent" },
      ],
    });
    expect(res.status).toBe(201);
    for (const link of res.body.links as { name: string; url: string }[]) urls[link.name] = link.url;
    room = await openContexts(browser, server.url, WHO);
  });
  afterAll(async () => {
    if (room) await closeContexts(room);
  });

  async function enter(who: Who, name: string): Promise<void> {
    await p(who).goto(urls[name]!);
    await p(who).waitForURL(/\/conference$/);
    await p(who).getByRole("button", { name: "I understand — join" }).click();
  }

  it("the minute taker enters a scale and a view for people in the room without a device", async () => {
    const chair = p("chair");
    await enter("chair", "Chris Chair");
    await chair.getByLabel("Admit professionals automatically").click();
    await expect.poll(() => chair.getByLabel("Admit professionals automatically").isChecked()).toBe(true);
    await enter("minutes", "Mina Minutes");
    await enter("lee", "PC Lee");
    await enter("kaur", "PC Kaur");
    await enter("social", "Sally Social");
    await chair.getByRole("button", { name: "Go to Decision and recommendations" }).click();
    // The minute taker's workspace stays on the minutes; she opens the decision part herself.
    await p("minutes").getByRole("button", { name: "Scaling, views and decision" }).click();
    for (const who of WHO)
      await amy(who)
        .getByRole("heading", { name: /Amy Example/ })
        .waitFor();
    await amy("chair").getByText("A simple majority of the professionals' views decides.").first().waitFor();

    const minutes = p("minutes");
    for (const name of ["Dan Example", "Hana Health"]) {
      await minutes.locator("summary", { hasText: `Actions for ${name}` }).click();
      await minutes.getByRole("button", { name: `In the room ${name}` }).click();
      await minutes
        .getByRole("list", { name: "Present" })
        .getByRole("paragraph")
        .filter({ hasText: new RegExp(`^${name}$`) })
        .waitFor();
    }
    await amy("minutes").locator("summary", { hasText: "Enter a scale for someone in the room" }).click();
    const scaleFor = amy("minutes").getByRole("form", {
      name: `Enter a scale for someone in the room, ${AMY}`,
    });
    await scaleFor.getByLabel("Whose scale").selectOption({ label: "Dan Example, Parent" });
    await scaleFor.getByRole("radio", { name: "5", exact: true }).check();
    await scaleFor.getByRole("textbox").fill("Said in the room: things are better");
    await expectAccessibleAtAllSizes(minutes, "scale for someone in the room (minute taker)");
    await scaleFor.getByRole("button", { name: "Enter this scale" }).click();
    const row = amy("chair")
      .getByRole("list", { name: `Scales for ${AMY}` })
      .getByRole("listitem");
    await row
      .filter({ hasText: "Dan Example" })
      .getByText("Entered by Mina Minutes.", { exact: false })
      .waitFor();

    await amy("chair")
      .getByRole("button", { name: `Ask for views on ${AMY}` })
      .click();
    await amy("minutes")
      .locator("summary", { hasText: "Enter a view for a professional in the room" })
      .click();
    const viewFor = amy("minutes").getByRole("form", {
      name: `Enter a view for a professional in the room, ${AMY}`,
    });
    await viewFor
      .getByLabel("Whose view")
      .selectOption({ label: "Hana Health, Professional, Health visiting" });
    await viewFor.getByRole("radio", { name: "No, not needed (child in need)" }).check();
    await viewFor.getByLabel("Reason").fill("Health needs are met");
    await viewFor.getByRole("button", { name: "Enter this view" }).click();
    await amy("chair").getByText("Health needs are met").waitFor();
    await amy("chair").getByText("Entered by Mina Minutes.").last().waitFor();
  });

  it("a second officer speaks for the police instead of the first; the tally follows", async () => {
    for (const [who, reason] of [
      ["social", "Neglect continues"],
      ["lee", "Injuries not explained"],
    ] as const) {
      const form = amy(who).getByRole("form", { name: `My view on ${AMY}` });
      await form.getByRole("radio", { name: "Yes, a child protection plan is needed" }).check();
      await form.getByLabel("Reason").fill(reason);
      await form.getByRole("button", { name: "Give my view" }).click();
      await amy("chair").getByText(reason).waitFor();
    }
    const tally = amy("chair").getByTestId(/^tally-/);
    await expect
      .poll(() => tally.textContent())
      .toBe("Tally: 2 for a plan, 1 against a plan (child in need), 0 abstaining.");
    await amy("chair").getByText("Under these procedures the majority decides.").waitFor();

    const kaur = amy("kaur");
    await kaur.getByText("One view per agency. PC Lee speaks for Police.").waitFor();
    await expect(kaur.getByRole("form", { name: `My view on ${AMY}` }).count()).resolves.toBe(0);
    await expectAccessibleAtAllSizes(p("kaur"), "one view per agency (professional)");
    await kaur.getByLabel("Speak for Police instead").check();
    const form = kaur.getByRole("form", { name: `My view on ${AMY}` });
    await form.getByRole("radio", { name: "No, not needed (child in need)" }).check();
    await form.getByLabel("Reason").fill("The family has engaged with police advice");
    await form.getByRole("button", { name: "Give my view" }).click();
    await expect
      .poll(() => tally.textContent())
      .toBe("Tally: 1 for a plan, 2 against a plan (child in need), 0 abstaining.");
    await expect(amy("chair").getByText("Injuries not explained").count()).resolves.toBe(0);
    await amy("lee").getByText("One view per agency. PC Kaur speaks for Police.").waitFor();
  });

  it("refuses a decision against the majority until the chair says why, beside that field; then reopens it", async () => {
    const chair = p("chair");
    const section = amy("chair");
    const form = section.getByRole("form", { name: `Record the decision for ${AMY}` });
    await form.getByRole("radio", { name: "Yes, a child protection plan" }).check();
    await form.getByRole("group", { name: "Category" }).getByLabel("Neglect").check();
    await form.getByLabel("Rationale").fill("Neglect over two years");
    const override = form.getByLabel("Why the chair decides against the majority");
    await override.waitFor();
    await form.getByText("The majority of professionals is against a plan.").waitFor();
    await form.getByRole("button", { name: `Record the decision for ${AMY}` }).click();
    const rule =
      "This conference follows Testshire's procedures: a simple majority of professionals decides. The majority was against a plan; to decide otherwise, record why you are using the chair's power to decide.";
    await expect.poll(() => override.getAttribute("aria-invalid")).toBe("true");
    await form
      .locator(`#${await override.getAttribute("id")}-error`)
      .getByText(rule)
      .waitFor();
    await expectAccessibleAtAllSizes(chair, "override refused (chair)");
    await override.fill("The police disclosure shows a pattern the majority has not weighed");
    await form.getByRole("button", { name: `Record the decision for ${AMY}` }).click();
    await section.getByText("Child protection plan: Neglect", { exact: true }).waitFor();
    await section.getByText("The police disclosure shows a pattern the majority has not weighed").waitFor();
    await amy("kaur").getByText("Your view differs from the decision.").waitFor();

    await section.getByRole("button", { name: `Reopen the decision for ${AMY}` }).click();
    await section.getByLabel(`Why reopen the decision for ${AMY}?`).fill("New information from the school");
    await section.getByRole("button", { name: "Reopen the decision" }).click();
    await section.getByText("The chair reopened the decision. It has not been recorded again yet.").waitFor();
    await section.locator("summary", { hasText: "Earlier decisions, reopened (1)" }).click();
    await section.getByText(/New information from the school/).waitFor();
    await section.getByRole("form", { name: `Record the decision for ${AMY}` }).waitFor();
    await expectAccessibleAtAllSizes(chair, "decision reopened (chair)");
  });

  it("had no uncaught errors in any window", () => {
    for (const who of WHO) expect(room[who].errors, who).toEqual([]);
  });
});
