import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sampleConference } from "../support/fixtures";
import { Browser } from "../support/http";
import { type ConferenceFixture, openConference } from "../support/room";
import { adminFetch, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from "../support/server";
import { MiB, memoryNow } from "./support/state";
import { healthz, type RawResponse, rawHttp } from "./support/wire";

/**
 * Attack 9: hostile HTTP. Huge and deeply nested bodies, query strings with thousands of keys and
 * wrong content types get a 4xx and crash nothing; every answer carries the security headers, and
 * cookies are HttpOnly, SameSite=Strict (and Secure behind https).
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

const json = { "content-type": "application/json" };
const post = (path: string, body: string | Buffer, headers: Record<string, string> = json) =>
  rawHttp(server.url, { method: "POST", path, headers: { origin: server.origin, ...headers }, body });
const code = (res: RawResponse) => (JSON.parse(res.body) as { error: { code: string } }).error.code;

describe("hostile bodies and query strings", () => {
  it("refuses bodies over 64 KiB with 413, up to 8 MiB, without holding them", async () => {
    const before = memoryNow();
    for (const size of [65 * 1024, 1 * MiB, 8 * MiB]) {
      const body = `{"token":"${"a".repeat(size)}"}`;
      const res = await post("/api/session", body);
      expect(res.status).toBe(413);
      expect(code(res)).toBe("payload_too_large");
    }
    const admin = await post("/api/admin/conferences", `[${"1,".repeat(MiB)}1]`, {
      ...json,
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
    });
    expect(admin.status).toBe(413);
    expect(memoryNow().heapUsed - before.heapUsed).toBeLessThan(32 * MiB);
    await healthz(server.url);
  });

  it("answers deep nesting with a 4xx: 100k brackets, and a valid 30k-deep array within the limit", async () => {
    const cases = [
      "[".repeat(100_000),
      "[".repeat(60_000),
      `${"[".repeat(30_000)}${"]".repeat(30_000)}`,
      `{"token":${"[".repeat(30_000)}${"]".repeat(30_000)}}`,
      `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
    ];
    for (const body of cases) {
      for (const path of ["/api/session", "/api/admin/conferences"]) {
        const res = await post(path, body, { ...json, authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
        expect(res.status, `${path} ${body.slice(0, 20)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    }
    await healthz(server.url);
  });

  it("answers a query string of 10,000 a[]=x with 431, and 2,000 of them without trouble", async () => {
    const huge = Array(10_000).fill("a[]=x").join("&");
    expect((await rawHttp(server.url, { path: `/api/session?${huge}` })).status).toBe(431);
    const big = Array(2_000).fill("a[]=x").join("&");
    const chair = f.people.chair!.browser.cookieHeader;
    const audit = await rawHttp(server.url, {
      path: `/api/conference/audit?${big}`,
      headers: { cookie: chair },
    });
    expect(audit.status).toBe(400);
    expect(code(audit)).toBe("unknown_field");
    const session = await rawHttp(server.url, { path: `/api/session?${big}`, headers: { cookie: chair } });
    expect(session.status).toBe(200);
    const limit = await rawHttp(server.url, {
      path: `/api/conference/audit?limit=1&limit=2&afterId[$gt]=0`,
      headers: { cookie: chair },
    });
    expect(limit.status).toBe(400);
    await healthz(server.url);
  });

  it.each([
    ["text/plain", "415"],
    ["application/x-www-form-urlencoded", "415"],
    ["multipart/form-data; boundary=x", "415"],
    ["application/json; charset=utf-7", "415"],
    ["application/json; charset=latin1", "415"],
    ["application/vnd.api+json", "415"],
    ["", "415"],
    ["application/json", "400"],
  ])("answers content type %j with %s", async (type, status) => {
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const res = await post(
      "/api/session",
      type === "application/json" ? "token=x" : '{"token":"x"}',
      headers,
    );
    expect(String(res.status)).toBe(status);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses a __proto__ or constructor key in a body without polluting anything", async () => {
    for (const body of [
      '{"token":"x","__proto__":{"polluted":true}}',
      '{"__proto__":{"token":"x"}}',
      '{"token":"x","constructor":{"prototype":{"polluted":true}}}',
    ]) {
      const res = await post("/api/session", body);
      expect(res.status).toBe(400);
      expect(code(res)).toMatch(/unknown_field|validation_failed/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers oversized headers with 431, other methods with 404 (OPTIONS: Allow only), and offers no CORS", async () => {
    const big = await rawHttp(server.url, {
      path: "/api/session",
      headers: { cookie: `a=${"x".repeat(20_000)}` },
    });
    expect(big.status).toBe(431);
    for (const method of ["PUT", "PATCH", "TRACE", "OPTIONS"]) {
      const res = await rawHttp(server.url, {
        method,
        path: "/api/session",
        headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      });
      // Express answers OPTIONS itself with the allowed methods; nothing that opens CORS.
      expect(res.status, method).toBe(method === "OPTIONS" ? 200 : 404);
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
      expect(res.headers["access-control-allow-credentials"]).toBeUndefined();
    }
    await healthz(server.url);
  });
});

describe("security headers and cookies", () => {
  function expectSecurityHeaders(res: RawResponse, label: string) {
    const csp = String(res.headers["content-security-policy"] ?? "");
    expect(csp, label).toContain("frame-ancestors 'none'");
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
    expect(scriptSrc, label).toContain("'self'");
    expect(scriptSrc, label).not.toContain("unsafe-inline");
    expect(scriptSrc, label).not.toContain("unsafe-eval");
    expect(csp, label).toContain("object-src 'none'");
    expect(res.headers["x-content-type-options"], label).toBe("nosniff");
    expect(res.headers["referrer-policy"], label).toBe("no-referrer");
    expect(res.headers["x-powered-by"], label).toBeUndefined();
  }

  it("sends them on every kind of answer", async () => {
    const chair = f.people.chair!.browser.cookieHeader;
    const requests: [string, Parameters<typeof rawHttp>[1]][] = [
      ["health", { path: "/healthz" }],
      ["the page", { path: "/" }],
      ["a client route", { path: "/conference/x" }],
      ["a missing asset", { path: "/assets/nothing.js" }],
      ["an unknown API path", { path: "/api/nothing" }],
      ["/sync/ without an upgrade", { path: "/sync/x" }],
      ["401", { path: "/api/session" }],
      ["200 with a session", { path: "/api/session", headers: { cookie: chair } }],
      ["401 admin", { path: "/api/admin/conferences" }],
      [
        "403 origin",
        {
          method: "POST",
          path: "/api/session",
          headers: { ...json, origin: "https://evil.example" },
          body: "{}",
        },
      ],
      ["413", { method: "POST", path: "/api/session", headers: json, body: "x".repeat(70_000) }],
      ["415", { method: "POST", path: "/api/session", headers: { "content-type": "text/plain" }, body: "x" }],
      ["engine.io 400", { path: "/socket.io/?EIO=4&transport=polling" }],
    ];
    for (const [label, req] of requests) {
      const res = await rawHttp(server.url, req);
      expectSecurityHeaders(res, `${label} (${res.status})`);
      if (!req.path.startsWith("/assets")) expect(res.headers["cache-control"], label).toBe("no-store");
    }
  });

  it("sets HttpOnly, SameSite=Strict, Path=/ cookies over http, without Secure", async () => {
    const res = await adminFetch(server, "POST", "/api/admin/conferences", sampleConference());
    const browser = new Browser(server.url);
    const joined = await browser.request("POST", "/api/session", {
      token: new URL(res.body.links[0].url).hash.slice(1),
    });
    expect(joined.status).toBe(200);
    const cookies = joined.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    for (const c of cookies) {
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=Strict/);
      expect(c).toMatch(/; Path=\//);
      expect(c).not.toMatch(/Secure/);
      expect(c).not.toMatch(/Domain=/i);
    }
    const out = await browser.request("DELETE", "/api/session");
    expect(out.headers.getSetCookie()[0]).toMatch(
      /^quorum_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/,
    );
  });

  it("adds Secure and HSTS when the public URL is https", async () => {
    const secure = await startTestServer({ publicUrl: "https://quorum.example" });
    try {
      const origin = "https://quorum.example";
      const res = await adminFetch(secure, "POST", "/api/admin/conferences", sampleConference());
      expect(res.body.links[0].url).toMatch(/^https:\/\/quorum\.example\/join#/);
      const token = new URL(res.body.links[0].url).hash.slice(1);
      const joined = await rawHttp(secure.url, {
        method: "POST",
        path: "/api/session",
        headers: { ...json, origin },
        body: JSON.stringify({ token }),
      });
      expect(joined.status).toBe(200);
      const cookies = joined.headers["set-cookie"] as string[];
      expect(cookies).toHaveLength(2);
      for (const c of cookies) expect(c).toMatch(/; HttpOnly; SameSite=Strict; Secure/);
      expect(String(joined.headers["strict-transport-security"])).toMatch(/max-age=\d+/);
      // The http origin of the same host is not allowed to sign in to the https app.
      const plain = await rawHttp(secure.url, {
        method: "POST",
        path: "/api/session",
        headers: { ...json, origin: secure.url },
        body: JSON.stringify({ token }),
      });
      expect(plain.status).toBe(403);
    } finally {
      await secure.close();
    }
  });
});
