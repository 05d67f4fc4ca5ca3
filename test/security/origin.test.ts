import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConferenceFixture, openConference } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "./support/state";
import { healthz, rawHttp, rawUpgradeStatus } from "./support/wire";

/**
 * Attack 7: cross-site WebSocket hijacking. A page on another site can make the victim's browser
 * open a WebSocket with the victim's cookies (SameSite=Strict stops that in current browsers, but
 * not in every one, nor for a sibling site); only the Origin header tells. Every upgrade (Yjs and
 * socket.io) from an Origin that is not the app's, or with none, is refused before anything flows.
 */

let server: TestServer;
let f: ConferenceFixture;
beforeAll(async () => {
  server = await startTestServer();
  f = await openConference(server);
});
// Whatever a test did, the server is still up and answers /healthz within 1 s.
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  f?.close();
  await server.close();
});

const port = () => Number(new URL(server.url).port);
const foreignOrigins: [string, () => Record<string, string>][] = [
  ["a foreign site", () => ({ origin: "https://evil.example" })],
  ["no Origin at all", () => ({})],
  ["the opaque origin null", () => ({ origin: "null" })],
  ["the right host on another port", () => ({ origin: `http://127.0.0.1:${port() + 1}` })],
  ["the right host over https", () => ({ origin: `https://127.0.0.1:${port()}` })],
  ["localhost instead of 127.0.0.1", () => ({ origin: `http://localhost:${port()}` })],
  ["a trailing slash", () => ({ origin: `${server.origin}/` })],
  ["a path", () => ({ origin: `${server.origin}/conference` })],
  ["a suffix domain", () => ({ origin: `${server.origin}.evil.example` })],
  ["upper case", () => ({ origin: server.origin.toUpperCase() })],
  [
    "an allowed and a foreign origin in one header",
    () => ({ origin: `${server.origin}, https://evil.example` }),
  ],
  ["two Origin headers", () => ({ Origin: "https://evil.example", origin: server.origin })],
  ["only the old Sec-WebSocket-Origin", () => ({ "Sec-WebSocket-Origin": server.origin })],
];

describe("cross-site WebSocket hijacking", () => {
  it.each(foreignOrigins)("refuses Yjs and socket.io upgrades with %s", async (_name, origin) => {
    const headers = { ...origin(), cookie: f.people.chair!.browser.cookieHeader };
    const yjs = await rawUpgradeStatus(server.url, `/sync/${f.conferenceId}:professional`, headers);
    expect(yjs).toBe(403);
    const sio = await rawUpgradeStatus(server.url, "/socket.io/?EIO=4&transport=websocket", headers);
    expect([400, 403]).toContain(sio);
  });

  it("accepts the app's own Origin (the control case)", async () => {
    const headers = { origin: server.origin, cookie: f.people.chair!.browser.cookieHeader };
    expect(await rawUpgradeStatus(server.url, `/sync/${f.conferenceId}:professional`, headers)).toBe(101);
    expect(await rawUpgradeStatus(server.url, "/socket.io/?EIO=4&transport=websocket", headers)).toBe(101);
  });

  it("refuses cookie-bearing sign-in and sign-out from a foreign Origin, changing nothing", async () => {
    const before = await dbSnapshot(server, f.conferenceId);
    const token = new URL(f.links.mum!).hash.slice(1);
    const signIn = await rawHttp(server.url, {
      method: "POST",
      path: "/api/session",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ token }),
    });
    expect(signIn.status).toBe(403);
    expect(JSON.parse(signIn.body).error.code).toBe("origin_forbidden");
    expect(signIn.headers["set-cookie"]).toBeUndefined();
    const signOut = await rawHttp(server.url, {
      method: "DELETE",
      path: "/api/session",
      headers: { origin: "https://evil.example", cookie: f.people.police!.browser.cookieHeader },
    });
    expect(signOut.status).toBe(403);
    const still = await rawHttp(server.url, {
      path: "/api/session",
      headers: { cookie: f.people.police!.browser.cookieHeader },
    });
    expect(still.status).toBe(200);
    expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
    await healthz(server.url);
  });
});
