import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from "../support/server";
import { dbSnapshot } from "./support/state";
import { healthz, RawSio, rawHttp, rawUpgradeStatus, upgradeStatus, wsUrl } from "./support/wire";

/**
 * Attack 5: hostile names and ids, and another conference's ids with a valid session (IDOR). Ids
 * from outside are checked against the 22-character shape before they reach a map, a query or a
 * document name; another conference's well-shaped ids are simply not found in this one.
 */

let server: TestServer;
let a: ConferenceFixture;
let b: ConferenceFixture;
beforeAll(async () => {
  server = await startTestServer();
  a = await openConference(server);
  b = await openConference(server);
});
// Whatever a test did, the server is still up and answers /healthz within 1 s.
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  a?.close();
  b?.close();
  await server.close();
});

const tenKb = "a".repeat(10_240);
const pad22 = (s: string) => `${s}${"A".repeat(22)}`.slice(0, 22);
const hostileIds = [
  "__proto__",
  "constructor",
  "prototype",
  "..",
  "../..",
  "%00",
  "%2e%2e",
  "%2F",
  "%252e",
  "%20",
  "%09",
  "%0d%0aSet-Cookie:%20x=1",
  tenKb,
  pad22("__proto__"),
  pad22("hasOwnProperty"),
];

async function loadedRooms(): Promise<number> {
  return (await server.quorum.rooms.loaded()).length;
}

describe("hostile document names on the Yjs upgrade", () => {
  it("refuses every one with 404 or 403, loads no room, and stays up", async () => {
    const cookie = a.people.social!.browser.cookieHeader;
    const headers = { cookie, origin: server.origin };
    const roomsBefore = await loadedRooms();
    const names = [
      ...hostileIds,
      "%",
      "%E0%A4%A",
      " ",
      `${a.conferenceId}:professional%00`,
      `${a.conferenceId}:professional/..`,
      `${a.conferenceId}%3Aprofessional%00`,
      `${a.conferenceId}:PROFESSIONAL`,
      `${a.conferenceId}:view:__proto__`,
      `${a.conferenceId}:view:constructor`,
      `${a.conferenceId}:view:${tenKb}`,
      `${a.conferenceId}:state:extra`,
      `${pad22("__proto__")}:professional`,
      `${pad22("constructor")}:state`,
      `../${a.conferenceId}:professional`,
    ];
    for (const name of names) {
      const status = await rawUpgradeStatus(server.url, `/sync/${name}`, headers);
      expect([403, 404], name.slice(0, 60)).toContain(status);
    }
    // A principal id of the right shape that is nobody: forbidden (no projection is made for it).
    expect(
      await upgradeStatus(wsUrl(server.url, `/sync/${a.conferenceId}:view:${pad22("__proto__")}`), headers),
    ).toBe(403);
    expect(await loadedRooms()).toBe(roomsBefore);
    const room = await server.quorum.rooms.get(a.conferenceId);
    expect(Object.hasOwn(room!.state.participants, "__proto__")).toBe(false);
    await healthz(server.url);
  });

  it("refuses upgrade paths outside /sync/ and /socket.io/ by closing the connection", async () => {
    for (const path of [
      "/",
      "/api/session",
      "/sync",
      "/SYNC/x",
      "//sync/x",
      "/socket.io",
      "/%2e%2e/sync/x",
    ]) {
      expect(await rawUpgradeStatus(server.url, path, { origin: server.origin })).not.toBe(101);
    }
    await healthz(server.url);
  });
});

describe("hostile ids in HTTP paths", () => {
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  it("answers 404 not_found for every hostile conference or participant id on the admin API", async () => {
    for (const id of hostileIds) {
      for (const [method, path] of [
        ["GET", `/api/admin/conferences/${id}`],
        ["POST", `/api/admin/conferences/${id}/participants/${a.participants[0]!.id}/link`],
        ["POST", `/api/admin/conferences/${a.conferenceId}/participants/${id}/link`],
        ["DELETE", `/api/admin/conferences/${a.conferenceId}/participants/${id}/link`],
      ] as const) {
        const res = await rawHttp(server.url, { method, path, headers: admin });
        expect([400, 404], `${method} ${path.slice(0, 80)}`).toContain(res.status);
        expect(res.headers["set-cookie"]).toBeUndefined();
        if (res.status === 404)
          expect(JSON.parse(res.body).error.code).toMatch(/^((conference|participant)_)?not_found$/);
      }
    }
    await healthz(server.url);
  });

  it("does not manage one conference's participant through another conference's id", async () => {
    const before = await dbSnapshot(server, b.conferenceId);
    const res = await rawHttp(server.url, {
      method: "DELETE",
      path: `/api/admin/conferences/${a.conferenceId}/participants/${b.people.mum!.participantId}/link`,
      headers: admin,
    });
    expect(res.status).toBe(404);
    expect(await dbSnapshot(server, b.conferenceId)).toEqual(before);
  });

  it("never serves a file outside the client through path tricks", async () => {
    for (const path of [
      "/assets/../../package.json",
      "/assets/%2e%2e/%2e%2e/package.json",
      "/%2e%2e/%2e%2e/package.json",
      "/..%2f..%2fpackage.json",
      "/assets/..%5c..%5cpackage.json",
      "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/assets/%00../package.json",
      `/assets/${tenKb}`,
    ]) {
      const res = await rawHttp(server.url, { path });
      expect(res.body, path).not.toContain('"devDependencies"');
      expect(res.body, path).not.toContain("root:");
      // 503 is the single page's answer when the client has not been built (a fresh checkout).
      if (res.status !== 503) expect(res.status, path).toBeLessThan(500);
    }
    await healthz(server.url);
  });

  it("refuses a join token that is a hostile name, and one of 10 KB, with a 4xx", async () => {
    for (const token of [
      "__proto__",
      "constructor",
      "..",
      "\u0000",
      " ",
      tenKb,
      pad22("__proto__").repeat(2),
    ]) {
      const res = await rawHttp(server.url, {
        method: "POST",
        path: "/api/session",
        headers: { "content-type": "application/json", origin: server.origin },
        body: JSON.stringify({ token }),
      });
      expect([400, 401]).toContain(res.status);
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
  });
});

describe("hostile names and another conference's ids in commands (IDOR)", () => {
  async function sio(person: Person): Promise<RawSio> {
    const s = await RawSio.connect(server.url, {
      cookie: person.browser.cookieHeader,
      origin: server.origin,
    });
    expect((await s.handshake()).kind).toBe("connect");
    return s;
  }
  type Ack = { ok: boolean; error?: { code: string } };

  it("refuses hostile and oversized names in command payloads", async () => {
    const chair = await sio(a.people.chair!);
    const before = await dbSnapshot(server, a.conferenceId);
    const commands = [
      { type: "participant.addInRoom", name: tenKb, role: "professional", agency: "Police" },
      { type: "participant.addInRoom", name: "Ok", role: "professional", agency: tenKb },
      { type: "participant.addInRoom", name: "Ok", role: "__proto__" },
      { type: "chat.send", text: tenKb },
      { type: "lobby.message", participantId: "constructor", text: "hi" },
      { type: "content.create", kind: "mapping_item", area: "__proto__" },
      { type: "content.create", kind: "mapping_item", children: ["__proto__"] },
      { type: "content.create", kind: "mapping_item", children: Array(21).fill(a.childIds[0]) },
      { type: "content.withhold", contentId: pad22("x"), from: [".."], reason: "r" },
      { type: "participant.remove", participantId: a.people.dad!.participantId, reason: tenKb },
    ];
    for (const command of commands) {
      const [ack] = (await chair.emitWithAck("command", command)) as [Ack];
      expect(ack.ok, JSON.stringify(command).slice(0, 100)).toBe(false);
      expect(ack.error?.code).toBe("validation_failed");
    }
    expect(await dbSnapshot(server, a.conferenceId)).toEqual(before);
    chair.close();
  });

  it("refuses every command naming another conference's people or content, and audits it", async () => {
    const item = await b.people.social!.cmd({
      type: "content.create",
      kind: "mapping_item",
      area: "going_well",
    });
    if (!item.ok) throw new Error(JSON.stringify(item));
    const bContent = (item.result as { contentId: string }).contentId;
    const bMum = b.people.mum!.participantId;
    const bChair = b.people.chair!.participantId;
    const beforeA = await dbSnapshot(server, a.conferenceId);
    const beforeB = await dbSnapshot(server, b.conferenceId);
    const chair = await sio(a.people.chair!);
    const commands = [
      { type: "participant.mute", participantId: bMum },
      { type: "participant.remove", participantId: bMum, reason: "IDOR" },
      { type: "lobby.admit", participantId: bMum },
      { type: "chair.handover", participantId: bChair },
      { type: "lobby.message", participantId: bMum, text: "hello from another conference" },
      { type: "participant.warn", participantId: bMum, text: "x" },
      { type: "hand.dismiss", participantId: bMum },
      { type: "device.admit", participantId: bMum },
      { type: "attendance.left", participantId: bMum },
      { type: "content.share", contentId: bContent },
      { type: "content.remove", contentId: bContent },
      { type: "content.withhold", contentId: bContent, from: [bMum], reason: "IDOR" },
      { type: "content.youngPeople", contentId: bContent, visible: true },
      { type: "chat.toRecord", messageId: bContent },
    ];
    for (const command of commands) {
      const [ack] = (await chair.emitWithAck("command", command)) as [Ack];
      expect(ack.ok, command.type).toBe(false);
      expect(ack.error?.code, command.type).toMatch(/not_found|conflict|forbidden/);
    }
    chair.close();
    expect(await dbSnapshot(server, b.conferenceId)).toEqual(beforeB);
    expect(await dbSnapshot(server, a.conferenceId)).toEqual(beforeA);
    const audit = await server.quorum.store.listAudit(a.conferenceId, { limit: 10_000 });
    const refused = audit.filter((x) => x.outcome === "refused" && x.actor === a.people.chair!.participantId);
    expect(refused.map((x) => x.action)).toEqual(
      expect.arrayContaining(["participant.mute", "content.share"]),
    );
    // Nothing about B's conference is written to B's audit by A's chair.
    const auditB = await server.quorum.store.listAudit(b.conferenceId, { limit: 10_000 });
    expect(auditB.some((x) => x.actor === a.people.chair!.participantId)).toBe(false);
  });

  it("refuses another conference's documents with a valid session (403), and its audit log", async () => {
    const social = a.people.social!;
    const headers = { cookie: social.browser.cookieHeader, origin: server.origin };
    for (const name of [
      `${b.conferenceId}:professional`,
      `${b.conferenceId}:state`,
      `${b.conferenceId}:view:${b.people.mum!.participantId}`,
    ]) {
      expect(await upgradeStatus(wsUrl(server.url, `/sync/${name}`), headers)).toBe(403);
    }
    // Each probe is audited in the prober's own conference, and leaves nothing in B's.
    const auditA = await server.quorum.store.listAudit(a.conferenceId, { limit: 10_000 });
    const probes = auditA.filter(
      (x) => x.actor === social.participantId && x.action === "sync.open" && x.outcome === "refused",
    );
    expect(probes.map((x) => x.target)).toEqual(
      expect.arrayContaining([`${b.conferenceId}:professional`, `${b.conferenceId}:state`]),
    );
    const auditB = await server.quorum.store.listAudit(b.conferenceId, { limit: 10_000 });
    expect(auditB.some((x) => x.actor === social.participantId)).toBe(false);
    // The chair of A reads A's audit, and nothing of B's.
    const res = await rawHttp(server.url, {
      path: "/api/conference/audit",
      headers: { cookie: a.people.chair!.browser.cookieHeader },
    });
    expect(res.status).toBe(200);
    const entries = JSON.parse(res.body).entries as { conferenceId: string }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.conferenceId === a.conferenceId)).toBe(true);
  });
});
