import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleConference } from "../support/fixtures";
import { type ConferenceFixture, openConference } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { upgradeStatus, wsUrl } from "./support/wire";
import { awarenessFrame, barrier, openDoc } from "./support/yframes";

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
  // server/sync/SyncServer.ts:72 refuses another conference's document (403) before the audited
  // refusal path, so a signed-in person probing another conference's ids leaves no trace.
  it.fails("audits a Yjs upgrade to another conference's document (IDOR attempt)", async () => {
    const social = a.people.social!;
    const name = `${b.conferenceId}:professional`;
    const headers = { cookie: social.browser.cookieHeader, origin: server.origin };
    expect(await upgradeStatus(wsUrl(server.url, `/sync/${name}`), headers)).toBe(403);
    const audit = await server.quorum.store.listAudit(a.conferenceId, { limit: 10_000 });
    expect(
      audit.some(
        (x) =>
          x.actor === social.participantId &&
          x.action === "sync.open" &&
          x.outcome === "refused" &&
          x.target === name,
      ),
    ).toBe(true);
  });

  // server/sync/SyncConnection.ts:165 calls gate.refusedWrite for every awareness message from a
  // read-only connection, and ConferenceRoom.refusedWrite (server/rooms/ConferenceRoom.ts:242)
  // audits it as a refused `sync.update`: every observer's (or muted person's) presence reads in the
  // audit log as an attempt to change the document. Presence should be audited as nothing (or as
  // its own action), refused writes as refused writes.
  it.fails("does not audit an observer's presence as a refused document write", async () => {
    const observer = a.people["Olly Observer"]!;
    const sock = await openDoc(server, observer, `${a.conferenceId}:professional`);
    sock.send(awarenessFrame([{ clientId: 4242, clock: 1, state: JSON.stringify({ cursor: null }) }]));
    await barrier(sock);
    sock.terminate();
    const audit = await server.quorum.store.listAudit(a.conferenceId, { limit: 10_000 });
    expect(audit.filter((x) => x.actor === observer.participantId && x.action === "sync.update")).toEqual([]);
  });
});
