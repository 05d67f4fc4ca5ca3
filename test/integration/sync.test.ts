import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { eventually, RawYClient, until } from "../support/yclient";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const open: { close(): void }[] = [];
function track<T extends { close(): void }>(x: T): T {
  open.push(x);
  return x;
}
afterAll(() => {
  for (const x of open) x.close();
});

function docs(f: ConferenceFixture) {
  return {
    professional: `${f.conferenceId}:professional`,
    state: `${f.conferenceId}:state`,
    view: (who: Person) => `${f.conferenceId}:view:${who.participantId}`,
  };
}

async function rawClient(person: Person, name: string): Promise<RawYClient> {
  const c = await RawYClient.connect(server.url, name, {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  track(c);
  await c.synced;
  return c;
}

/** The stock y-websocket provider, given the person's cookie through a WebSocket subclass. */
function provider(person: Person, name: string, doc = new Y.Doc()): WebsocketProvider {
  const headers = { cookie: person.browser.cookieHeader, origin: server.origin };
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const p = new WebsocketProvider(`${server.url.replace("http", "ws")}/sync`, name, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  track({ close: () => p.destroy() });
  return p;
}

async function syncedProvider(person: Person, name: string): Promise<WebsocketProvider> {
  const p = provider(person, name);
  await until(() => p.synced, 5000, "provider sync");
  return p;
}

async function createItem(by: Person, area = "worries_future_danger"): Promise<string> {
  const ack = await by.cmd({ type: "content.create", kind: "mapping_item", area });
  expect(ack.ok).toBe(true);
  return (ack as unknown as { result: { contentId: string } }).result.contentId;
}

function textOf(doc: Y.Doc, id: string): Y.Text {
  return doc.getMap("texts").get(id) as Y.Text;
}

/** Everything a leak probe can see in a client: raw bytes, the rebuilt document's JSON and map keys. */
function probe(client: RawYClient): string {
  const rebuilt = new Y.Doc();
  for (const bytes of client.received) {
    // Apply every sync/update payload we can decode to a fresh document.
    try {
      const copy = new RawYClientReplay(rebuilt);
      copy.apply(bytes);
    } catch {
      // bytes that are not updates are still searched raw below
    }
  }
  const keys: string[] = [];
  rebuilt.share.forEach((type, name) => {
    keys.push(name);
    if (type instanceof Y.Map) for (const k of type.keys()) keys.push(k);
  });
  const items = rebuilt.getMap("items");
  for (const k of items.keys()) keys.push(k);
  return [
    client.allBytes().toString("latin1"),
    JSON.stringify(rebuilt.toJSON()),
    keys.join("|"),
    JSON.stringify(client.doc.toJSON()),
  ].join("\n");
}

class RawYClientReplay {
  constructor(private readonly doc: Y.Doc) {}
  apply(bytes: Uint8Array) {
    // [0, 1|2, len, update...]: sync step 2 or update
    if (bytes[0] !== 0 || (bytes[1] !== 1 && bytes[1] !== 2)) return;
    let i = 2;
    let len = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++]!;
      len |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    Y.applyUpdate(this.doc, bytes.slice(i, i + len));
  }
}

describe("the sync core", () => {
  let f: ConferenceFixture;
  beforeAll(async () => {
    f = track(await openConference(server));
  });

  it("lets two professionals edit an item together and converge", async () => {
    const id = await createItem(f.people.social!);
    const a = await syncedProvider(f.people.social!, docs(f).professional);
    const b = await syncedProvider(f.people.police!, docs(f).professional);
    await until(() => a.doc.getMap("texts").has(id) && b.doc.getMap("texts").has(id));
    textOf(a.doc, id).insert(0, "Dad's drinking ");
    textOf(b.doc, id).insert(0, "Police callouts. ");
    await until(
      () => textOf(a.doc, id).toString() === textOf(b.doc, id).toString() && textOf(a.doc, id).length > 20,
    );
    expect(textOf(a.doc, id).toString()).toContain("Dad's drinking");
    expect(textOf(a.doc, id).toString()).toContain("Police callouts.");
  });

  it.each(["professional", "state"] as const)(
    "refuses a parent's session on the %s document before any byte",
    async (kind) => {
      const mum = f.people.mum!;
      const err = await RawYClient.connect(server.url, docs(f)[kind], {
        cookie: mum.browser.cookieHeader,
        origin: server.origin,
      }).catch((e: { status: number }) => e);
      expect((err as { status: number }).status).toBe(403);
    },
  );

  it("refuses another family member's projection and another conference's documents", async () => {
    const other = track(await openConference(server));
    const cases = [
      [f.people.mum!, docs(f).view(f.people.dad!)],
      [f.people.advocate!, docs(f).view(f.people.dad!)],
      [f.people.social!, docs(other).professional],
      [f.people.mum!, docs(other).view(other.people.mum!)],
    ] as const;
    for (const [who, name] of cases) {
      const err = await RawYClient.connect(server.url, name, {
        cookie: who.browser.cookieHeader,
        origin: server.origin,
      }).catch((e: { status: number }) => e);
      expect((err as { status: number }).status, name).toBe(403);
    }
  });

  it("refuses an upgrade with no session, a foreign Origin, or an unknown document name", async () => {
    const status = (name: string, opts: { cookie?: string; origin?: string }) =>
      RawYClient.connect(server.url, name, opts).then(
        () => 101,
        (e: { status: number }) => e.status,
      );
    expect(await status(docs(f).professional, { origin: server.origin })).toBe(401);
    expect(
      await status(docs(f).professional, {
        cookie: f.people.social!.browser.cookieHeader,
        origin: "https://evil.example",
      }),
    ).toBe(403);
    expect(await status(docs(f).professional, { cookie: f.people.social!.browser.cookieHeader })).toBe(403);
    expect(
      await status("__proto__", { cookie: f.people.social!.browser.cookieHeader, origin: server.origin }),
    ).toBe(404);
    expect(
      await status(`${f.conferenceId}:other`, {
        cookie: f.people.social!.browser.cookieHeader,
        origin: server.origin,
      }),
    ).toBe(404);
  });

  it("drops a read-only connection's update but relays a permitted barrier, and stores only the barrier", async () => {
    const g = track(await openConference(server));
    const id = await createItem(g.people.social!);
    expect(
      (await g.people.chair!.cmd({ type: "participant.mute", participantId: g.people.police!.participantId }))
        .ok,
    ).toBe(true);
    const watcher = await rawClient(g.people.health!, docs(g).professional);
    const muted = await rawClient(g.people.police!, docs(g).professional);
    const writer = await rawClient(g.people.social!, docs(g).professional);
    await until(() => muted.doc.getMap("texts").has(id) && writer.doc.getMap("texts").has(id));
    textOf(muted.doc, id).insert(0, "FORBIDDEN-MARKER-1");
    await until(() => muted.permissionDenied.length > 0, 5000, "permission denied");
    textOf(writer.doc, id).insert(0, "BARRIER-1");
    await until(() => textOf(watcher.doc, id)?.toString().includes("BARRIER-1"), 5000, "barrier");
    expect(textOf(watcher.doc, id).toString()).not.toContain("FORBIDDEN-MARKER-1");
    expect(watcher.allBytes().toString("latin1")).not.toContain("FORBIDDEN");
    const stored = await server.quorum.store.loadYjsUpdates(docs(g).professional);
    const rebuilt = new Y.Doc();
    for (const u of stored) Y.applyUpdate(rebuilt, u.update);
    expect(textOf(rebuilt, id).toString()).toContain("BARRIER-1");
    expect(JSON.stringify(rebuilt.toJSON())).not.toContain("FORBIDDEN");
    expect(Buffer.concat(stored.map((u) => Buffer.from(u.update))).toString("latin1")).not.toContain(
      "FORBIDDEN",
    );
    const audit = await server.quorum.store.listAudit(g.conferenceId);
    expect(
      audit.some(
        (a) =>
          a.action === "sync.update" && a.outcome === "refused" && a.actor === g.people.police!.participantId,
      ),
    ).toBe(true);
  });

  it("binds awareness ids to connections and writes identity from the server", async () => {
    const g = track(await openConference(server));
    const watcher = await rawClient(g.people.health!, docs(g).professional);
    const victim = await rawClient(g.people.social!, docs(g).professional);
    const attacker = await rawClient(g.people.police!, docs(g).professional);
    victim.sendAwareness(victim.doc.clientID, 1, { user: { name: "Sally" }, cursor: 1 });
    await until(() => watcher.awareness.getStates().has(victim.doc.clientID), 5000, "victim awareness");
    // Spoof the victim's id, then try to evict them with a null state, then claim to be the chair.
    attacker.sendAwareness(victim.doc.clientID, 5, { user: { name: "Chair" } });
    attacker.sendAwareness(victim.doc.clientID, 6, null);
    attacker.sendAwareness(attacker.doc.clientID, 1, { user: { name: "Chair", role: "chair" } });
    await until(() => watcher.awareness.getStates().has(attacker.doc.clientID), 5000, "attacker awareness");
    const victimState = watcher.awareness.getStates().get(victim.doc.clientID) as { user: { name: string } };
    expect(victimState.user.name).toBe("Sally Social");
    const attackerState = watcher.awareness.getStates().get(attacker.doc.clientID) as {
      user: { name: string; role: string };
    };
    expect(attackerState.user).toMatchObject({ name: "PC Lee", role: "professional" });
  });

  it("refuses, after unmute, the changes a session made while muted", async () => {
    const g = track(await openConference(server));
    const police = g.people.police!;
    const id = await createItem(g.people.social!);
    const watcher = await rawClient(g.people.health!, docs(g).professional);
    expect(
      (await g.people.chair!.cmd({ type: "participant.mute", participantId: police.participantId })).ok,
    ).toBe(true);
    // The stock provider, kept across the mute: it types while read-only.
    const p = await syncedProvider(police, docs(g).professional);
    await until(() => p.doc.getMap("texts").has(id));
    textOf(p.doc, id).insert(0, "MUTED-TYPING-MARKER");
    // Wait until the server has seen, and refused, the muted typing.
    await eventually(
      async () =>
        (await server.quorum.store.listAudit(g.conferenceId)).some(
          (a) => a.action === "sync.update" && a.outcome === "refused" && a.actor === police.participantId,
        ),
      5000,
      "refusal audited",
    );
    expect(
      (await g.people.chair!.cmd({ type: "participant.unmute", participantId: police.participantId })).ok,
    ).toBe(true);
    // The provider is closed with "rights changed", reconnects as a writer and re-sends its changes.
    await until(() => p.wsconnected === false || p.synced === false, 5000, "provider closed");
    await until(() => p.synced && p.wsconnected, 10_000, "provider reconnected");
    // A barrier from the reconnected provider proves its earlier messages were handled.
    const other = await createItem(g.people.social!);
    await until(() => p.doc.getMap("texts").has(other));
    const fresh = await rawClient(g.people.health!, docs(g).professional);
    expect(textOf(fresh.doc, id).toString()).not.toContain("MUTED-TYPING-MARKER");
    expect(watcher.allBytes().toString("latin1")).not.toContain("MUTED-TYPING-MARKER");
  });

  it("closes a muted person's writable connection with the rights-changed code", async () => {
    const g = track(await openConference(server));
    const conn = await rawClient(g.people.health!, docs(g).professional);
    expect(
      (await g.people.chair!.cmd({ type: "participant.mute", participantId: g.people.health!.participantId }))
        .ok,
    ).toBe(true);
    expect(await conn.closed).toBe(CLOSE.rightsChanged);
    const status = g.people.health!.lastStatus()!;
    expect(status.muted).toBe(true);
    expect(status.documents.find((d) => d.name === docs(g).professional)?.access).toBe("read");
  });
});

describe("the leak probe: a parent's wire", () => {
  it("carries no professionals-only marker, typed whole, in fragments, by two authors or as a deleted key; a shared one arrives", async () => {
    const g = track(await openConference(server));
    const mum = g.people.mum!;
    const parent = await rawClient(mum, docs(g).view(mum));
    const socketEvents: string[] = [];
    mum.socket.onAny((...args) => socketEvents.push(JSON.stringify(args)));
    const a = await rawClient(g.people.social!, docs(g).professional);
    const b = await rawClient(g.people.police!, docs(g).professional);
    const hidden = await createItem(g.people.social!);
    const shared = await createItem(g.people.social!, "going_well");
    await until(() => a.doc.getMap("texts").has(hidden) && b.doc.getMap("texts").has(shared));
    textOf(a.doc, hidden).insert(0, "SECRET-WHOLE-7731");
    textOf(a.doc, hidden).insert(0, "SECRET-FR");
    await until(() => textOf(b.doc, hidden).toString().includes("SECRET-FR"));
    textOf(b.doc, hidden).insert(9, "AG-2024");
    a.doc.getMap("texts").set("SECRET-KEY-4417", new Y.Text("x"));
    a.doc.getMap("texts").delete("SECRET-KEY-4417");
    textOf(a.doc, shared).insert(0, "SHARED-MARKER-5150");
    await until(() => textOf(b.doc, shared)?.toString().includes("SHARED-MARKER-5150"));
    expect((await g.people.social!.cmd({ type: "content.share", contentId: shared })).ok).toBe(true);
    await until(() => probe(parent).includes("SHARED-MARKER-5150"), 5000, "shared marker");
    const seen = probe(parent) + socketEvents.join("\n");
    for (const marker of ["SECRET-WHOLE", "SECRET-FRAG-2024", "AG-2024", "SECRET-KEY"])
      expect(seen).not.toContain(marker);
    // A fresh connection sees the same.
    const again = await rawClient(mum, docs(g).view(mum));
    expect(probe(again)).toContain("SHARED-MARKER-5150");
    expect(probe(again)).not.toContain("SECRET");
    // HTTP the parent can reach.
    const me = await mum.browser.request("GET", "/api/session");
    expect(me.text).not.toContain("SECRET");
  });

  /** The texts of a projection's items, read through the typed map (doc.toJSON skips untyped roots). */
  const viewTexts = (c: RawYClient) =>
    JSON.stringify(
      [...c.doc.getMap("items").values()].map((item) => String((item as Y.Map<unknown>).get("text"))),
    );

  it("removes an item from the parent's view when it is withheld, leaving no text for a fresh client", async () => {
    const g = track(await openConference(server));
    const mum = g.people.mum!;
    const a = await rawClient(g.people.social!, docs(g).professional);
    const id = await createItem(g.people.social!);
    await until(() => a.doc.getMap("texts").has(id));
    textOf(a.doc, id).insert(0, "WITHHOLD-ME-8080");
    expect((await g.people.social!.cmd({ type: "content.share", contentId: id })).ok).toBe(true);
    const parent = await rawClient(mum, docs(g).view(mum));
    await until(() => viewTexts(parent).includes("WITHHOLD-ME-8080"), 5000, "shared item");
    const dad = await rawClient(g.people.dad!, docs(g).view(g.people.dad!));
    await until(() => viewTexts(dad).includes("WITHHOLD-ME-8080"));
    const ack = await g.people.chair!.cmd({
      type: "content.withhold",
      contentId: id,
      from: [mum.participantId],
      reason: "Third-party police information",
    });
    expect(ack.ok).toBe(true);
    await until(() => !viewTexts(parent).includes("WITHHOLD-ME-8080"), 5000, "withdrawn");
    const fresh = await rawClient(mum, docs(g).view(mum));
    expect(probe(fresh)).not.toContain("WITHHOLD-ME");
    // Not withheld from the other parent.
    expect(viewTexts(dad)).toContain("WITHHOLD-ME-8080");
    const audit = await server.quorum.store.listAudit(g.conferenceId);
    expect(audit.find((x) => x.action === "content.withhold")?.detail).toMatchObject({
      reason: "Third-party police information",
    });
  });

  it("gives the chair a preview of a family member's view without joining it", async () => {
    const g = track(await openConference(server));
    const mum = g.people.mum!;
    const preview = await rawClient(g.people.chair!, docs(g).view(mum));
    expect((preview.doc.getMap("room").get("principal") as { name: string }).name).toBe("Jo Example");
    const err = await RawYClient.connect(server.url, docs(g).view(mum), {
      cookie: g.people.police!.browser.cookieHeader,
      origin: server.origin,
    }).catch((e: { status: number }) => e);
    expect((err as { status: number }).status).toBe(403);
  });
});
