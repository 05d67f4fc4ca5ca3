import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOSE } from "../../shared/closeCodes";
import { sampleConference } from "../support/fixtures";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { adminFetch, startTestServer, type TestServer } from "../support/server";
import { auditWithoutConference } from "./support/state";
import { healthz, RawSio, rawHttp, upgradeStatus, type WireSocket, wsUrl } from "./support/wire";
import { openDoc } from "./support/yframes";

/**
 * Attack 6: tokens and sessions. A revoked link and a removed participant lose every connection at
 * once and cannot come back; a session is for one conference; a planted cookie is never adopted;
 * join tokens cannot be brute-forced (rate limits per address and per link, attempts audited).
 */

let server: TestServer;
const sockets: (WireSocket | RawSio)[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
// Whatever a test did, the server is still up and answers /healthz within 1 s.
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  for (const s of sockets) ("sock" in s ? s.sock : s).terminate();
  await server.close();
});

async function sioFor(s: TestServer, person: Person): Promise<RawSio> {
  const sio = await RawSio.connect(s.url, { cookie: person.browser.cookieHeader, origin: s.origin });
  sockets.push(sio);
  return sio;
}

async function docFor(person: Person, name: string): Promise<WireSocket> {
  const sock = await openDoc(server, person, name);
  sockets.push(sock);
  return sock;
}

function notices(sio: RawSio): string[] {
  return sio
    .packets()
    .filter((p) => p.kind === "event" && p.data[0] === "notice")
    .map((p) => (p.kind === "event" ? (p.data[1] as { code: string }).code : ""));
}

const tokenOf = (link: string) => new URL(link).hash.slice(1);

describe("a revoked link", () => {
  let f: ConferenceFixture;
  beforeAll(async () => {
    f = await openConference(server);
  });
  afterAll(() => f.close());

  it("ends every connection at once, and neither the link nor the old cookie works again", async () => {
    const police = f.people.police!;
    const sio = await sioFor(server, police);
    expect((await sio.handshake()).kind).toBe("connect");
    const doc = await docFor(police, `${f.conferenceId}:professional`);
    const revoked = await adminFetch(
      server,
      "DELETE",
      `/api/admin/conferences/${f.conferenceId}/participants/${police.participantId}/link`,
    );
    expect(revoked.body.revoked).toBe(1);
    expect(await doc.closedWithin()).toBe(CLOSE.sessionEnded);
    await sio.sock.closedWithin();
    expect(notices(sio)).toContain("session_ended");

    // Back again with the old cookie: socket.io and Yjs refused; with the old link: token_revoked.
    const again = await sioFor(server, police);
    const answer = await again.handshake();
    expect(answer.kind === "connect_error" && answer.data.data?.code).toBe("unauthenticated");
    const headers = { cookie: police.browser.cookieHeader, origin: server.origin };
    expect(await upgradeStatus(wsUrl(server.url, `/sync/${f.conferenceId}:professional`), headers)).toBe(401);
    const rejoin = await police.browser.join(f.links.police!);
    expect(rejoin.status).toBe(401);
    expect(rejoin.body.error.code).toBe("token_revoked");
    const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
    expect(
      audit.some(
        (a) =>
          a.action === "session.start" &&
          a.outcome === "refused" &&
          (a.detail as { reason: string }).reason === "token_revoked",
      ),
    ).toBe(true);
    await healthz(server.url);
  });
});

describe("a removed participant", () => {
  let f: ConferenceFixture;
  beforeAll(async () => {
    f = await openConference(server);
  });
  afterAll(() => f.close());

  it("is disconnected at once and refused at the socket.io handshake and the Yjs upgrade, audited", async () => {
    const dad = f.people.dad!;
    const view = `${f.conferenceId}:view:${dad.participantId}`;
    const sio = await sioFor(server, dad);
    expect((await sio.handshake()).kind).toBe("connect");
    const doc = await docFor(dad, view);
    const ack = await f.people.chair!.cmd({
      type: "participant.remove",
      participantId: dad.participantId,
      reason: "Threatening behaviour",
    });
    expect(ack.ok).toBe(true);
    expect(await doc.closedWithin()).toBe(CLOSE.removed);
    await sio.sock.closedWithin();
    expect(notices(sio)).toContain("removed");

    const again = await sioFor(server, dad);
    const answer = await again.handshake();
    expect(answer.kind === "connect_error" && answer.data.data?.code).toBe("forbidden");
    const headers = { cookie: dad.browser.cookieHeader, origin: server.origin };
    expect(await upgradeStatus(wsUrl(server.url, `/sync/${view}`), headers)).toBe(403);
    // Signing in again with the link gives nothing to connect to either.
    await dad.browser.join(f.links.dad!);
    const fresh = await sioFor(server, dad);
    const refused = await fresh.handshake();
    expect(refused.kind === "connect_error" && refused.data.data?.code).toBe("forbidden");
    expect(
      await upgradeStatus(wsUrl(server.url, `/sync/${view}`), {
        cookie: dad.browser.cookieHeader,
        origin: server.origin,
      }),
    ).toBe(403);
    const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
    const mine = audit
      .filter((a) => a.actor === dad.participantId && a.outcome === "refused")
      .map((a) => a.action);
    expect(mine).toEqual(expect.arrayContaining(["socket.connect", "sync.open"]));
  });
});

describe("sessions and cookies", () => {
  it("uses a session for its own conference only", async () => {
    const a = await openConference(server);
    const b = await openConference(server);
    try {
      const headers = { cookie: a.people.chair!.browser.cookieHeader, origin: server.origin };
      for (const kind of ["professional", "state", `view:${b.people.mum!.participantId}`]) {
        expect(await upgradeStatus(wsUrl(server.url, `/sync/${b.conferenceId}:${kind}`), headers)).toBe(403);
      }
      // socket.io has no conference to choose: the session decides which room.
      const sio = await sioFor(server, a.people.chair!);
      expect((await sio.handshake()).kind).toBe("connect");
      const status = sio.packets().find((p) => p.kind === "event" && p.data[0] === "status");
      expect(JSON.stringify(status)).toContain(a.conferenceId);
      expect(JSON.stringify(status)).not.toContain(b.conferenceId);
    } finally {
      a.close();
      b.close();
    }
  });

  it("never adopts a planted cookie: a made-up one, nor someone else's valid session", async () => {
    const f = await openConference(server);
    try {
      const mum = f.people.mum!;
      const dad = f.people.dad!;
      // A made-up session value in the victim's browser.
      const madeUp = randomBytes(32).toString("base64url");
      mum.browser.cookies.set("quorum_session", madeUp);
      expect((await mum.browser.join(f.links.mum!)).status).toBe(200);
      const issued = mum.browser.cookies.get("quorum_session")!;
      expect(issued).not.toBe(madeUp);
      const planted = await rawHttp(server.url, {
        path: "/api/session",
        headers: { cookie: `quorum_session=${madeUp}` },
      });
      expect(planted.status).toBe(401);

      // The attacker's own valid session planted in the victim's browser: the victim gets a new
      // session of their own, and the planted one is ended (the attacker cannot ride it).
      const dadSession = dad.browser.cookies.get("quorum_session")!;
      mum.browser.cookies.set("quorum_session", dadSession);
      const joined = await mum.browser.join(f.links.mum!);
      expect(joined.status).toBe(200);
      expect(joined.body.me.participantId).toBe(mum.participantId);
      expect(mum.browser.cookies.get("quorum_session")).not.toBe(dadSession);
      const ridden = await rawHttp(server.url, {
        path: "/api/session",
        headers: { cookie: `quorum_session=${dadSession}` },
      });
      expect(ridden.status).toBe(401);
    } finally {
      f.close();
    }
  });
});

describe("brute force of join tokens", () => {
  let limited: TestServer;
  let created: {
    conference: { id: string };
    links: { participantId: string; name: string; url: string }[];
  };
  beforeAll(async () => {
    limited = await startTestServer(
      {},
      { RATE_LIMIT_SESSION_PER_IP: "5", RATE_LIMIT_SESSION_PER_TOKEN: "3" },
    );
    const res = await adminFetch(limited, "POST", "/api/admin/conferences", sampleConference());
    expect(res.status).toBe(201);
    created = res.body;
  });
  afterAll(async () => {
    await limited.close();
  });

  const attempt = (token: string, from: string, cookie?: string) =>
    rawHttp(limited.url, {
      method: "POST",
      path: "/api/session",
      localAddress: from,
      headers: {
        "content-type": "application/json",
        origin: limited.origin,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify({ token }),
    });
  const link = (name: string) => created.links.find((l) => l.name === name)!;

  it("limits attempts on one link across addresses, and audits them in its conference", async () => {
    const social = link("Sally Social");
    const token = tokenOf(social.url);
    // The owner signs in (binding the link to their device), then others try the leaked link.
    expect((await attempt(token, "127.0.0.2")).status).toBe(200);
    const statuses: number[] = [];
    for (const from of ["127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"])
      statuses.push((await attempt(token, from)).status);
    expect(statuses).toEqual([403, 403, 429, 429]);
    const audit = await limited.quorum.store.listAudit(created.conference.id, { limit: 10_000 });
    const refused = audit.filter((a) => a.action === "session.start" && a.outcome === "refused");
    const details = refused.map((a) => a.detail as { reason: string; address: string; scope?: string });
    expect(details.filter((d) => d.reason === "device_mismatch").map((d) => d.address)).toEqual([
      "127.0.0.3",
      "127.0.0.4",
    ]);
    // The limit tripping is audited once per window, against the link's participant.
    const tripped = refused.filter((a) => (a.detail as { reason: string }).reason === "rate_limited");
    expect(tripped).toHaveLength(1);
    expect(tripped[0]!.target).toBe(social.participantId);
    expect(tripped[0]!.detail).toMatchObject({ scope: "link", address: "127.0.0.5" });
  });

  it("limits attempts from one address across links, even with a valid link, and audits them", async () => {
    const from = "127.0.0.10";
    const guesses = Array.from({ length: 5 }, () => randomBytes(32).toString("base64url"));
    const statuses: number[] = [];
    for (const guess of guesses) statuses.push((await attempt(guess, from)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const police = link("PC Lee");
    const blocked = await attempt(tokenOf(police.url), from);
    expect(blocked.status).toBe(429);
    expect(JSON.parse(blocked.body).error.code).toBe("rate_limited");
    expect(blocked.headers["set-cookie"]).toBeUndefined();
    // The valid link was not consumed (not bound to this address's device): its owner still gets in.
    expect((await attempt(tokenOf(police.url), "127.0.0.11")).status).toBe(200);
    // Another address is not affected by this one's limit.
    expect((await attempt(randomBytes(32).toString("base64url"), "127.0.0.12")).status).toBe(401);

    const unscoped = await auditWithoutConference(limited);
    const fromHere = unscoped.filter((a) => (a.detail as { address?: string }).address === from);
    expect(fromHere.filter((a) => (a.detail as { reason: string }).reason === "token_invalid")).toHaveLength(
      5,
    );
    expect(fromHere.filter((a) => (a.detail as { reason: string }).reason === "rate_limited")).toHaveLength(
      1,
    );
    // More attempts in the same window add no audit rows (a flood cannot fill the log).
    for (let i = 0; i < 20; i++) expect((await attempt("x", from)).status).toBe(429);
    const later = (await auditWithoutConference(limited)).filter(
      (a) => (a.detail as { address?: string }).address === from,
    );
    expect(later).toHaveLength(fromHere.length);
    await healthz(limited.url);
  });
});
