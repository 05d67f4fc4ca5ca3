import * as decoding from "lib0/decoding";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import type { CommandAck } from "../../shared/protocol";
import { png } from "../support/files";
import { sampleConference } from "../support/fixtures";
import type { Browser } from "../support/http";
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

/**
 * The proof from outside (issue 5, item 6). A client that is not the app's code joins as a parent:
 * raw `ws` sockets speaking y-websocket through y-protocols, and a raw socket.io-client, recording
 * every byte they receive. Every Yjs update received is applied to a fresh Y.Doc, whose JSON and map
 * keys are searched along with the raw bytes, the socket.io packets and every HTTP answer the parent
 * can get. Unique markers — typed whole, in fragments, and by two authors — go into professionals-only
 * items, items withheld from the parent, the other parent's words in a split conference, and items made
 * while the parent is excluded. None may arrive: during the meeting, after reconnecting, after a server
 * restart. The opaque ids of those items may not arrive either (that something was said is itself
 * something). A marker the chair releases does arrive.
 */

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

/** The sample family with a young person (Amy), her advocate, and an interpreter for dad. */
function household() {
  const base = sampleConference();
  return {
    invitees: [
      ...(base.invitees ?? []),
      { ref: "amy", name: "Amy Example", role: "young_person" as const },
      { name: "Yusuf Advocate", role: "advocate" as const, supports: "amy" },
      { name: "Ivan Interpreter", role: "interpreter" as const, supports: "dad" },
    ],
  };
}

/** Everything one person's browser could hold: Yjs frames on every connection, socket packets, HTTP. */
class Wire {
  readonly yjs: RawYClient[] = [];
  readonly other: string[] = [];

  constructor(
    private readonly name: (person: Person) => string,
    readonly person: Person,
  ) {}

  async projection(of: Person = this.person): Promise<RawYClient> {
    const c = await RawYClient.connect(server.url, this.name(of), {
      cookie: this.person.browser.cookieHeader,
      origin: server.origin,
    });
    open.push(c);
    this.yjs.push(c);
    await c.synced;
    return c;
  }

  /** Record every engine.io packet this socket.io-client receives from now on. */
  record(socket: Socket): void {
    socket.io.engine.on("packet", (p: { type: string; data?: unknown }) =>
      this.other.push(`${p.type}:${typeof p.data === "string" ? p.data : JSON.stringify(p.data ?? "")}`),
    );
    socket.onAny((...args: unknown[]) => this.other.push(JSON.stringify(args)));
  }

  async http(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const res = await this.person.browser.request(method, path, body);
    // What came back (not the request line, which holds ids the test itself chose to ask about).
    this.other.push(`${res.status} ${JSON.stringify([...res.headers])} ${res.text}`);
    return res;
  }

  ack(ack: CommandAck): CommandAck {
    this.other.push(JSON.stringify(ack));
    return ack;
  }

  /** Raw bytes, the rebuilt documents' JSON and keys, and everything else, for the given connections. */
  haystack(connections: RawYClient[] = this.yjs): string {
    const parts: string[] = [];
    for (const c of connections) {
      const bytes = c.allBytes();
      parts.push(bytes.toString("latin1"), bytes.toString("utf8"), rebuilt(c.received));
    }
    return [...parts, ...this.other].join("\n");
  }
}

/** Apply every sync step 2 and update a client received to a fresh document; its JSON and keys. */
function rebuilt(messages: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const bytes of messages) {
    try {
      const d = decoding.createDecoder(bytes);
      if (decoding.readVarUint(d) !== 0) continue;
      const sub = decoding.readVarUint(d);
      if (sub !== 1 && sub !== 2) continue;
      Y.applyUpdate(doc, decoding.readVarUint8Array(d));
    } catch {
      // Bytes that are not an update are still searched raw.
    }
  }
  const out: string[] = [];
  for (const root of ["room", "items", "children"]) {
    const map = doc.getMap(root);
    out.push(root, ...map.keys(), JSON.stringify(map.toJSON()));
    for (const value of map.values())
      if (value instanceof Y.Map) out.push(...value.keys(), String(value.get("text") ?? ""));
  }
  out.push(...doc.share.keys());
  return out.join("|");
}

const textOf = (doc: Y.Doc, id: string) => doc.getMap("texts").get(id) as Y.Text;
const itemTexts = (c: RawYClient) =>
  [...c.doc.getMap("items").values()].map((i) => String((i as Y.Map<unknown>).get("text"))).join("\n");

function upload(who: { browser: Browser }, query: Record<string, string>, bytes: Uint8Array) {
  return fetch(`${server.url}/api/conference/childs-voice?${new URLSearchParams(query)}`, {
    method: "POST",
    headers: { cookie: who.browser.cookieHeader, origin: server.origin, "content-type": "image/png" },
    body: new Uint8Array(bytes),
  });
}

describe("the leak probe: a parent's whole wire through a meeting with withholding, exclusion and a split", () => {
  it("never carries what dad may not see — live, reconnected, restarted, over HTTP — and does carry what is released", async () => {
    const f: ConferenceFixture = await openConference(server, household());
    open.push(f);
    const { chair, social, police, mum, dad, advocate } = f.people as Record<string, Person>;
    const amy = f.people["Amy Example"]!;
    const interpreter = f.people["Ivan Interpreter"]!;
    const viewName = (p: Person) => `${f.conferenceId}:view:${p.participantId}`;
    const wire = new Wire(viewName, dad!);
    wire.record(dad!.socket);
    const chairCmd = (c: Record<string, unknown>) => chair!.cmd(c);

    const pro = await RawYClient.connect(server.url, `${f.conferenceId}:professional`, {
      cookie: social!.browser.cookieHeader,
      origin: server.origin,
    });
    const pro2 = await RawYClient.connect(server.url, `${f.conferenceId}:professional`, {
      cookie: police!.browser.cookieHeader,
      origin: server.origin,
    });
    open.push(pro, pro2);
    await Promise.all([pro.synced, pro2.synced]);
    const mumView = new Wire(viewName, mum!);
    const mumLive = await mumView.projection();

    /** An item written by two authors: whole words by the social worker, a word split across both. */
    const hidden: string[] = [];
    const never: string[] = [];
    async function item(
      whole: string,
      fragments: [string, string],
      area = "worries_past_harm",
    ): Promise<string> {
      const id = resultOf<{ contentId: string }>(
        await social!.cmd({ type: "content.create", kind: "mapping_item", area }),
      ).contentId;
      await until(() => pro.doc.getMap("texts").has(id) && pro2.doc.getMap("texts").has(id), 5000, "item");
      textOf(pro.doc, id).insert(0, `${whole} ${fragments[0]}`);
      await until(() => textOf(pro2.doc, id).toString().endsWith(fragments[0]), 5000, "first author");
      textOf(pro2.doc, id).insert(textOf(pro2.doc, id).length, fragments[1]);
      await until(() => textOf(pro.doc, id).toString().endsWith(fragments[1]), 5000, "second author");
      return id;
    }
    const share = async (id: string) =>
      expect((await chairCmd({ type: "content.share", contentId: id })).ok).toBe(true);
    const withholdFromDad = async (id: string) =>
      expect(
        (
          await chairCmd({
            type: "content.withhold",
            contentId: id,
            from: [dad!.participantId],
            reason: "Police information",
          })
        ).ok,
      ).toBe(true);

    const dad1 = await wire.projection();

    // 1. Professionals only, never shared.
    const proOnly = await item("PRO-ONLY-WHOLE-1001", ["PRO-ONLY-FR", "AG-1002"]);
    pro.doc.getMap("texts").set("PRO-ONLY-KEY-1003", new Y.Text("x"));
    pro.doc.getMap("texts").delete("PRO-ONLY-KEY-1003");
    hidden.push(proOnly);
    never.push("PRO-ONLY-WHOLE-1001", "PRO-ONLY-FRAG-1002", "PRO-ONLY-FR", "AG-1002", "PRO-ONLY-KEY");

    // 2. Withheld from dad, then shared with the family: mum gets it, dad never does.
    const withheld = await item("WITHHELD-WHOLE-2001", ["WITHHELD-FR", "AG-2002"]);
    await withholdFromDad(withheld);
    await share(withheld);
    await until(() => itemTexts(mumLive).includes("WITHHELD-WHOLE-2001"), 5000, "mum has the withheld item");
    hidden.push(withheld);
    never.push("WITHHELD-WHOLE-2001", "WITHHELD-FRAG-2002", "AG-2002");

    // 2b. Withheld from dad, to be released later: it must arrive then.
    const released = await item("RELEASED-LATER-6001", ["RELEASED-FR", "AG-6002"]);
    await withholdFromDad(released);
    await share(released);

    // 2c. Seen by dad, then withheld: gone from his screen; never on a fresh connection again.
    const seen = await item("SEEN-THEN-WITHHELD-2101", ["SEEN-FR", "AG-2102"]);
    await share(seen);
    await until(() => itemTexts(dad1).includes("SEEN-THEN-WITHHELD-2101"), 5000, "dad sees it");
    await withholdFromDad(seen);
    await until(() => !itemTexts(dad1).includes("SEEN-THEN-WITHHELD"), 5000, "gone from dad's screen");
    // Seen on his first connection; never on any later one (the base item below is held after an edit).
    const afterSeen = ["SEEN-THEN-WITHHELD-2101", "SEEN-FRAG-2102", "VISIBLE-BASE-0001"];

    // A shared item dad sees before he is excluded (changed while he is out, so held).
    const base = await item("VISIBLE-BASE-0001", ["VISIBLE-FR", "AG-0002"], "going_well");
    await share(base);
    await until(() => itemTexts(dad1).includes("VISIBLE-BASE-0001"), 5000, "dad sees the base item");
    expect((await chairCmd({ type: "conference.start" })).ok).toBe(true);

    // 3. Dad excluded (with his interpreter): everything made or changed meanwhile is held from him.
    expect(
      (
        await chairCmd({
          type: "exclusion.start",
          participantId: dad!.participantId,
          ground: "confidential_information",
          note: "Police to share details of an investigation",
        })
      ).ok,
    ).toBe(true);
    expect(await dad1.closed).toBe(CLOSE.rightsChanged);
    await until(() => dad!.lastStatus()?.excluded === true, 5000, "dad excluded");
    const during = await item("DURING-EXCL-WHOLE-4001", ["DURING-FR", "AG-4002"]);
    await share(during);
    textOf(pro.doc, base).insert(0, "EDIT-DURING-EXCL-4003 ");
    const heldThenReleased = await item("HELD-RELEASED-6003", ["HELD-FR", "AG-6004"]);
    await share(heldThenReleased);
    // Amy's views: words and a picture she does not want dad to see, confirmed by the chair.
    const words = resultOf<{ contentId: string }>(
      await amy.cmd({
        type: "voice.write",
        text: "AMY-NOT-DAD-5001 I do not want to go to dad's at weekends.",
        wish: { audience: "family", notShownTo: [dad!.participantId] },
      }),
    ).contentId;
    const pictureRes = await upload(
      amy,
      {
        form: "picture",
        title: "AMY-PICTURE-TITLE-5002",
        audience: "family",
        notShownTo: dad!.participantId,
      },
      png("AMY-PICTURE-BYTES-5003"),
    );
    expect(pictureRes.status).toBe(201);
    const picture = ((await pictureRes.json()) as { contentId: string }).contentId;
    for (const contentId of [words, picture])
      expect((await chairCmd({ type: "voice.confirm", contentId })).ok).toBe(true);
    await until(() => itemTexts(mumLive).includes("AMY-NOT-DAD-5001"), 5000, "mum has Amy's words");
    await until(() => itemTexts(mumLive).includes("EDIT-DURING-EXCL-4003"), 5000, "mum has the edit");
    expect(wire.ack(await dad!.cmd({ type: "family.viewsForChair", text: "DADS-OWN-VIEWS-9001" })).ok).toBe(
      true,
    );
    hidden.push(during, words, picture);
    never.push(
      "DURING-EXCL-WHOLE-4001",
      "DURING-FRAG-4002",
      "AG-4002",
      "EDIT-DURING-EXCL-4003",
      "AMY-NOT-DAD-5001",
      "AMY-PICTURE-TITLE-5002",
      "AMY-PICTURE-BYTES-5003",
    );
    // Out of the meeting, dad may open nothing.
    await expect(wire.projection()).rejects.toMatchObject({ status: 403 });

    // Back in: the chair releases one held item; it arrives, the rest stay held.
    expect((await chairCmd({ type: "exclusion.end", participantId: dad!.participantId })).ok).toBe(true);
    await until(() => dad!.lastStatus()?.excluded === false, 5000, "dad back");
    const dad2 = await wire.projection();
    expect(
      (
        await chairCmd({
          type: "exclusion.release",
          participantId: dad!.participantId,
          contentIds: [heldThenReleased],
        })
      ).ok,
    ).toBe(true);
    await until(() => itemTexts(dad2).includes("HELD-RELEASED-6003"), 5000, "the released held item");

    // 4. A split conference: mum's part first (dad, and the people with him, out).
    expect(
      (
        await chairCmd({
          type: "split.part",
          present: [mum!.participantId, amy.participantId],
          note: "Domestic abuse",
        })
      ).ok,
    ).toBe(true);
    expect(await dad2.closed).toBe(CLOSE.rightsChanged);
    const mumWords = resultOf<{ contentId: string }>(
      await mum!.cmd({
        type: "family.contribute",
        area: "worries_future_danger",
        text: "MUM-PART-WORDS-3001 he shouts",
      }),
    ).contentId;
    const advocateWords = resultOf<{ contentId: string }>(
      await advocate!.cmd({ type: "family.contribute", area: "going_well", text: "MUM-ADVOCATE-3002" }),
    ).contentId;
    expect(
      (
        await mum!.cmd({
          type: "scaling.set",
          childId: f.childIds[0],
          score: 2,
          reason: "MUM-SCALE-REASON-3003",
        })
      ).ok,
    ).toBe(true);
    const mumPartItem = await item("MUMS-PART-ITEM-3004", ["MUMS-PART-FR", "AG-3005"]);
    await share(mumPartItem);
    // The chair shares mum's words with the family and every scale: still not across the split.
    await share(mumWords);
    expect(
      (
        await chairCmd({
          type: "scaling.share",
          childId: f.childIds[0],
          participantIds: "all",
          youngPeople: false,
        })
      ).ok,
    ).toBe(true);
    // Then dad's part: mum and Amy out, dad in.
    expect(
      (await chairCmd({ type: "split.part", present: [dad!.participantId], note: "Domestic abuse" })).ok,
    ).toBe(true);
    const dad3 = await wire.projection();
    await until(
      () => (dad3.doc.getMap("room").get("present") as unknown[] | undefined) !== undefined,
      5000,
      "room",
    );
    const mumViews = resultOf<{ contentId: string }>(
      await mum!.cmd({ type: "family.viewsForChair", text: "MUM-VIEWS-FOR-CHAIR-3006" }),
    ).contentId;
    const dadsPart = await item("DADS-PART-ITEM-3007", ["DADS-PART-FR", "AG-3008"]);
    await share(dadsPart);
    await until(() => itemTexts(dad3).includes("DADS-PART-ITEM-3007"), 5000, "dad's part");
    // Not even that mum is here or spoke: no name, no item id.
    const inDadsPart = wire.haystack([dad3]);
    for (const name of ["Jo Example", "Ava Advocate"]) expect(inDadsPart, name).not.toContain(name);
    hidden.push(mumWords, advocateWords, mumPartItem, mumViews);
    never.push(
      "MUM-PART-WORDS-3001",
      "MUM-ADVOCATE-3002",
      "MUM-SCALE-REASON-3003",
      "MUMS-PART-ITEM-3004",
      "MUMS-PART-FRAG-3005",
      "MUM-VIEWS-FOR-CHAIR-3006",
    );
    expect((await chairCmd({ type: "split.end" })).ok).toBe(true);
    const dad4 = await wire.projection();
    await until(() => itemTexts(dad4).includes("DADS-PART-ITEM-3007"), 5000, "dad after the split");

    // HTTP the parent can reach, and refusals: none may say anything more than "no".
    await wire.http("GET", "/api/session");
    for (const id of hidden) await wire.http("GET", `/api/conference/childs-voice/${id}/file`);
    const picture404 = await wire.http("GET", `/api/conference/childs-voice/${picture}/file`);
    const missing404 = await wire.http("GET", "/api/conference/childs-voice/AAAAAAAAAAAAAAAAAAAAAA/file");
    expect(picture404.status).toBe(404);
    expect(picture404.text).toBe(missing404.text);
    const audit = await wire.http("GET", "/api/conference/audit");
    expect(audit.status).toBe(403);
    await wire.http("GET", "/api/conference/nothing-here");
    await wire.http("POST", "/api/session", { token: "not-a-token" });
    await wire.http("POST", "/api/session", "{not json");
    // Commands naming hidden items: refused, saying nothing of them.
    for (const contentId of hidden) {
      wire.ack(await dad!.cmd({ type: "content.share", contentId }));
      wire.ack(
        await dad!.cmd({ type: "voice.wish", contentId, wish: { audience: "family", notShownTo: [] } }),
      );
    }
    wire.ack(
      await dad!.cmd({ type: "exclusion.release", participantId: dad!.participantId, contentIds: "all" }),
    );

    // Documents that are not his: refused before any byte.
    const refusedDocs = [
      `${f.conferenceId}:professional`,
      `${f.conferenceId}:state`,
      viewName(mum!),
      viewName(amy),
      `${f.conferenceId}:view:${social!.participantId}`,
    ];
    const other = await openConference(server);
    open.push(other);
    refusedDocs.push(
      `${other.conferenceId}:professional`,
      `${other.conferenceId}:state`,
      `${other.conferenceId}:view:${other.people.dad!.participantId}`,
    );
    for (const name of refusedDocs) {
      const err = await RawYClient.connect(server.url, name, {
        cookie: dad!.browser.cookieHeader,
        origin: server.origin,
      }).catch((e: { status: number }) => e);
      expect((err as { status: number }).status, name).toBe(403);
    }

    // A restart: the documents are rebuilt from the database, and still hold nothing of it.
    await server.restart();
    const dadSocket = await connectSocket(server, dad!.browser);
    open.push({ close: () => dadSocket.socket.disconnect() });
    wire.record(dadSocket.socket);
    const dad5 = await wire.projection();
    await until(() => itemTexts(dad5).includes("DADS-PART-ITEM-3007"), 5000, "dad after the restart");
    const interpreterWire = new Wire(viewName, interpreter);
    const interp = await interpreterWire.projection(dad!);
    await wire.http("GET", "/api/session");
    for (const id of hidden) await wire.http("GET", `/api/conference/childs-voice/${id}/file`);

    // The chair releases the item withheld from dad: it arrives on his live connection.
    const chairSocket = await connectSocket(server, chair!.browser);
    open.push({ close: () => chairSocket.socket.disconnect() });
    expect(
      (
        await sendCommand(chairSocket.socket, {
          type: "content.release",
          contentId: released,
          from: [dad!.participantId],
        })
      ).ok,
    ).toBe(true);
    await until(() => itemTexts(dad5).includes("RELEASED-LATER-6001"), 5000, "the released marker arrives");
    expect(itemTexts(dad5)).toContain("RELEASED-FRAG-6002");
    await until(() => itemTexts(interp).includes("RELEASED-LATER-6001"), 5000, "and at his interpreter's");

    // The verdict, over everything ever received.
    const everything = wire.haystack();
    for (const marker of never) expect(everything, marker).not.toContain(marker);
    for (const id of hidden) expect(everything, `the id of a hidden item (${id})`).not.toContain(id);
    const sinceWithheld = wire.haystack(wire.yjs.slice(1));
    for (const marker of afterSeen) expect(sinceWithheld, marker).not.toContain(marker);
    const atInterpreter = interpreterWire.haystack();
    for (const marker of [...never, ...afterSeen]) expect(atInterpreter, marker).not.toContain(marker);
    // Dad's own words are his to see.
    expect(everything).toContain("DADS-PART-ITEM-3007");
    expect(everything).toContain("HELD-RELEASED-6003");
    // And mum, on the other side, never had dad's part.
    const mumAfter = await mumView.projection();
    expect(mumView.haystack([mumLive, mumAfter])).not.toContain("DADS-PART-ITEM-3007");
  });

  it("keeps a split conference's words apart even when the chair releases everything held", async () => {
    const f = await openConference(server);
    open.push(f);
    const { chair, mum, dad } = f.people as Record<string, Person>;
    const viewName = (p: Person) => `${f.conferenceId}:view:${p.participantId}`;
    expect((await chair!.cmd({ type: "split.part", present: [mum!.participantId], note: "DA" })).ok).toBe(
      true,
    );
    const words = resultOf<{ contentId: string }>(
      await mum!.cmd({ type: "family.contribute", area: "next_steps", text: "MUM-SPLIT-ONLY-8001" }),
    ).contentId;
    expect((await chair!.cmd({ type: "content.share", contentId: words })).ok).toBe(true);
    expect((await chair!.cmd({ type: "split.end" })).ok).toBe(true);
    expect(
      (await chair!.cmd({ type: "exclusion.release", participantId: dad!.participantId, contentIds: "all" }))
        .ok,
    ).toBe(true);
    const wire = new Wire(viewName, dad!);
    const view = await wire.projection();
    expect(wire.haystack([view])).not.toContain("MUM-SPLIT-ONLY");
    expect(wire.haystack([view])).not.toContain(words);
    // Only the chair, deliberately and item by item, can let it across.
    expect(
      (await chair!.cmd({ type: "content.release", contentId: words, from: [dad!.participantId] })).ok,
    ).toBe(true);
    await until(() => itemTexts(view).includes("MUM-SPLIT-ONLY-8001"), 5000, "released by the chair");
  });

  it("narrows a young person's wire to what the chair chose for young people", async () => {
    const f = await openConference(server, household());
    open.push(f);
    const { chair, social } = f.people as Record<string, Person>;
    const amy = f.people["Amy Example"]!;
    const amyAdvocate = f.people["Yusuf Advocate"]!;
    const pro = await RawYClient.connect(server.url, `${f.conferenceId}:professional`, {
      cookie: social!.browser.cookieHeader,
      origin: server.origin,
    });
    open.push(pro);
    await pro.synced;
    const make = async (text: string) => {
      const id = resultOf<{ contentId: string }>(
        await social!.cmd({ type: "content.create", kind: "mapping_item", area: "worries_past_harm" }),
      ).contentId;
      await until(() => pro.doc.getMap("texts").has(id), 5000, "item");
      textOf(pro.doc, id).insert(0, text);
      expect((await chair!.cmd({ type: "content.share", contentId: id })).ok).toBe(true);
      return id;
    };
    const adultsOnly = await make("ADULTS-ONLY-7001");
    const forYoung = await make("FOR-YOUNG-PEOPLE-7002");
    expect((await chair!.cmd({ type: "content.youngPeople", contentId: forYoung, visible: true })).ok).toBe(
      true,
    );
    const wire = new Wire((p) => `${f.conferenceId}:view:${p.participantId}`, amyAdvocate);
    const view = await wire.projection(amy);
    await until(() => itemTexts(view).includes("FOR-YOUNG-PEOPLE-7002"), 5000, "the chosen item");
    expect(wire.haystack()).not.toContain("ADULTS-ONLY");
    expect(wire.haystack()).not.toContain(adultsOnly);
    // Narrowed again: it leaves at once.
    expect((await chair!.cmd({ type: "content.youngPeople", contentId: forYoung, visible: false })).ok).toBe(
      true,
    );
    await until(() => !itemTexts(view).includes("FOR-YOUNG-PEOPLE-7002"), 5000, "hidden again");
  });
});
