import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from "../support/server";
import {
  errorCode,
  fileAs,
  getAs,
  type Household,
  household,
  ok,
  paragraph,
  refusals,
  section,
  writeProfessional,
} from "./support/family";
import { dbSnapshot } from "./support/state";
import { healthz, type RawResponse, rawHttp } from "./support/wire";

/**
 * The record over HTTP, attacked from outside: each person's copy, the decision summary, the
 * chair's copies screen, anyone's copy and the export (`/api/record/...`), asked for too early, by
 * the wrong person, from the wrong conference, with hostile ids and query strings. A refusal names
 * the rule and nothing of the record, changes nothing (only a file actually given is logged), and
 * is audited.
 */

let server: TestServer;
let h: Household;
let other: ConferenceFixture;
beforeAll(async () => {
  server = await startTestServer();
  h = await household(server);
  other = await openConference(server);
  const chair = h.people.chair!;
  await ok(chair, { type: "conference.start" });
  const prof = await section(h.people.minutes!, "worries");
  const shared = await section(h.people.minutes!, "introductions");
  await ok(chair, { type: "content.share", contentId: shared });
  await writeProfessional(server, h, h.people.minutes!, (d) => {
    (d.getMap("minutes").get(prof) as Y.XmlFragment).insert(0, [paragraph("PROFONLYMARK")]);
    (d.getMap("minutes").get(shared) as Y.XmlFragment).insert(0, [paragraph("SHAREDMARK")]);
  });
  // The other conference has its own words, which must never appear in this one's answers.
  await ok(other.people.chair!, { type: "conference.start" });
  const theirs = await section(other.people.minutes!, "worries");
  await writeProfessional(server, other, other.people.minutes!, (d) => {
    (d.getMap("minutes").get(theirs) as Y.XmlFragment).insert(0, [paragraph("OTHERCONFMARK")]);
  });
});
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  h?.close();
  other?.close();
  await server.close();
});

const MARKERS = ["PROFONLYMARK", "SHAREDMARK", "OTHERCONFMARK"];

/** A refusal: the status and code expected, no word of any record, the headers every answer has. */
function refused(res: RawResponse, status: number, code: string, what: string): void {
  expect([res.status, errorCode(res)], what).toEqual([status, code]);
  for (const m of MARKERS) expect(res.body, what).not.toContain(m);
  expect(res.headers["content-disposition"], what).toBeUndefined();
  expect(res.headers["cache-control"], what).toBe("no-store");
  expect(res.headers["x-content-type-options"], what).toBe("nosniff");
}

const copyOf = (who: Person, format = "json") => getAs(server, who, `/api/record/copy?format=${format}`);
const summaryOf = (who: Person, format = "json") =>
  getAs(server, who, `/api/record/decision-summary?format=${format}`);

async function distributed(): Promise<number> {
  const room = await server.quorum.rooms.get(h.conferenceId);
  return room!.state.record.distribution.length;
}

describe("during the meeting", () => {
  it("gives nobody a copy or the decision summary yet, and audits each attempt", async () => {
    const before = await dbSnapshot(server, h.conferenceId);
    for (const who of [h.people.mum!, h.people.police!, h.people.chair!]) {
      const audits = await refusals(server, h.conferenceId, who, "record.copy");
      refused(await copyOf(who), 409, "record_not_signed_off", `${who.name}'s copy`);
      refused(await copyOf(who, "pdf"), 409, "record_not_signed_off", `${who.name}'s PDF`);
      expect(await refusals(server, h.conferenceId, who, "record.copy")).toBe(audits + 2);
      refused(await summaryOf(who, "docx"), 409, "conflict", `${who.name}'s decision summary`);
    }
    expect(await dbSnapshot(server, h.conferenceId)).toEqual(before);
  });

  it("keeps the copies screen, anyone's copy and the export for the chair: everyone else is refused and audited", async () => {
    const mumId = h.people.mum!.participantId;
    const paths = [
      ["record.copies", "/api/record/copies"],
      ["record.copyFor", `/api/record/copies/${mumId}`],
      ["record.copyFor", `/api/record/copies/${h.people.police!.participantId}?format=pdf`],
      ["record.export", "/api/record/export"],
    ] as const;
    const people = [
      h.people.minutes!,
      h.people.social!,
      h.people.police!,
      h.people.mum!,
      h.people.advocate!,
      h.amy,
      h.interpreter,
      h.observer,
    ];
    const before = await dbSnapshot(server, h.conferenceId);
    for (const who of people)
      for (const [action, path] of paths) {
        const audits = await refusals(server, h.conferenceId, who, action);
        refused(await getAs(server, who, path), 403, "not_chair", `${who.name} ${path}`);
        expect(await refusals(server, h.conferenceId, who, action), `${who.name} ${path}`).toBe(audits + 1);
      }
    // No session, a forged one, or an administrator's route with a session instead of the token.
    for (const [, path] of paths)
      refused(await getAs(server, undefined, path), 401, "unauthenticated", `anonymous ${path}`);
    refused(
      await rawHttp(server.url, {
        path: "/api/record/export",
        headers: { cookie: `quorum_session=${"A".repeat(43)}` },
      }),
      401,
      "unauthenticated",
      "a forged session",
    );
    refused(
      await getAs(server, h.people.chair!, `/api/admin/conferences/${h.conferenceId}/export`),
      401,
      "admin_token_required",
      "the admin export with a chair's cookie",
    );
    expect(await dbSnapshot(server, h.conferenceId)).toEqual(before);
    // The chair may: the screen and the export are the chair's at any time.
    expect((await getAs(server, h.people.chair!, "/api/record/copies")).status).toBe(200);
    const exported = await getAs(server, h.people.chair!, "/api/record/export");
    expect(exported.status).toBe(200);
    expect(exported.body).toContain("PROFONLYMARK");
    expect(exported.body).not.toContain("OTHERCONFMARK");
  });

  it("answers another conference's chair asking for this conference's people: no such participant, audited in theirs", async () => {
    const theirChair = other.people.chair!;
    const before = await dbSnapshot(server, h.conferenceId);
    for (const target of [h.people.mum!, h.people.chair!, h.amy]) {
      const audits = await refusals(server, other.conferenceId, theirChair, "record.copyFor");
      for (const format of ["json", "pdf", "docx"])
        refused(
          await getAs(server, theirChair, `/api/record/copies/${target.participantId}?format=${format}`),
          404,
          "participant_not_found",
          `${target.name} ${format}`,
        );
      expect(await refusals(server, other.conferenceId, theirChair, "record.copyFor")).toBe(audits + 3);
    }
    // Their own screens are their own conference's only.
    for (const path of ["/api/record/copies", "/api/record/export"]) {
      const res = await getAs(server, theirChair, path);
      expect(res.status).toBe(200);
      expect(res.body).not.toContain("PROFONLYMARK");
      expect(res.body).not.toContain(h.conferenceId);
      expect(res.body).not.toContain(h.people.mum!.participantId);
    }
    expect(await dbSnapshot(server, h.conferenceId)).toEqual(before);
  });

  it("refuses hostile ids in paths and tricks in query strings, loading nothing and logging nothing", async () => {
    const chair = h.people.chair!;
    const police = h.people.police!.participantId;
    const roomsBefore = (await server.quorum.rooms.loaded()).length;
    const before = await dbSnapshot(server, h.conferenceId);
    const notFound = [
      "__proto__",
      "constructor",
      "prototype",
      "__proto__".padEnd(22, "A"),
      "hasOwnProperty".padEnd(22, "A"),
      "..",
      "..%2F..%2Fexport",
      "%2e%2e",
      `${police.slice(1)}%00`,
      `${police}%20`,
      "a".repeat(10_240),
    ];
    for (const id of notFound) {
      const res = await getAs(server, chair, `/api/record/copies/${id}`);
      expect([404], id.slice(0, 40)).toContain(res.status);
      for (const m of MARKERS) expect(res.body).not.toContain(m);
    }
    const badQueries: [string, string][] = [
      [`/api/record/copies/${police}?format=pdf&format=docx`, "validation_failed"],
      [`/api/record/copies/${police}?format[]=pdf`, "unknown_field"],
      [`/api/record/copies/${police}?format=PDF`, "validation_failed"],
      [`/api/record/copies/${police}?format=pdf%00`, "validation_failed"],
      [`/api/record/copies/${police}?format=html`, "validation_failed"],
      [`/api/record/copies/${police}?__proto__=x`, "unknown_field"],
      [`/api/record/copies/${police}?constructor=x`, "unknown_field"],
      ["/api/record/copies?participantId=x", "unknown_field"],
      ["/api/record/export?format=pdf", "unknown_field"],
      [`/api/record/copy?${"a[]=x&".repeat(2_000)}`, "unknown_field"],
      [`/api/record/decision-summary?format=json&format=json`, "validation_failed"],
    ];
    for (const [path, code] of badQueries)
      refused(await getAs(server, chair, path), 400, code, path.slice(0, 80));
    expect((await getAs(server, chair, `/api/record/copy?${"a[]=x&".repeat(10_000)}`)).status).toBe(431);
    expect((await server.quorum.rooms.loaded()).length).toBe(roomsBefore);
    const room = await server.quorum.rooms.get(h.conferenceId);
    expect(Object.hasOwn(room!.state.participants, "__proto__")).toBe(false);
    expect(await dbSnapshot(server, h.conferenceId)).toEqual(before);
  });
});

describe("after the end", () => {
  beforeAll(async () => {
    await ok(h.people.chair!, { type: "conference.end" });
  });

  it("keeps every copy until sign-off; the decision summary only for those who get a copy", async () => {
    const before = await dbSnapshot(server, h.conferenceId);
    for (const who of [h.people.mum!, h.people.dad!, h.people.police!, h.people.minutes!])
      refused(await copyOf(who, "docx"), 409, "record_not_signed_off", `${who.name} before sign-off`);
    // The decision summary: the same for everyone with a copy; not for the rest.
    const cases: [Person, number, string | undefined][] = [
      [h.people.mum!, 200, undefined],
      [h.people.police!, 200, undefined],
      [h.people.advocate!, 403, "consent_required"],
      [h.interpreter, 403, "consent_required"],
      [h.amy, 403, "copy_not_chosen"],
      // Amy has not been chosen to receive a copy, so the advocate with her gets none either.
      [h.amyAdvocate, 403, "copy_not_chosen"],
      [h.observer, 403, "no_copy"],
    ];
    for (const [who, status, code] of cases) {
      const res = await summaryOf(who);
      if (code) {
        const audits = await refusals(server, h.conferenceId, who, "record.decisionSummary");
        refused(await summaryOf(who, "pdf"), status, code, `${who.name}'s decision summary`);
        expect(await refusals(server, h.conferenceId, who, "record.decisionSummary")).toBe(audits + 1);
      } else {
        expect(res.status, who.name).toBe(200);
        for (const m of MARKERS) expect(res.body).not.toContain(m);
      }
    }
    // Reading on screen (JSON) is not giving a copy: nothing was logged.
    expect(await dbSnapshot(server, h.conferenceId)).toEqual(before);
  });
});

describe("after sign-off", () => {
  beforeAll(async () => {
    await ok(h.people.chair!, { type: "record.signOff" });
  });

  it("gives each person the copy the rules allow, and refuses the rest with the rule, audited", async () => {
    const logged = await distributed();
    const cases: [Person, string][] = [
      [h.people.advocate!, "consent_required"],
      [h.interpreter, "consent_required"],
      [h.amy, "copy_not_chosen"],
      [h.zoe, "copy_not_chosen"],
      [h.amyAdvocate, "copy_not_chosen"],
      [h.observer, "no_copy"],
    ];
    for (const [who, code] of cases)
      for (const format of ["json", "pdf", "docx"]) {
        const audits = await refusals(server, h.conferenceId, who, "record.copy");
        refused(await copyOf(who, format), 403, code, `${who.name} ${format}`);
        expect(await refusals(server, h.conferenceId, who, "record.copy")).toBe(audits + 1);
      }
    expect(await distributed()).toBe(logged);
    // The family's copies hold what they may see, and nothing for professionals only.
    const mum = await copyOf(h.people.mum!);
    expect(mum.status).toBe(200);
    expect(mum.body).toContain("SHAREDMARK");
    expect(mum.body).not.toContain("PROFONLYMARK");
    // The chair's choice and the family member's consent open a copy; nothing else does.
    await ok(h.people.chair!, {
      type: "record.copyChoice",
      participantId: h.amy.participantId,
      childCopy: true,
    });
    const amy = await copyOf(h.amy);
    expect(amy.status).toBe(200);
    expect(amy.body).not.toContain("PROFONLYMARK");
    refused(await copyOf(h.zoe), 403, "copy_not_chosen", "Zoe, not chosen");
    refused(await copyOf(h.amyAdvocate), 403, "consent_required", "Amy's advocate, no consent");
  });

  it("gives no copy over their session to someone the chair removed or refused; the chair still sends it", async () => {
    const f = await household(server);
    try {
      const chair = f.people.chair!;
      await ok(chair, { type: "conference.start" });
      await ok(chair, {
        type: "participant.remove",
        participantId: f.people.dad!.participantId,
        reason: "threats",
      });
      await ok(chair, { type: "participant.toLobby", participantId: f.people.police!.participantId });
      await ok(chair, { type: "lobby.refuse", participantId: f.people.police!.participantId });
      await ok(chair, { type: "conference.end" });
      await ok(chair, { type: "record.signOff" });
      for (const who of [f.people.dad!, f.people.police!]) {
        for (const [action, path] of [
          ["record.copy", "/api/record/copy?format=pdf"],
          ["record.copy", "/api/record/copy"],
          ["record.decisionSummary", "/api/record/decision-summary?format=docx"],
        ] as const) {
          const audits = await refusals(server, f.conferenceId, who, action);
          refused(await getAs(server, who, path), 403, "forbidden", `${who.name} ${path}`);
          expect(await refusals(server, f.conferenceId, who, action)).toBe(audits + 1);
        }
      }
      expect((await getAs(server, f.people.mum!, "/api/record/copy")).status).toBe(200);
      // The copy is still theirs: the chair makes it and records sending it.
      const dad = f.people.dad!.participantId;
      expect((await fileAs(server, chair, `/api/record/copies/${dad}?format=pdf`)).status).toBe(200);
      await ok(chair, {
        type: "record.markSent",
        participantId: dad,
        document: "record",
        format: "pdf",
        via: "post",
      });
    } finally {
      f.close();
    }
  });

  it("names every file safely, whatever the conference and people are called", async () => {
    const hostile = 'Evil"; filename="x.html\r\nSet-Cookie: a=b <script>\u0001\u202e';
    const f = await openConference(server, {
      title: hostile,
      invitees: [
        { name: "Chris Chair", role: "chair" },
        { name: "Mina Minutes", role: "minute_taker" },
        { ref: "mum", name: `Jo ${hostile}`, role: "parent" },
      ],
    });
    try {
      await ok(f.people.chair!, { type: "conference.start" });
      await ok(f.people.chair!, { type: "conference.end" });
      await ok(f.people.chair!, { type: "record.signOff" });
      const mumKey = Object.keys(f.people).find((k) => k.startsWith("Jo "))!;
      for (const [who, path] of [
        [f.people.chair!, "/api/record/export"],
        [f.people[mumKey]!, "/api/record/copy?format=pdf"],
        [f.people[mumKey]!, "/api/record/copy?format=docx"],
        [f.people[mumKey]!, "/api/record/decision-summary?format=pdf"],
        [f.people.chair!, `/api/record/copies/${f.people[mumKey]!.participantId}?format=docx`],
      ] as const) {
        const res = await fileAs(server, who, path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get("content-disposition"), path).toMatch(
          /^attachment; filename="[a-z0-9-]+\.(pdf|docx|json)"; filename\*=UTF-8''[A-Za-z0-9%.-]+$/,
        );
        expect(res.headers.get("set-cookie")).toBeNull();
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.headers.get("cache-control")).toBe("no-store");
      }
    } finally {
      f.close();
    }
  });

  it("makes one file at a time per person: a burst of downloads is refused, not queued", async () => {
    const mum = h.people.mum!;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => fileAs(server, mum, "/api/record/copy?format=pdf")),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => s === 200 || s === 429),
      String(statuses),
    ).toBe(true);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    for (const r of results.filter((x) => x.status === 429))
      expect(JSON.parse(r.body.toString()).error.code).toBe("rate_limited");
  });

  it("the administrator's export needs the administrator's token and a well-formed conference id", async () => {
    for (const id of ["__proto__", "..", "%00", other.conferenceId.slice(1), "a".repeat(10_240)]) {
      const res = await rawHttp(server.url, {
        path: `/api/admin/conferences/${id}/export`,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      expect([400, 404], id.slice(0, 30)).toContain(res.status);
    }
    const res = await rawHttp(server.url, {
      path: `/api/admin/conferences/${h.conferenceId}/export`,
      headers: { authorization: "Bearer wrong-token-wrong-token-wrong" },
    });
    refused(res, 401, "admin_token_required", "a wrong admin token");
  });
});
