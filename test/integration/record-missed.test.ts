import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type ConferenceFixture, openConference, type Person, resultOf } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { eventually, RawYClient, until } from "../support/yclient";

/**
 * The parts of the meeting a family member missed because they had left (`leave`, or removed by the
 * chair): what is made or changed after they go is left out of their copy of the record by default,
 * and given to them when the chair chooses; nothing of it changes what anyone sees live, and the
 * people still there keep it.
 */

let server: TestServer;
let f: ConferenceFixture;
let p: Record<string, Person>;
let texts: RawYClient;
const open: { close(): void }[] = [];

const BEFORE = "SHAREDBEFOREDADLEFT";
const AFTER = "SHAREDAFTERDADLEFT";
const EDITED = "EDITEDAFTERDADLEFT";

beforeAll(async () => {
  server = await startTestServer();
  f = await openConference(server);
  open.push(f);
  p = f.people;
});
afterAll(async () => {
  for (const x of open) x.close();
  await server.close();
});

async function ok(person: Person, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  const ack = await person.cmd(command);
  expect(ack, JSON.stringify(command)).toMatchObject({ ok: true });
  return resultOf(ack);
}

async function sharedItem(words: string): Promise<string> {
  const id = String(
    (await ok(p.social!, { type: "content.create", kind: "mapping_item", area: "going_well" })).contentId,
  );
  await until(() => texts.doc.getMap("texts").get(id) instanceof Y.Text, 5000, "the item's text");
  (texts.doc.getMap("texts").get(id) as Y.Text).insert(0, words);
  await ok(p.social!, { type: "content.share", contentId: id });
  return id;
}

async function copyOf(recipient: Person): Promise<string> {
  const res = await p.chair!.browser.request("GET", `/api/record/copies/${recipient.participantId}`);
  expect(res.status).toBe(200);
  return res.text;
}

describe("the parts a family member missed after leaving", () => {
  it("are left out of their copy by default, kept in everyone else's, and given back by the chair", async () => {
    await ok(p.chair!, { type: "conference.start" });
    texts = await RawYClient.connect(server.url, `${f.conferenceId}:professional`, {
      cookie: p.social!.browser.cookieHeader,
      origin: server.origin,
    });
    open.push(texts);
    await texts.synced;

    const before = await sharedItem(BEFORE);
    const later = await sharedItem("Grandparents help with the school run.");
    await ok(p.dad!, { type: "leave" });
    await sharedItem(AFTER);
    // Words typed into an item he had seen, after he left: that item is a part he missed too.
    (texts.doc.getMap("texts").get(later) as Y.Text).insert(0, `${EDITED} `);
    await eventually(
      async () =>
        (await server.quorum.rooms.peek(f.conferenceId))?.state.content[later]?.missedBy?.includes(
          p.dad!.participantId,
        ) === true,
      5000,
      "the edited item marked as missed",
    );
    expect(resultOf(await p.dad!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: false });

    // Dad is back (he rejoined through the lobby); what he sees live is unchanged by the rule.
    await ok(p.chair!, { type: "lobby.admit", participantId: p.dad!.participantId });
    const dadView = await RawYClient.connect(server.url, `${f.conferenceId}:view:${p.dad!.participantId}`, {
      cookie: p.dad!.browser.cookieHeader,
      origin: server.origin,
    });
    open.push(dadView);
    await dadView.synced;
    const items = () => JSON.stringify(dadView.doc.getMap("items").toJSON());
    await until(() => items().includes(AFTER), 5000, "the item shared while he was away, live");
    expect(items()).toContain(BEFORE);

    await ok(p.chair!, { type: "conference.end" });
    await eventually(async () => (await copyOf(p.police!)).includes(AFTER), 5000, "the texts");

    // By default his copy leaves out what was shared after he left, and says why.
    const dad = await copyOf(p.dad!);
    expect(dad).toContain(BEFORE);
    expect(dad).not.toContain(AFTER);
    expect(dad).not.toContain(EDITED);
    const screen = await p.chair!.browser.request("GET", "/api/record/copies");
    expect(screen.status).toBe(200);
    const row = (
      screen.body as {
        invitees: { id: string; leftOut: { contentId: string; reasons: string[] }[]; missedParts: number }[];
      }
    ).invitees.find((i) => i.id === p.dad!.participantId)!;
    expect(row.missedParts).toBeGreaterThanOrEqual(2);
    expect(row.leftOut.some((x) => x.reasons.includes("after_they_left"))).toBe(true);
    expect(row.leftOut.some((x) => x.contentId === before)).toBe(false);

    // Mum was there throughout: her copy has it.
    expect(await copyOf(p.mum!)).toContain(AFTER);

    // The chair gives him the parts he missed; the choice is recorded.
    await ok(p.chair!, {
      type: "record.copyChoice",
      participantId: p.dad!.participantId,
      exclusionParts: "include",
    });
    const given = await copyOf(p.dad!);
    expect(given).toContain(AFTER);
    expect(given).toContain(EDITED);
    const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
    expect(audit.some((a) => a.action === "record.copyChoice" && a.outcome === "allowed")).toBe(true);
  });
});
