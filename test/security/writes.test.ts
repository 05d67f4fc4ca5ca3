import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { sampleConference } from "../support/fixtures";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { dbSnapshot, freshDoc, professionalTexts, withoutClientBindings } from "./support/state";
import { healthz, UpgradeRefused, type WireSocket } from "./support/wire";
import { barrier, deniedOn, editOf, openDoc, replicaOf, syncFrame } from "./support/yframes";

/**
 * Attack 1: writes without the right, sent as raw y-websocket frames. Each ends with the server up,
 * the database and the documents unchanged, the attacker told (permission denied, a close code or
 * an HTTP refusal) and the attempt audited.
 */

let server: TestServer;
let f: ConferenceFixture;
const sockets: WireSocket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  const sheet = sampleConference();
  f = await openConference(server, {
    invitees: [...(sheet.invitees ?? []), { name: "Olly Observer", role: "observer" }],
  });
});
// Whatever a test did, the server is still up and answers /healthz within 1 s.
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  for (const s of sockets) s.terminate();
  f?.close();
  await server.close();
});

const professional = () => `${f.conferenceId}:professional`;
const stateDoc = () => `${f.conferenceId}:state`;

async function open(person: Person | undefined, name: string): Promise<WireSocket> {
  const sock = await openDoc(server, person, name);
  sockets.push(sock);
  return sock;
}

async function createItem(by: Person): Promise<string> {
  const ack = await by.cmd({ type: "content.create", kind: "mapping_item", area: "worries_future_danger" });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return (ack.result as { contentId: string }).contentId;
}

async function refusedAudits(actor: Person, action: string): Promise<number> {
  const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
  return audit.filter(
    (a) => a.actor === actor.participantId && a.action === action && a.outcome === "refused",
  ).length;
}

/** Send a step 2 and an update carrying `marker` on a read-only connection; both must be refused. */
async function readOnlyWriteAttempt(who: Person, itemId: string, marker: string): Promise<WireSocket> {
  const { update } = await freshDoc(server, f.people.chair!, professional());
  const replica = replicaOf(update);
  const step2 = editOf(replica, (d) => (d.getMap("texts").get(itemId) as Y.Text).insert(0, `${marker}-S2 `));
  const upd = editOf(replica, (d) => (d.getMap("texts").get(itemId) as Y.Text).insert(0, `${marker}-UP `));
  const newRoot = editOf(replica, (d) => d.getMap("texts").set(`${marker}-KEY`, new Y.Text(marker)));
  const sock = await open(who, professional());
  let seen = sock.frames.length;
  sock.send(syncFrame(1, step2));
  expect(await deniedOn(sock, seen)).toBe("read-only");
  seen = sock.frames.length;
  sock.send(syncFrame(2, upd));
  expect(await deniedOn(sock, seen)).toBe("read-only");
  seen = sock.frames.length;
  sock.send(syncFrame(2, newRoot));
  expect(await deniedOn(sock, seen)).toBe("read-only");
  // The connection still syncs: a barrier is answered, and nothing of ours is in what it returns.
  const full = await barrier(sock);
  expect(Buffer.from(full).toString("latin1")).not.toContain(marker);
  expect(sock.open).toBe(true);
  return sock;
}

describe("writes without the right", () => {
  it("refuses a muted professional's sync step 2 and updates, keeps it syncing, and audits it", async () => {
    const police = f.people.police!;
    const item = await createItem(f.people.social!);
    expect(
      (await f.people.chair!.cmd({ type: "participant.mute", participantId: police.participantId })).ok,
    ).toBe(true);
    const before = await dbSnapshot(server, f.conferenceId);
    const auditsBefore = await refusedAudits(police, "sync.update");
    await readOnlyWriteAttempt(police, item, "MUTED-WRITE-4471");

    const after = await dbSnapshot(server, f.conferenceId);
    // The only trace is the binding that taints the muted session's Yjs client ids for good.
    expect(withoutClientBindings(after)).toEqual(withoutClientBindings(before));
    const bindings = after.events.slice(before.events.length);
    expect(
      bindings.every((e) => e.type === "sync.client" && (e.payload as { tainted: boolean }).tainted),
    ).toBe(true);
    expect(JSON.stringify(await professionalTexts(server, f.people.health!, f.conferenceId))).not.toContain(
      "MUTED-WRITE",
    );
    expect(await refusedAudits(police, "sync.update")).toBeGreaterThan(auditsBefore);
    expect(
      (await f.people.chair!.cmd({ type: "participant.unmute", participantId: police.participantId })).ok,
    ).toBe(true);
    await healthz(server.url);
  });

  it("refuses an observer's sync step 2 and updates the same way", async () => {
    const observer = f.people["Olly Observer"]!;
    const item = await createItem(f.people.social!);
    const before = await dbSnapshot(server, f.conferenceId);
    await readOnlyWriteAttempt(observer, item, "OBSERVER-WRITE-9902");
    expect(withoutClientBindings(await dbSnapshot(server, f.conferenceId))).toEqual(
      withoutClientBindings(before),
    );
    expect(JSON.stringify(await professionalTexts(server, f.people.health!, f.conferenceId))).not.toContain(
      "OBSERVER-WRITE",
    );
    expect(await refusedAudits(observer, "sync.update")).toBeGreaterThan(0);
    await healthz(server.url);
  });

  it.each(["professional", "state"] as const)(
    "refuses a parent's upgrade to the %s document with 403, before any document byte, and audits it",
    async (kind) => {
      const mum = f.people.mum!;
      const before = await refusedAudits(mum, "sync.open");
      const refusal = await open(mum, `${f.conferenceId}:${kind}`).then(
        () => undefined,
        (e: unknown) => (e instanceof UpgradeRefused ? e.refusal : undefined),
      );
      expect(refusal?.status).toBe(403);
      expect(refusal?.body).toBe("");
      expect(await refusedAudits(mum, "sync.open")).toBe(before + 1);
      await healthz(server.url);
    },
  );

  it("refuses a parent's frames on their own projection (written by the server only)", async () => {
    const mum = f.people.mum!;
    const view = `${f.conferenceId}:view:${mum.participantId}`;
    const { update, json } = await freshDoc(server, mum, view);
    const replica = replicaOf(update);
    const sock = await open(mum, view);
    const seen = sock.frames.length;
    sock.send(
      syncFrame(
        2,
        editOf(replica, (d) => d.getMap("room").set("status", "ended")),
      ),
    );
    expect(await deniedOn(sock, seen)).toBe("read-only");
    expect((await freshDoc(server, mum, view)).json).toBe(json);
  });
});

describe("one document per socket", () => {
  it("an update built for the state document, sent on a professional-document socket, never reaches the state document", async () => {
    const social = f.people.social!;
    const state = await freshDoc(server, social, stateDoc());
    const stateBefore = state.doc.getMap("conference").toJSON();
    const before = await dbSnapshot(server, f.conferenceId);

    // (a) An edit of the state document's own items: its dependencies are not in the professional
    // document, so the update is refused as a whole (4400) and nothing of it is stored.
    const replica = replicaOf(state.update);
    const dependent = editOf(replica, (d) => d.getMap("conference").set("status", "ended"));
    const sockA = await open(social, professional());
    sockA.send(syncFrame(2, dependent));
    expect(await sockA.closedWithin()).toBe(CLOSE.protocolError);

    // (b) A self-contained update naming the state document's root map: it can only land in A.
    const sockB = await open(social, professional());
    const standalone = new Y.Doc();
    const selfContained = editOf(standalone, (d) =>
      d.getMap("conference").set("status", "ended-BY-SOCKET-A"),
    );
    sockB.send(syncFrame(2, selfContained));
    await barrier(sockB);

    const stateAfter = await freshDoc(server, social, stateDoc());
    expect(stateAfter.doc.getMap("conference").toJSON()).toEqual(stateBefore);
    expect(stateAfter.json).not.toContain("BY-SOCKET-A");
    const after = await dbSnapshot(server, f.conferenceId);
    expect(after.conference).toEqual(before.conference);
    expect(after.yjs[stateDoc()]).toEqual([]);
    // Where it did land: the professional document (the writer's own document), and only there.
    const prof = await freshDoc(server, social, professional());
    expect(prof.doc.getMap("conference").get("status")).toBe("ended-BY-SOCKET-A");
    await healthz(server.url);
  });

  it("a document socket ignores any other document name: the path decides, once, at the upgrade", async () => {
    // y-websocket frames carry no document name; a second "subscription" is just another frame
    // type the server does not know, which closes the connection.
    const sock = await open(f.people.social!, professional());
    sock.send(Uint8Array.from([...Buffer.from([0x05]), ...Buffer.from(`${f.conferenceId}:state`)]));
    expect(await sock.closedWithin()).toBe(CLOSE.protocolError);
    await healthz(server.url);
  });
});

describe("the professional document's layout", () => {
  // Formerly a pending finding (pending-sync-findings.test.ts): a writer could replace a content
  // item's Y.Text with a plain value and nothing restored it. The server now owns the layout
  // (server/rooms/professionalLayout.ts) and restores any container a writer replaces or deletes.
  it("keeps every live content item's text a Y.Text whatever a writer sends", async () => {
    const id = await createItem(f.people.social!);
    const name = professional();
    const { update } = await freshDoc(server, f.people.social!, name);
    const sock = await open(f.people.police!, name);
    sock.send(
      syncFrame(
        2,
        editOf(replicaOf(update), (d) => d.getMap("texts").set(id, "not a text")),
      ),
    );
    await barrier(sock).catch(() => undefined);
    sock.terminate();
    const after = await freshDoc(server, f.people.health!, name);
    expect(after.doc.getMap("texts").get(id)).toBeInstanceOf(Y.Text);
    expect(after.doc.getMap("texts").get(id)).not.toBeInstanceOf(Y.XmlText);
  });

  it("keeps every minute section a Y.XmlFragment and the plan's texts in place, replaced or deleted", async () => {
    const ack = await f.people.minutes!.cmd({ type: "minutes.open", agendaItem: "worries" });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    const id = (ack.result as { contentId: string }).contentId;
    const name = professional();
    const { update } = await freshDoc(server, f.people.social!, name);
    const replica = replicaOf(update);
    const sock = await open(f.people.police!, name);
    sock.send(
      syncFrame(
        2,
        editOf(replica, (d) => d.getMap("minutes").set(id, new Y.Text("a text instead"))),
      ),
    );
    sock.send(
      syncFrame(
        2,
        editOf(replica, (d) => d.getMap("plan").delete("contingency")),
      ),
    );
    sock.send(
      syncFrame(
        2,
        editOf(replica, (d) => d.getMap("plan").set("bottomLines", new Y.XmlElement("p"))),
      ),
    );
    await barrier(sock).catch(() => undefined);
    sock.terminate();
    const after = await freshDoc(server, f.people.health!, name);
    const section = after.doc.getMap("minutes").get(id);
    expect(section).toBeInstanceOf(Y.XmlFragment);
    expect(section).not.toBeInstanceOf(Y.XmlElement);
    for (const key of ["contingency", "bottomLines"]) {
      const text = after.doc.getMap("plan").get(key);
      expect(text, key).toBeInstanceOf(Y.XmlFragment);
      expect(text, key).not.toBeInstanceOf(Y.XmlElement);
    }
  });
});
