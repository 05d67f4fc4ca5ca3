import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { png } from "../support/files";
import { sampleConference } from "../support/fixtures";
import { adminFetch, startTestServer, type TestServer } from "../support/server";
import { expectAccessibleAtAllSizes } from "./support/axe";
import { closeContexts, launchBrowser, openContext, type Person, PHONE } from "./support/browser";
import { ensureClientBuilt } from "./support/build";

/**
 * The family's side of a conference in five windows: the chair and the social worker at desks, the
 * mother, the father and a young person on phones (360 px). The family view; an item withheld from
 * the mother leaving her screen at once; the father excluded (waiting screen, views to the chair,
 * back in, a held item released); a split conference; the child's voice (a picture the young person
 * keeps from her father, confirmed by the chair). axe on every screen at desktop and 360 px.
 */

let server: TestServer;
let browser: Browser;
const NAMES = ["chair", "social", "mum", "dad", "amy"] as const;
type Name = (typeof NAMES)[number];
const FULL: Record<Name, string> = {
  chair: "Chris Chair",
  social: "Sally Social",
  mum: "Jo Example",
  dad: "Dan Example",
  amy: "Amy Example",
};
let people: Record<Name, Person>;
const links: Record<string, string> = {};

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startTestServer();
  browser = await launchBrowser();
  const base = sampleConference();
  const res = await adminFetch(
    server,
    "POST",
    "/api/admin/conferences",
    sampleConference({
      invitees: [...(base.invitees ?? []), { ref: "amy", name: "Amy Example", role: "young_person" }],
    }),
  );
  expect(res.status).toBe(201);
  for (const link of res.body.links as { name: string; url: string }[]) links[link.name] = link.url;
  people = {} as Record<Name, Person>;
  for (const name of NAMES) {
    const phone = name === "mum" || name === "dad" || name === "amy";
    people[name] = await openContext(browser, server.url, phone ? { viewport: PHONE } : {});
  }
});

afterAll(async () => {
  if (people) await closeContexts(people);
  await browser?.close();
  await server?.close();
});

const page = (name: Name): Page => people[name].page;
const h1 = (p: Page, name: string | RegExp) => p.getByRole("heading", { level: 1, name });
const region = (p: Page, name: string | RegExp) => p.getByRole("region", { name });

async function join(name: Name): Promise<void> {
  const p = page(name);
  await p.goto(links[FULL[name]]!);
  await p.waitForURL(/\/conference$/);
  await p.getByRole("button", { name: "I understand — join" }).click();
}

const ITEM = "What is going well, item 1";
const POLICE_ITEM = "Worries: past harm, item 1";

describe("the family's view of a conference", () => {
  it("shows a parent and a young person their own view, in their own words, on a phone", async () => {
    await join("chair");
    for (const name of ["social", "mum", "dad", "amy"] as const) await join(name);
    const chair = page("chair");
    for (const name of ["social", "mum", "dad", "amy"] as const)
      await chair.getByRole("button", { name: `Admit ${FULL[name]}` }).click();
    await h1(page("mum"), "Your conference").waitFor();
    await h1(page("dad"), "Your conference").waitFor();
    await h1(page("amy"), "Your meeting").waitFor();
    await page("social").getByRole("heading", { name: "Mapping" }).waitFor();

    const mum = page("mum");
    await region(mum, "Who is here").getByText("Sally Social").waitFor();
    await region(mum, "If you are unhappy")
      .getByText(/The chair today is Chris Chair/)
      .waitFor();
    await expectAccessibleAtAllSizes(mum, "family view");
    const amy = page("amy");
    await region(amy, "Your views").waitFor();
    await region(amy, "If you are not happy").waitFor();
    await expect(amy.getByTestId("family-current-item").textContent()).resolves.toBe("Saying hello");
    await amy.getByText("Add my views").click();
    await expectAccessibleAtAllSizes(amy, "young person's view");
    await expectAccessibleAtAllSizes(chair, "chair's console with the family");
  });

  it("withholds an item from the mother: it leaves her screen at once, and stays on the father's", async () => {
    const social = page("social");
    const chair = page("chair");
    await social.getByRole("button", { name: "Add to what is going well" }).click();
    await social.getByLabel(ITEM).fill("Dad has been to every contact session.");
    await expect
      .poll(() => chair.getByLabel(ITEM).inputValue())
      .toBe("Dad has been to every contact session.");
    await chair.getByRole("button", { name: `Share with family (${ITEM})` }).click();
    for (const name of ["mum", "dad"] as const)
      await region(page(name), "What has been shared with you")
        .getByText("Dad has been to every contact session.")
        .waitFor();
    await chair.getByRole("button", { name: `Withhold from… (${ITEM})` }).click();
    const item = chair.getByRole("listitem").filter({ has: chair.getByLabel(ITEM) });
    await item.getByLabel("Jo Example").check();
    await item.getByLabel("Reason").fill("Health information about another person");
    await item.getByRole("button", { name: "Withhold", exact: true }).click();
    await expect
      .poll(() => page("mum").getByText("Dad has been to every contact session.").count(), { timeout: 5000 })
      .toBe(0);
    await item.getByText("Withheld from Jo Example").waitFor();
    await expect(page("dad").getByText("Dad has been to every contact session.").count()).resolves.toBe(1);
    await region(chair, /^Withheld/)
      .getByRole("button", { name: "Release to Jo Example" })
      .waitFor();
    // A young person sees a shared item only once the chair chooses it for young people.
    const amy = region(page("amy"), "What people have shared with you");
    await expect(amy.getByText("Dad has been to every contact session.").count()).resolves.toBe(0);
    await chair.getByRole("button", { name: `Show to young people (${ITEM})` }).click();
    await amy.getByText("Dad has been to every contact session.").waitFor();
    await item.getByText("Young people see it").waitFor();
  });

  it("excludes the father: a waiting screen, his views reach the chair, and a held item is released when he is back", async () => {
    const chair = page("chair");
    const dad = page("dad");
    const out = region(chair, /^Out of the meeting/);
    await out.getByText("Exclude a family member").click();
    await out.getByLabel("Who is to leave the meeting").selectOption({ label: "Dan Example" });
    await out.getByLabel(/Members need confidential information/).check();
    await out.getByLabel("Note for the record").fill("Police to share details of an investigation.");
    await out.getByRole("button", { name: "Exclude", exact: true }).click();
    await h1(dad, "Please wait: you will be asked back").waitFor();
    await out.getByText(/Out since/).waitFor();
    await expectAccessibleAtAllSizes(dad, "waiting screen while excluded");
    await dad.getByLabel("Your views for the chair").fill("I have stopped drinking and I go to AA.");
    await dad.getByRole("button", { name: "Send to the chair" }).click();
    await dad.getByText("Sent. The chair can read it now.").waitFor();
    await region(chair, /^Views sent to the chair/)
      .getByText("I have stopped drinking and I go to AA.")
      .waitFor();

    // While he is out: the police item is shared with the family; the mother sees it, he will not.
    const social = page("social");
    await social.getByRole("button", { name: "Add to worries: past harm" }).click();
    await social.getByLabel(POLICE_ITEM).fill("Police attended the home twice in March.");
    await expect
      .poll(() => chair.getByLabel(POLICE_ITEM).inputValue())
      .toBe("Police attended the home twice in March.");
    await chair.getByRole("button", { name: `Share with family (${POLICE_ITEM})` }).click();
    await region(page("mum"), "What has been shared with you")
      .getByText("Police attended the home twice in March.")
      .waitFor();

    await out.getByRole("button", { name: "Bring Dan Example back" }).click();
    await h1(dad, "Your conference").waitFor();
    await region(dad, "What has been shared with you").waitFor();
    await expect(dad.getByText("Police attended the home twice in March.").count()).resolves.toBe(0);
    const held = out.getByRole("list", { name: "Held from Dan Example" });
    await held.getByText("Police attended the home twice in March.", { exact: false }).waitFor();
    await expectAccessibleAtAllSizes(chair, "chair's console with held items");
    await held.getByRole("button", { name: "Release to Dan Example" }).click();
    await region(dad, "What has been shared with you")
      .getByText("Police attended the home twice in March.")
      .waitFor();
  });

  it("runs a split conference: the father does not see the mother's words, nor that she is here", async () => {
    const chair = page("chair");
    const split = region(chair, "Split conference");
    await split.getByLabel("Jo Example").check();
    await split.getByLabel("Amy Example").check();
    await split
      .getByLabel("Why the conference is split (for the record)")
      .fill("Domestic abuse: separate parts.");
    await split.getByRole("button", { name: "Start this part" }).click();
    await h1(page("dad"), "Please wait: you will be asked back").waitFor();
    await split.getByTestId("split-status").getByText("In this part: Amy Example, Jo Example.").waitFor();

    const mum = page("mum");
    await mum.getByLabel("What I am worried about").check();
    // Over the limit (counted as the server counts: an emoji is one character): the box keeps every
    // word, the count says so in words, and nothing is sent.
    const box = mum.getByLabel("What you think", { exact: true });
    const tooLong = `${"x".repeat(1995)}${"😀".repeat(10)}`;
    await box.fill(tooLong);
    await mum.getByTestId("contribute-text-count").getByText("You have 5 characters too many").waitFor();
    await mum.getByRole("button", { name: "Add what I think" }).click();
    await mum.getByText("Your contribution must be 2,000 characters or fewer").waitFor();
    await expect(box.inputValue()).resolves.toBe(tooLong);
    await expectAccessibleAtAllSizes(mum, "a contribution over the limit");
    await box.fill("I am frightened when he has been drinking.");
    await mum.getByRole("button", { name: "Add what I think" }).click();
    await mum.getByText("Thank you. The professionals can now see what you wrote.").waitFor();
    const said = region(chair, /^What the family have said/);
    await said.getByText("I am frightened when he has been drinking.").waitFor();
    await said.getByText("Withheld from Dan Example").waitFor();
    await expect(said.getByText("xxxxxxxxxx", { exact: false }).count()).resolves.toBe(0);

    await split.getByLabel("Jo Example").uncheck();
    await split.getByLabel("Amy Example").uncheck();
    await split.getByLabel("Dan Example").check();
    await split.getByRole("button", { name: "Start this part" }).click();
    await h1(mum, "Please wait: you will be asked back").waitFor();
    const dad = page("dad");
    await h1(dad, "Your conference").waitFor();
    await region(dad, "Who is here").getByText("Chris Chair").waitFor();
    await expect(region(dad, "Who is here").getByText("Jo Example").count()).resolves.toBe(0);
    await expect(dad.getByText("I am frightened when he has been drinking.").count()).resolves.toBe(0);
    await expectAccessibleAtAllSizes(dad, "family view in his part of a split conference");

    await split.getByRole("button", { name: "Bring everyone back together" }).click();
    await h1(mum, "Your conference").waitFor();
    await h1(page("amy"), "Your meeting").waitFor();
    await expect(dad.getByText("I am frightened when he has been drinking.").count()).resolves.toBe(0);
  });

  it("takes the young person's picture, kept from her father, and shows it to her mother once the chair confirms", async () => {
    const amy = page("amy");
    const chair = page("chair");
    const views = region(amy, "Your views");
    const add = views.getByText("Add my views");
    if (!(await views.getByLabel("A picture or drawing").isVisible())) await add.click();
    await views.getByLabel("A picture or drawing").check();
    await views.getByLabel("Give it a name (you do not have to)").fill("Me and my mum");
    await views.getByLabel("Choose the file").setInputFiles({
      name: "drawing.png",
      mimeType: "image/png",
      buffer: png("drawing", [0, 112, 60], 64),
    });
    await views.getByLabel("Everyone at the meeting, my family too").check();
    await views.getByLabel("Dan Example").check();
    await views.getByRole("button", { name: "Send" }).click();
    await views.getByText("Thank you. The chair will check who can see it.").waitFor();
    await views.getByRole("heading", { name: "Me and my mum" }).waitFor();
    await views.getByText(/The chair will check this/).waitFor();

    await chair.getByRole("button", { name: "Go to The child's voice" }).click();
    const voice = region(chair, "The child's voice");
    await voice.getByRole("img", { name: "Me and my mum" }).waitFor();
    await voice.getByText("everyone in the meeting except Dan Example").waitFor();
    await expectAccessibleAtAllSizes(chair, "chair's console: the child's voice");
    await voice.getByRole("button", { name: /Confirm Amy Example's choice/ }).click();
    await voice.getByText("The chair has confirmed this.").waitFor();

    const mum = page("mum");
    const picture = region(mum, "What the children have said").getByRole("img", { name: "Me and my mum" });
    await picture.waitFor();
    // The picture loads lazily, as a person scrolls to it.
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await expect(page("dad").getByRole("img", { name: "Me and my mum" }).count()).resolves.toBe(0);
    await views.getByText("The chair has agreed.").waitFor();
    await expect
      .poll(() => page("mum").getByTestId("family-current-item").textContent())
      .toBe("What the children think");
    await expectAccessibleAtAllSizes(mum, "family view with the child's voice");
    await expectAccessibleAtAllSizes(amy, "young person's view with her picture");
  });

  it("lets the chair preview the room exactly as the father sees it", async () => {
    const chair = page("chair");
    await chair.getByLabel("Preview as").selectOption({ label: "Dan Example" });
    const preview = chair.getByRole("region", { name: "Preview of the family view" });
    await preview.getByText("Police attended the home twice in March.").waitFor();
    await expect(preview.getByText("I am frightened when he has been drinking.").count()).resolves.toBe(0);
    await expect(preview.getByRole("img", { name: "Me and my mum" }).count()).resolves.toBe(0);
    await expectAccessibleAtAllSizes(chair, "chair's console with the preview");
  });

  it("had no uncaught errors in any window", () => {
    for (const name of NAMES) expect(people[name].errors, name).toEqual([]);
  });
});
