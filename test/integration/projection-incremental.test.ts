import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";

/**
 * The projection pipeline is incremental: an edit, or a chair's command about one item, sends a
 * family member's screen a change the size of what changed, not their projection rebuilt. Measured
 * in the bytes a raw client receives (issue 5, "Speed"; docs/PERFORMANCE.md).
 */

let server: TestServer;
const open: { close(): void }[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const x of open) x.close();
  await server.close();
});

async function raw(person: Person, name: string): Promise<RawYClient> {
  const c = await RawYClient.connect(server.url, name, {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  open.push(c);
  await c.synced;
  return c;
}

async function sharedItem(by: Person): Promise<string> {
  const ack = await by.cmd({ type: "content.create", kind: "mapping_item", area: "worries_future_danger" });
  const id = (ack as unknown as { result: { contentId: string } }).result.contentId;
  expect((await by.cmd({ type: "content.share", contentId: id })).ok).toBe(true);
  return id;
}

function projectedText(client: RawYClient, id: string): string {
  const item = client.doc.getMap("items").get(id);
  const text = item instanceof Y.Map ? item.get("text") : undefined;
  return text instanceof Y.Text ? text.toString() : "";
}

const bytesSince = (client: RawYClient, from: number) =>
  client.received.slice(from).reduce((n, m) => n + m.byteLength, 0);

describe("the projection pipeline", () => {
  it("sends a family member a one-character edit of a long shared item as a small change", async () => {
    const f = await openConference(server);
    open.push(f);
    const social = f.people.social!;
    const mum = f.people.mum!;
    const id = await sharedItem(social);
    const other = await sharedItem(social);
    const writer = await raw(social, `${f.conferenceId}:professional`);
    const parent = await raw(mum, `${f.conferenceId}:view:${mum.participantId}`);
    await until(() => writer.doc.getMap("texts").has(id) && writer.doc.getMap("texts").has(other));
    const text = writer.doc.getMap("texts").get(id) as Y.Text;
    const long = "The family's worries, as the social worker wrote them down. ".repeat(80);
    text.insert(0, long);
    (writer.doc.getMap("texts").get(other) as Y.Text).insert(0, "A second item, shared.");
    await until(() => projectedText(parent, id) === long && projectedText(parent, other).length > 0);

    // One character typed in the middle of the long item.
    let from = parent.received.length;
    text.insert(1000, "Z");
    await until(() => projectedText(parent, id).includes("Z"), 5000, "the edit on the parent's screen");
    const editBytes = bytesSince(parent, from);
    expect(long.length).toBeGreaterThan(4000);
    expect(editBytes).toBeLessThan(200);

    // The chair withholds the other item: the long one is not sent again.
    from = parent.received.length;
    const withheld = await f.people.chair!.cmd({
      type: "content.withhold",
      contentId: other,
      from: [mum.participantId],
      reason: "Third-party information",
    });
    expect(withheld.ok).toBe(true);
    await until(() => !parent.doc.getMap("items").has(other), 5000, "the item gone from the parent's screen");
    expect(projectedText(parent, id)).toContain("Z");
    expect(bytesSince(parent, from)).toBeLessThan(500);
  });

  it("copies edits made while an item was hidden or withheld once it is back, and every edit after", async () => {
    // The server remembers what it last wrote into each projected text: an item that leaves a
    // projection and comes back must start afresh from the professional text, not from that memory.
    const f = await openConference(server);
    open.push(f);
    const social = f.people.social!;
    const chair = f.people.chair!;
    const mum = f.people.mum!;
    const id = await sharedItem(social);
    const writer = await raw(social, `${f.conferenceId}:professional`);
    const parent = await raw(mum, `${f.conferenceId}:view:${mum.participantId}`);
    await until(() => writer.doc.getMap("texts").has(id));
    const text = writer.doc.getMap("texts").get(id) as Y.Text;
    const shows = (want: string, what: string) => until(() => projectedText(parent, id) === want, 5000, what);

    text.insert(0, "Dad shouts at night.");
    await shows("Dad shouts at night.", "the first words");
    expect((await social.cmd({ type: "content.unshare", contentId: id })).ok).toBe(true);
    await until(() => !parent.doc.getMap("items").has(id), 5000, "the item gone");
    text.insert(text.length, " Unshared-2207.");
    text.delete(0, 4);
    expect((await social.cmd({ type: "content.share", contentId: id })).ok).toBe(true);
    await shows("shouts at night. Unshared-2207.", "what was typed while hidden");
    text.insert(0, "He ");
    await shows("He shouts at night. Unshared-2207.", "an edit after sharing again");

    const withheld = await chair.cmd({
      type: "content.withhold",
      contentId: id,
      from: [mum.participantId],
      reason: "Third-party information",
    });
    expect(withheld.ok).toBe(true);
    await until(() => !parent.doc.getMap("items").has(id), 5000, "the item withheld");
    text.delete(0, text.length);
    text.insert(0, "Rewritten-5512 while withheld.");
    const released = await chair.cmd({ type: "content.release", contentId: id, from: [mum.participantId] });
    expect(released.ok).toBe(true);
    await shows("Rewritten-5512 while withheld.", "the text as it stands when released");
    text.insert(text.length, " Then more.");
    await shows("Rewritten-5512 while withheld. Then more.", "an edit after the release");

    // A fresh screen finds the same text, and nothing typed before it came back lingers.
    const fresh = await raw(mum, `${f.conferenceId}:view:${mum.participantId}`);
    expect(projectedText(fresh, id)).toBe("Rewritten-5512 while withheld. Then more.");
    expect(JSON.stringify(fresh.doc.toJSON())).not.toContain("Unshared-2207");
  });

  it("keeps a family member's copy of a much-edited text compact, so a fresh screen syncs it cheaply", async () => {
    const f = await openConference(server);
    open.push(f);
    const social = f.people.social!;
    const mum = f.people.mum!;
    const id = await sharedItem(social);
    const writer = await raw(social, `${f.conferenceId}:professional`);
    const parent = await raw(mum, `${f.conferenceId}:view:${mum.participantId}`);
    await until(() => writer.doc.getMap("texts").has(id));
    const text = writer.doc.getMap("texts").get(id) as Y.Text;
    // Twelve people amending their own part of one item in turn (their figures, say): 1,500 changes.
    const parts = Array.from({ length: 12 }, (_, k) => `(${k}: 100) `);
    text.insert(0, parts.join(""));
    for (let i = 0; i < 1500; i++) {
      const k = i % parts.length;
      const at = parts.slice(0, k).join("").length;
      const next = `(${k}: ${100 + i}) `;
      text.doc!.transact(() => {
        text.delete(at, parts[k]!.length);
        text.insert(at, next);
      });
      parts[k] = next;
      // Let the server copy (most of) the changes one by one, as it does for people typing.
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    const final = parts.join("");
    await until(() => projectedText(parent, id) === final, 20_000, "the last change on the parent's screen");

    const fresh = await raw(mum, `${f.conferenceId}:view:${mum.participantId}`);
    expect(projectedText(fresh, id)).toBe(final);
    const item = fresh.doc.getMap("items").get(id) as Y.Map<unknown>;
    let items = 0;
    for (let s = (item.get("text") as Y.Text)._start; s; s = s.right) items++;
    // Checked every 16 changes and rebuilt past 32 + length/8 items: under 300 in between
    // (800-900 here without the compaction).
    expect(items).toBeLessThan(300);
    // Without the compaction: about 14 kB to sync, growing with every change.
    expect(Y.encodeStateAsUpdate(fresh.doc).byteLength).toBeLessThan(7000);
  }, 60_000);
});
