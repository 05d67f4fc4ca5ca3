import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { dbSnapshot, freshDoc } from "./support/state";
import { healthz, type WireSocket } from "./support/wire";
import { barrier, editOf, openDoc, replicaOf, syncFrame } from "./support/yframes";

/**
 * Floods, the slow kind: a professional who may write fills the conference's document, in frames each
 * under the 1 MiB cap. The document has a budget (MAX_DOCUMENT_MB; 48 KiB here): the update that would
 * pass it is refused with 4507, stores nothing, leaves the document as it was, and is audited; what
 * fits is kept, and the server stays up for everyone.
 */

const BUDGET = 48 * 1024;

let server: TestServer;
let f: ConferenceFixture;
let writer: Person;
let item: string;
const sockets: WireSocket[] = [];
const professional = () => `${f.conferenceId}:professional`;

beforeAll(async () => {
  server = await startTestServer({ maxDocumentBytes: BUDGET });
  f = await openConference(server);
  writer = f.people.social!;
  const ack = await writer.cmd({
    type: "content.create",
    kind: "mapping_item",
    area: "worries_future_danger",
  });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  item = (ack.result as { contentId: string }).contentId;
});
afterAll(async () => {
  for (const s of sockets) s.terminate();
  f?.close();
  await server.close();
});

async function send(text: string): Promise<WireSocket> {
  const { update } = await freshDoc(server, writer, professional());
  const sock = await openDoc(server, writer, professional());
  sockets.push(sock);
  sock.send(
    syncFrame(
      2,
      editOf(replicaOf(update), (d) => (d.getMap("texts").get(item) as Y.Text).insert(0, text)),
    ),
  );
  return sock;
}

describe("the professional document's budget", () => {
  it("keeps what fits, refuses the update that would pass it with 4507, and audits the refusal", async () => {
    // 20 KB fits.
    const first = await send("a".repeat(20_000));
    await barrier(first);
    expect(first.open).toBe(true);
    expect(
      String((await freshDoc(server, writer, professional())).doc.getMap("texts").get(item)),
    ).toHaveLength(20_000);

    // Another 40 KB would take it past 48 KiB.
    const before = await dbSnapshot(server, f.conferenceId);
    const docBefore = (await freshDoc(server, writer, professional())).json;
    const second = await send("b".repeat(40_000));
    expect(await second.closedWithin(3000)).toBe(CLOSE.documentFull);
    await healthz(server.url);
    expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
    expect((await freshDoc(server, writer, professional())).json).toBe(docBefore);
    const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
    expect(audit.filter((a) => a.action === "sync.update" && a.outcome === "refused").at(-1)).toMatchObject({
      actor: writer.participantId,
      detail: { reason: "document full" },
    });

    // A small change still fits, and the chair's room goes on.
    const third = await send("c");
    await barrier(third);
    expect(third.open).toBe(true);
  });
});
