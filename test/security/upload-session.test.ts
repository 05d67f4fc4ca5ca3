import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { png } from "../support/files";
import { openConference } from "../support/room";
import { adminFetch, startTestServer, type TestServer } from "../support/server";

/**
 * "Nothing after removal: no document, no command, no file." An upload is checked before its body
 * is read, and a slow body may arrive after the person's link was revoked: it is refused then, and
 * nothing of it is stored.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("a child's voice upload whose session ends while its body arrives", () => {
  it("is refused once the body is in, and stores nothing", async () => {
    const f = await openConference(server);
    try {
      const { chair, social } = f.people as Record<string, NonNullable<(typeof f.people)[string]>>;
      expect((await chair!.cmd({ type: "conference.start" })).ok).toBe(true);
      const file = png("AFTER-REVOKE-MARK");
      const url = new URL(
        `${server.url}/api/conference/childs-voice?form=picture&audience=professionals&children=${f.childIds[0]}`,
      );
      let finish = () => {};
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          url,
          {
            method: "POST",
            headers: {
              origin: server.origin,
              cookie: social!.browser.cookieHeader,
              "content-type": "image/png",
              "content-length": String(file.length),
            },
          },
          (res) => {
            let body = "";
            res.on("data", (d) => {
              body += d;
            });
            res.on("end", () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on("error", reject);
        req.write(file.subarray(0, 8));
        finish = () => req.end(file.subarray(8));
      });
      // The first bytes are in and the upload was let through; now the link is revoked.
      await new Promise((r) => setTimeout(r, 300));
      const disconnected = new Promise<void>((r) => social!.socket.once("disconnect", () => r()));
      const revoked = await adminFetch(
        server,
        "DELETE",
        `/api/admin/conferences/${f.conferenceId}/participants/${social!.participantId}/link`,
      );
      expect(revoked.status).toBe(200);
      await disconnected;
      finish();
      const res = await answer;
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe("unauthenticated");
      const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
      expect(audit.some((a) => a.action === "voice.upload" && a.outcome === "allowed")).toBe(false);
    } finally {
      f.close();
    }
  });
});
