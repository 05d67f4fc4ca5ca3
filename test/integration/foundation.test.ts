import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleConference } from "../support/fixtures";
import { Browser } from "../support/http";
import { adminFetch, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function createConference(overrides = {}) {
  const res = await adminFetch(server, "POST", "/api/admin/conferences", sampleConference(overrides));
  expect(res.status).toBe(201);
  return res.body as {
    conference: { id: string; children: { id: string }[] };
    participants: { id: string; role: string; name: string; supports?: string }[];
    links: { participantId: string; role: string; url: string }[];
  };
}

describe("the convening sheet API", () => {
  it("creates a conference with its children and one link per invitee", async () => {
    const created = await createConference();
    expect(created.conference.children).toHaveLength(2);
    expect(created.links).toHaveLength(8);
    for (const link of created.links)
      expect(link.url).toMatch(new RegExp(`^${server.url}/join#[A-Za-z0-9_-]{43}$`));
    const advocate = created.participants.find((p) => p.role === "advocate")!;
    const mum = created.participants.find((p) => p.name === "Jo Example")!;
    expect(advocate.supports).toBe(mum.id);

    const read = await adminFetch(server, "GET", `/api/admin/conferences/${created.conference.id}`);
    expect(read.status).toBe(200);
    expect(read.body.conference.policyProfile.preset).toBe("haringey");
    expect(read.body.invitations).toHaveLength(8);
    const list = await adminFetch(server, "GET", "/api/admin/conferences");
    expect(list.body.conferences.map((c: { id: string }) => c.id)).toContain(created.conference.id);
  });

  it("stores only hashes of join tokens", async () => {
    const created = await createConference();
    const token = new URL(created.links[0]!.url).hash.slice(1);
    const store = server.quorum.store;
    const invitations = await store.listInvitations(created.conference.id);
    expect(JSON.stringify(invitations)).not.toContain(token);
  });

  it.each([
    ["no admin token", undefined, 401, "admin_token_required"],
    ["a wrong admin token", "not-the-token-0123456789abcdef", 401, "admin_token_required"],
  ])("refuses %s", async (_label, token, status, code) => {
    const res = await fetch(`${server.url}/api/admin/conferences`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it.each([
    ["an unknown field", { ...sampleConference(), extra: 1 }, "unknown_field", "extra"],
    ["a wrong type", { ...sampleConference(), kind: 3 }, "validation_failed", "kind"],
    [
      "no subject child",
      sampleConference({ children: [{ name: "A", dateOfBirth: "2020-01-01", subject: false }] }),
      "validation_failed",
      "children",
    ],
    [
      "a supporter of nobody",
      sampleConference({
        invitees: [
          { name: "C", role: "chair" },
          { name: "S", role: "supporter", supports: "ghost" },
        ],
      }),
      "validation_failed",
      "invitees.1.supports",
    ],
    [
      "a professional without agency",
      sampleConference({
        invitees: [
          { name: "C", role: "chair" },
          { name: "P", role: "professional" },
        ],
      }),
      "validation_failed",
      "invitees.1.agency",
    ],
    [
      "no chair",
      sampleConference({ invitees: [{ name: "P", role: "parent" }] }),
      "validation_failed",
      "invitees",
    ],
    ["a 10 KB title", sampleConference({ title: "x".repeat(10_000) }), "validation_failed", "title"],
  ])("refuses a convening sheet with %s, naming the field", async (_label, body, code, pathName) => {
    const before = (await adminFetch(server, "GET", "/api/admin/conferences")).body.conferences.length;
    const res = await adminFetch(server, "POST", "/api/admin/conferences", body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(pathName);
    const after = (await adminFetch(server, "GET", "/api/admin/conferences")).body.conferences.length;
    expect(after).toBe(before);
  });

  it("answers malformed JSON, wrong content types and oversized bodies with a precise 4xx", async () => {
    const post = (body: string, type = "application/json") =>
      fetch(`${server.url}/api/admin/conferences`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.adminToken}`, "content-type": type },
        body,
      });
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    const text = await post("kind=icpc", "text/plain");
    expect(text.status).toBe(415);
    const huge = await post(JSON.stringify({ title: "x".repeat(200_000) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it.each(["__proto__", "constructor", "..", "%00", "%20", "x".repeat(10_000)])(
    "treats the hostile conference id %s as not found",
    async (id) => {
      const res = await adminFetch(server, "GET", `/api/admin/conferences/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toMatch(/not_found/);
    },
  );

  it("adds someone, re-issues a link (old one stops working) and revokes a link", async () => {
    const created = await createConference();
    const id = created.conference.id;
    const added = await adminFetch(server, "POST", `/api/admin/conferences/${id}/participants`, {
      name: "Gill GP",
      role: "professional",
      agency: "GP",
      directContact: true,
    });
    expect(added.status).toBe(201);
    const gp = added.body.participant.id as string;

    const firstDevice = new Browser(server.url);
    expect((await firstDevice.join(added.body.link.url)).status).toBe(200);
    const reissued = await adminFetch(server, "POST", `/api/admin/conferences/${id}/participants/${gp}/link`);
    expect(reissued.status).toBe(201);
    // The old link is dead and its session ended.
    expect((await new Browser(server.url).join(added.body.link.url)).body.error.code).toBe("token_revoked");
    expect((await firstDevice.request("GET", "/api/session")).status).toBe(401);
    // The new link works on a new device.
    const second = new Browser(server.url);
    expect((await second.join(reissued.body.link.url)).status).toBe(200);
    const revoked = await adminFetch(
      server,
      "DELETE",
      `/api/admin/conferences/${id}/participants/${gp}/link`,
    );
    expect(revoked.body.revoked).toBe(1);
    expect((await second.request("GET", "/api/session")).status).toBe(401);
  });

  it("does not let one conference's participant be managed through another's id", async () => {
    const a = await createConference();
    const b = await createConference();
    const res = await adminFetch(
      server,
      "DELETE",
      `/api/admin/conferences/${a.conference.id}/participants/${b.participants[0]!.id}/link`,
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("participant_not_found");
  });
});

describe("join links and sessions", () => {
  it("exchanges a link for an HttpOnly, SameSite=Strict session cookie and says who you are", async () => {
    const created = await createConference();
    const link = created.links.find((l) => l.role === "parent")!;
    const browser = new Browser(server.url);
    const res = await browser.join(link.url);
    expect(res.status).toBe(200);
    expect(res.body.me).toMatchObject({
      participantId: link.participantId,
      role: "parent",
      name: "Jo Example",
    });
    expect(res.body.conference.title).toBe("Conference for the Example family");
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("quorum_session="))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect((await browser.request("GET", "/api/session")).body.me.participantId).toBe(link.participantId);
  });

  it("binds a link to the first device and refuses it on a second", async () => {
    const created = await createConference();
    const link = created.links[2]!;
    const first = new Browser(server.url);
    expect((await first.join(link.url)).status).toBe(200);
    // The same device may sign in again (a new session each time: no fixation).
    const before = first.cookies.get("quorum_session");
    expect((await first.join(link.url)).status).toBe(200);
    expect(first.cookies.get("quorum_session")).not.toBe(before);
    const other = new Browser(server.url);
    const res = await other.join(link.url);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("device_mismatch");
    expect(res.body.error.message).toMatch(/ask the chair/i);
  });

  it("never adopts a session cookie planted before sign-in", async () => {
    const created = await createConference();
    const browser = new Browser(server.url);
    browser.cookies.set("quorum_session", "A".repeat(43));
    await browser.join(created.links[1]!.url);
    expect(browser.cookies.get("quorum_session")).not.toBe("A".repeat(43));
  });

  it.each([
    ["garbage", "not-a-token", 401, "token_invalid"],
    ["a well-formed unknown token", "B".repeat(43), 401, "token_invalid"],
  ])("refuses %s", async (_label, token, status, code) => {
    const res = await new Browser(server.url).request("POST", "/api/session", { token });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it("refuses a sign-in from a foreign Origin", async () => {
    const created = await createConference();
    const res = await new Browser(server.url, "https://evil.example").join(created.links[0]!.url);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("origin_forbidden");
  });

  it("signs out", async () => {
    const created = await createConference();
    const browser = new Browser(server.url);
    await browser.join(created.links[0]!.url);
    expect((await browser.request("DELETE", "/api/session")).status).toBe(200);
    expect((await browser.request("GET", "/api/session")).status).toBe(401);
  });

  it("audits refused sign-ins", async () => {
    const created = await createConference();
    await adminFetch(
      server,
      "DELETE",
      `/api/admin/conferences/${created.conference.id}/participants/${created.participants[0]!.id}/link`,
    );
    await new Browser(server.url).join(created.links[0]!.url);
    const audit = await server.quorum.store.listAudit(created.conference.id);
    expect(audit.some((a) => a.action === "session.start" && a.outcome === "refused")).toBe(true);
  });
});

describe("the administrator CLI", () => {
  it("creates a conference from a file and prints links; refuses a bad file with exit code 2", async () => {
    const run = promisify(execFile);
    const dir = mkdtempSync(path.join(tmpdir(), "quorum-cli-"));
    const file = path.join(dir, "conf.json");
    writeFileSync(file, JSON.stringify(sampleConference()));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATA_DIR: dir,
      ADMIN_TOKEN: "cli-admin-token-0123456789abcdef",
      PUBLIC_URL: "https://quorum.example",
    };
    const root = path.resolve(import.meta.dirname, "../..");
    const { stdout } = await run(
      "node",
      ["--import", "tsx", "server/cli.ts", "conference", "create", "--file", file],
      { env, cwd: root },
    );
    const out = JSON.parse(stdout);
    expect(out.links).toHaveLength(8);
    expect(out.links[0].url).toMatch(/^https:\/\/quorum\.example\/join#/);
    writeFileSync(file, JSON.stringify({ ...sampleConference(), kind: "nope" }));
    const failed = await run(
      "node",
      ["--import", "tsx", "server/cli.ts", "conference", "create", "--file", file],
      { env, cwd: root },
    ).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(2);
    expect(JSON.parse((failed as { stderr: string }).stderr.split("\nUsage")[0]!).error.issues[0].path).toBe(
      "kind",
    );
  }, 60_000);
});
