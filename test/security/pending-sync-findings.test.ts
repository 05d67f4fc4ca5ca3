import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sampleConference } from "../support/fixtures";
import { type ConferenceFixture, openConference } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { freshDoc } from "./support/state";
import { barrier, editOf, openDoc, replicaOf, syncFrame } from "./support/yframes";

/**
 * PENDING: findings of the security suite whose fix belongs to server/sync or server/rooms (not
 * the security suite's to make). Each test states the behaviour we want and is marked `it.fails`,
 * so the suite stays green while the defect is there and turns red the moment it is fixed: then
 * change `it.fails` to `it` and move the test to the file of its attack (or rename this file).
 */

let server: TestServer;
let a: ConferenceFixture;
let b: ConferenceFixture;
beforeAll(async () => {
  server = await startTestServer();
  const sheet = sampleConference();
  a = await openConference(server, {
    invitees: [...(sheet.invitees ?? []), { name: "Olly Observer", role: "observer" }],
  });
  b = await openConference(server);
});
afterAll(async () => {
  a?.close();
  b?.close();
  await server.close();
});

describe("pending fixes in server/sync and server/rooms", () => {
  // The professional document's layout (docs/API.md: `texts` maps content id -> Y.Text) is not
  // enforced: any writer can replace an item's Y.Text with a plain value (or delete the entry), the
  // update is accepted (server/sync/SyncConnection.ts:153) and nothing restores the container
  // (server/rooms/ConferenceRoom.ts), so nobody can type into that item again while it stays
  // listed, shareable and empty in every family projection.
  it.fails("keeps every live content item's text a Y.Text whatever a writer sends", async () => {
    const ack = await a.people.social!.cmd({
      type: "content.create",
      kind: "mapping_item",
      area: "going_well",
    });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    const id = (ack.result as { contentId: string }).contentId;
    const name = `${a.conferenceId}:professional`;
    const { update } = await freshDoc(server, a.people.social!, name);
    const sock = await openDoc(server, a.people.police!, name);
    sock.send(
      syncFrame(
        2,
        editOf(replicaOf(update), (d) => d.getMap("texts").set(id, "not a text")),
      ),
    );
    await barrier(sock).catch(() => undefined);
    sock.terminate();
    const after = await freshDoc(server, a.people.health!, name);
    expect(after.doc.getMap("texts").get(id)).toBeInstanceOf(Y.Text);
  });
});
