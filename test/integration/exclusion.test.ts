import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import {
  type ConferenceFixture,
  connectSocket,
  openConference,
  type Person,
  resultOf,
  sendCommand,
} from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
const open: { close(): void }[] = [];
afterAll(() => {
  for (const x of open) x.close();
});

async function connect(person: Person, name: string): Promise<RawYClient> {
  const c = await RawYClient.connect(server.url, name, {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  open.push(c);
  await c.synced;
  return c;
}
const viewOf = (f: ConferenceFixture, p: Person) => `${f.conferenceId}:view:${p.participantId}`;
const texts = (c: RawYClient) =>
  [...c.doc.getMap("items").values()].map((i) => String((i as Y.Map<unknown>).get("text")));
const textOf = (doc: Y.Doc, id: string) => doc.getMap("texts").get(id) as Y.Text;

/** Everything a parent's client could hold: raw bytes and every item's text. */
function wire(c: RawYClient): string {
  return `${c.allBytes().toString("latin1")}\n${texts(c).join("\n")}`;
}

async function sharedItem(f: ConferenceFixture, pro: RawYClient, text: string): Promise<string> {
  const id = resultOf<{ contentId: string }>(
    await f.people.social!.cmd({ type: "content.create", kind: "mapping_item", area: "worries_past_harm" }),
  ).contentId;
  await until(() => pro.doc.getMap("texts").has(id));
  textOf(pro.doc, id).insert(0, text);
  expect((await f.people.social!.cmd({ type: "content.share", contentId: id })).ok).toBe(true);
  return id;
}

describe("exclusion periods", () => {
  it("holds what is made or changed while a parent is out, until the chair releases it; across reconnects and a restart", async () => {
    const f = await openConference(server);
    open.push(f);
    const { chair, social, mum, dad } = f.people as Record<string, Person>;
    const pro = await connect(social!, `${f.conferenceId}:professional`);
    const before = await sharedItem(f, pro, "BEFORE-EXCLUSION-1111 ");
    const dadView = await connect(dad!, viewOf(f, dad!));
    await until(
      () => texts(dadView).some((t) => t.includes("BEFORE-EXCLUSION-1111")),
      5000,
      "dad sees the shared item",
    );
    expect((await chair!.cmd({ type: "conference.start" })).ok).toBe(true);

    const ack = await chair!.cmd({
      type: "exclusion.start",
      participantId: dad!.participantId,
      ground: "confidential_information",
      note: "Police to share details of an ongoing investigation",
    });
    expect(ack.ok).toBe(true);
    expect(await dadView.closed).toBe(CLOSE.rightsChanged);
    await until(() => dad!.lastStatus()?.excluded === true);
    // A waiting screen: no document, and nothing but views for the chair.
    expect(dad!.lastStatus()!.documents).toEqual([]);
    const refused = await RawYClient.connect(server.url, viewOf(f, dad!), {
      cookie: dad!.browser.cookieHeader,
      origin: server.origin,
    }).catch((e: { status: number }) => e);
    expect((refused as { status: number }).status).toBe(403);
    const handUp = await dad!.cmd({ type: "hand.raise" });
    expect(handUp.ok ? "ok" : handUp.error.code).toBe("excluded");
    expect(
      (
        await dad!.cmd({
          type: "family.viewsForChair",
          text: "I want the conference to know I have stopped drinking.",
        })
      ).ok,
    ).toBe(true);

    // While he is out: a new shared item, and a change to one he had seen.
    const during = await sharedItem(f, pro, "DURING-EXCLUSION-2222 ");
    textOf(pro.doc, before).insert(0, "EDITED-WHILE-OUT-3333 ");
    const mumView = await connect(mum!, viewOf(f, mum!));
    await until(
      () => texts(mumView).some((t) => t.includes("EDITED-WHILE-OUT-3333")),
      5000,
      "mum sees the edit",
    );
    expect(texts(mumView).join()).toContain("DURING-EXCLUSION-2222");
    // Mum does not see dad's views for the chair (another family member's words).
    expect(texts(mumView).join()).not.toContain("stopped drinking");
    const state = await connect(chair!, `${f.conferenceId}:state`);
    await until(() =>
      Object.values(state.doc.getMap("content").toJSON()).some((c) =>
        (c as { text?: string }).text?.includes("stopped drinking"),
      ),
    );
    await until(
      () =>
        (state.doc.getMap("content").get(before) as { heldFrom: string[] }).heldFrom.includes(
          dad!.participantId,
        ),
      5000,
      "held",
    );

    // He comes back: he sees neither, not even the earlier item (it changed while he was out).
    expect((await chair!.cmd({ type: "exclusion.end", participantId: dad!.participantId })).ok).toBe(true);
    await until(() => dad!.lastStatus()?.excluded === false);
    const back = await connect(dad!, viewOf(f, dad!));
    for (const marker of ["DURING-EXCLUSION", "EDITED-WHILE-OUT", "BEFORE-EXCLUSION"])
      expect(wire(back)).not.toContain(marker);

    // The record of it.
    await until(() => Object.keys(state.doc.getMap("exclusions").toJSON()).length === 1);
    const record = Object.values(state.doc.getMap("exclusions").toJSON())[0] as Record<string, unknown>;
    expect(record).toMatchObject({
      participantId: dad!.participantId,
      ground: "confidential_information",
      planned: false,
    });
    expect(record.endAt).not.toBeNull();

    // Still held after a restart.
    await server.restart();
    const afterRestart = await connect(dad!, viewOf(f, dad!));
    expect(wire(afterRestart)).not.toContain("DURING-EXCLUSION");
    expect(wire(afterRestart)).not.toContain("EDITED-WHILE-OUT");

    // The chair releases one item, then the rest.
    const chairSocket = await connectSocket(server, chair!.browser);
    open.push({ close: () => chairSocket.socket.disconnect() });
    const release = (contentIds: string[] | "all") =>
      sendCommand(chairSocket.socket, {
        type: "exclusion.release",
        participantId: dad!.participantId,
        contentIds,
      });
    expect((await release([during])).ok).toBe(true);
    await until(
      () => texts(afterRestart).some((t) => t.includes("DURING-EXCLUSION-2222")),
      5000,
      "released item",
    );
    expect(wire(afterRestart)).not.toContain("EDITED-WHILE-OUT");
    expect((await release("all")).ok).toBe(true);
    await until(
      () => texts(afterRestart).some((t) => t.includes("EDITED-WHILE-OUT-3333")),
      5000,
      "all released",
    );
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    expect(audit.find((a) => a.action === "exclusion.start")?.detail).toMatchObject({
      ground: "confidential_information",
    });
    expect(audit.some((a) => a.action === "exclusion.release")).toBe(true);
  });

  it("only the chair excludes, and only family members", async () => {
    const f = await openConference(server);
    open.push(f);
    const { chair, social, mum, police } = f.people as Record<string, Person>;
    const byPro = await social!.cmd({
      type: "exclusion.start",
      participantId: mum!.participantId,
      ground: "interference",
      note: "x",
    });
    expect(byPro.ok ? "ok" : byPro.error.code).toBe("not_chair");
    const ofPro = await chair!.cmd({
      type: "exclusion.start",
      participantId: police!.participantId,
      ground: "interference",
      note: "x",
    });
    expect(ofPro.ok ? "ok" : ofPro.error.code).toBe("validation_failed");
    const badGround = await chair!.cmd({
      type: "exclusion.start",
      participantId: mum!.participantId,
      ground: "no_reason",
      note: "x",
    });
    expect(badGround.ok ? "ok" : badGround.error.code).toBe("validation_failed");
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    expect(
      audit.some(
        (a) => a.action === "exclusion.start" && a.outcome === "refused" && a.actor === social!.participantId,
      ),
    ).toBe(true);
  });

  it("runs a split conference: each parent sees only their own part, and not that the other spoke", async () => {
    const f = await openConference(server);
    open.push(f);
    const { chair, social, mum, dad, advocate } = f.people as Record<string, Person>;
    const pro = await connect(social!, `${f.conferenceId}:professional`);
    // Mother's part: father out (with nobody attached to him); mother's advocate stays with her.
    expect(
      (
        await chair!.cmd({
          type: "exclusion.start",
          participantId: dad!.participantId,
          ground: "family_conflict",
          note: "Domestic abuse: separate parts",
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await mum!.cmd({
          type: "family.contribute",
          area: "worries_future_danger",
          text: "MUM-WORDS-4444 I am scared when he drinks.",
        })
      ).ok,
    ).toBe(true);
    expect(
      (await advocate!.cmd({ type: "family.contribute", area: "going_well", text: "ADVOCATE-WORDS-5555" }))
        .ok,
    ).toBe(true);
    await sharedItem(f, pro, "MUMS-PART-6666 ");
    // Father's part: mother out, father in.
    expect(
      (
        await chair!.cmd({
          type: "exclusion.start",
          participantId: mum!.participantId,
          ground: "family_conflict",
          note: "Domestic abuse: separate parts",
        })
      ).ok,
    ).toBe(true);
    expect((await chair!.cmd({ type: "exclusion.end", participantId: dad!.participantId })).ok).toBe(true);
    await sharedItem(f, pro, "DADS-PART-7777 ");
    const dadView = await connect(dad!, viewOf(f, dad!));
    await until(() => texts(dadView).some((t) => t.includes("DADS-PART-7777")), 5000, "dad's part");
    const seen = wire(dadView) + JSON.stringify(dadView.doc.getMap("room").toJSON());
    for (const marker of ["MUM-WORDS", "ADVOCATE-WORDS", "MUMS-PART", "Jo Example", "Ava Advocate"])
      expect(seen, marker).not.toContain(marker);
    // And the mother, back for the decision later, does not get the father's part either.
    expect((await chair!.cmd({ type: "exclusion.end", participantId: mum!.participantId })).ok).toBe(true);
    const mumView = await connect(mum!, viewOf(f, mum!));
    expect(wire(mumView)).toContain("MUM-WORDS-4444");
    expect(wire(mumView)).not.toContain("DADS-PART");
  });
});
