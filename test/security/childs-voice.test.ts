import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VOICE_MAX_BYTES } from "../../shared/childsVoice";
import { jpegStart, pdf, png } from "../support/files";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, type Household, household, ok, refusals, voiceFile, voiceUpload } from "./support/family";
import { dbSnapshot, MiB } from "./support/state";
import { healthz, type RawResponse, rawHttp } from "./support/wire";

/**
 * The child's voice over HTTP, attacked from outside with raw requests: the upload (`POST
 * /api/conference/childs-voice`, the file as the body, its details in the query) and the download
 * (`GET /api/conference/childs-voice/:contentId/file`). Every refusal leaves the conference as it
 * was, tells the sender a precise code, and is audited when it is a permission failure; a download
 * that is not the requester's to see is exactly the answer for one that does not exist.
 */

let server: TestServer;
let h: Household;
let other: ConferenceFixture;
beforeAll(async () => {
  server = await startTestServer();
  h = await household(server);
  other = await openConference(server);
});
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  h?.close();
  other?.close();
  await server.close();
});

const picture = "form=picture&audience=family";
const MISSING = "AAAAAAAAAAAAAAAAAAAAAA";

async function unchanged<T>(f: ConferenceFixture, attempt: () => Promise<T>): Promise<T> {
  const before = await dbSnapshot(server, f.conferenceId);
  const out = await attempt();
  expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
  return out;
}

const created = (res: RawResponse) => {
  expect(res.status, res.body).toBe(201);
  return (JSON.parse(res.body) as { contentId: string }).contentId;
};

/** A request whose body is announced in full but only partly sent: the answer must not wait for the rest. */
function partialUpload(
  who: Person,
  query: string,
  announced: number,
  first: Buffer,
): { answer: Promise<number>; finish(rest?: Buffer): void; abort(): void } {
  const url = new URL(server.url);
  let finish: (rest?: Buffer) => void = () => undefined;
  let abort: () => void = () => undefined;
  const answer = new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: `/api/conference/childs-voice?${query}`,
        agent: false,
        headers: {
          origin: server.origin,
          cookie: who.browser.cookieHeader,
          "content-type": "application/octet-stream",
          "content-length": String(announced),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", (err) => reject(err));
    req.write(first);
    finish = (rest) => req.end(rest);
    abort = () => req.destroy();
  });
  answer.catch(() => undefined);
  return { answer, finish: (rest) => finish(rest), abort: () => abort() };
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe("uploading a letter or picture", () => {
  it("refuses a foreign, missing or opaque Origin, and a missing or forged session, changing nothing", async () => {
    await unchanged(h, async () => {
      for (const origin of ["https://evil.example", "null", `${server.origin}.evil.example`, ""]) {
        const res = await voiceUpload(server, h.amy, picture, png("X"), { origin });
        expect([res.status, errorCode(res)], origin).toEqual([403, "origin_forbidden"]);
      }
      // No Origin at all: a browser always sends one on a POST, so its absence is refused too.
      const none = await rawHttp(server.url, {
        method: "POST",
        path: `/api/conference/childs-voice?${picture}`,
        headers: { cookie: h.amy.browser.cookieHeader, "content-type": "image/png" },
        body: png("X"),
      });
      expect([none.status, errorCode(none)]).toEqual([403, "origin_forbidden"]);
      const anonymous = await voiceUpload(server, undefined, picture, png("X"));
      expect([anonymous.status, errorCode(anonymous)]).toEqual([401, "unauthenticated"]);
      const forged = await voiceUpload(server, undefined, picture, png("X"), {
        cookie: `quorum_session=${"A".repeat(43)}`,
      });
      expect([forged.status, errorCode(forged)]).toEqual([401, "unauthenticated"]);
    });
  });

  it("answers a stranger's or a parent's 5 MiB upload before reading the body", async () => {
    // The session and the permission are decided from the headers and the query: a body nobody
    // may send is never buffered.
    const stranger = await within(
      new Promise<number>((resolve, reject) => {
        const url = new URL(server.url);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: "POST",
            path: `/api/conference/childs-voice?${picture}`,
            agent: false,
            headers: { origin: server.origin, "content-length": String(VOICE_MAX_BYTES) },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on("error", reject);
        req.write(png("X"));
      }),
      3000,
      "a stranger's upload",
    );
    expect(stranger).toBe(401);
    const before = await refusals(server, h.conferenceId, h.people.mum!, "voice.upload");
    const mum = partialUpload(h.people.mum!, picture, VOICE_MAX_BYTES, png("X"));
    expect(await within(mum.answer, 3000, "a parent's upload")).toBe(403);
    mum.abort();
    expect(await refusals(server, h.conferenceId, h.people.mum!, "voice.upload")).toBe(before + 1);
  });

  it("refuses a body over 5 MiB, announced or streamed, and stores nothing", async () => {
    await unchanged(h, async () => {
      const big = Buffer.concat([png("BIG"), Buffer.alloc(VOICE_MAX_BYTES)]);
      const announced = await voiceUpload(server, h.amy, picture, big);
      expect([announced.status, errorCode(announced)]).toEqual([413, "payload_too_large"]);
      // Chunked: no Content-Length to refuse up front; the limit applies as the bytes arrive.
      const streamed = await voiceUpload(server, h.amy, picture, big, { "transfer-encoding": "chunked" });
      expect([streamed.status, errorCode(streamed)]).toEqual([413, "payload_too_large"]);
    });
  });

  it("tells a file by its bytes: anything but PNG, JPEG and PDF is refused whatever its headers say", async () => {
    const cases: [string, Buffer, string][] = [
      ["html", Buffer.from("<!doctype html><script>alert(1)</script>"), "text/html"],
      ["svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), "image/png"],
      ["gif", Buffer.from("GIF89a<script>alert(1)</script>"), "image/gif"],
      ["bmp", Buffer.from("BM\0\0\0\0"), "image/bmp"],
      ["zip", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), "application/zip"],
      ["elf", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]), "image/png"],
      ["text", Buffer.from("just words"), "text/plain"],
      ["png with a space first", Buffer.concat([Buffer.from(" "), png("X")]), "image/png"],
      ["png magic cut short", png("X").subarray(0, 7), "image/png"],
      ["utf-8 bom then pdf", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), pdf("X")]), "application/pdf"],
    ];
    await unchanged(h, async () => {
      for (const [what, bytes, type] of cases) {
        const res = await voiceUpload(server, h.amy, picture, bytes, { "content-type": type });
        expect([res.status, errorCode(res)], what).toEqual([415, "unsupported_media_type"]);
      }
      const json = await voiceUpload(server, h.amy, picture, '{"a":1}', {
        "content-type": "application/json",
      });
      expect([json.status, errorCode(json)]).toEqual([415, "unsupported_media_type"]);
      const form = await voiceUpload(server, h.amy, picture, "a=1", {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(errorCode(form)).toBe("unsupported_media_type");
      const empty = await voiceUpload(server, h.amy, picture, Buffer.alloc(0));
      expect([empty.status, errorCode(empty)]).toEqual([400, "validation_failed"]);
    });
  });

  it("refuses hostile details in the query: unknown and prototype keys, repeats, floods, huge or foreign ids", async () => {
    const mumId = h.people.mum!.participantId;
    const bChild = other.childIds[0]!;
    const bParent = other.people.mum!.participantId;
    const cases: [string, string, number, string][] = [
      ["unknown field", `${picture}&colour=red`, 400, "unknown_field"],
      ["__proto__", `${picture}&__proto__=x`, 400, "unknown_field"],
      ["__proto__ nested", `${picture}&__proto__[isChair]=true`, 400, "unknown_field"],
      ["constructor", `${picture}&constructor=x`, 400, "unknown_field"],
      ["repeated form", `form=picture&form=letter&audience=family`, 400, "validation_failed"],
      ["array form", `form[]=picture&audience=family`, 400, "unknown_field"],
      ["missing audience", "form=picture", 400, "validation_failed"],
      ["words form", "form=words&audience=family", 400, "validation_failed"],
      ["10 KB title", `${picture}&title=${"t".repeat(10_240)}`, 400, "validation_failed"],
      ["a[]=x 2,000 times", `${picture}&${"a[]=x&".repeat(2_000)}`, 400, "unknown_field"],
      ["__proto__ as an id", `${picture}&children=__proto__`, 400, "validation_failed"],
      ["constructor as a young person", `${picture}&youngPersonId=constructor`, 400, "validation_failed"],
      ["dot-dot ids", `${picture}&notShownTo=..%2F..`, 400, "validation_failed"],
      ["NUL in an id", `${picture}&children=${MISSING.slice(1)}%00`, 400, "validation_failed"],
      ["21 ids", `${picture}&children=${Array(21).fill(MISSING).join(",")}`, 400, "validation_failed"],
      ["another conference's child", `${picture}&children=${bChild}`, 400, "validation_failed"],
      ["another conference's parent", `${picture}&notShownTo=${bParent}`, 400, "validation_failed"],
      [
        "a professional kept out",
        `${picture}&notShownTo=${h.people.police!.participantId}`,
        400,
        "validation_failed",
      ],
      ["someone else's views", `${picture}&youngPersonId=${h.zoe.participantId}`, 403, "forbidden"],
      ["a parent as the young person", `${picture}&youngPersonId=${mumId}`, 403, "forbidden"],
    ];
    await unchanged(h, async () => {
      for (const [what, query, status, code] of cases) {
        const res = await voiceUpload(server, h.amy, query, png("X"));
        expect([res.status, errorCode(res)], what).toEqual([status, code]);
        // The refusal names the rule, never echoes what was sent.
        expect(res.body, what).not.toContain("tttttttttt");
        expect(res.body, what).not.toContain(bParent);
      }
      // A URL longer than Node's header limit (16 KiB) never reaches the router.
      for (const query of [
        `${picture}&title=${"t".repeat(100_000)}`,
        `${picture}&${"a[]=x&".repeat(10_000)}`,
      ]) {
        const huge = await voiceUpload(server, h.amy, query, png("X"));
        expect(huge.status).toBe(431);
      }
    });
  });

  it("lets nobody bring views that are not theirs to bring: parents, other young people's advocates, professionals, observers", async () => {
    const zoe = h.zoe.participantId;
    const attempts: [string, Person, string, string][] = [
      ["a parent for her child", h.people.mum!, `${picture}&children=${h.childIds[0]}`, "forbidden"],
      [
        "a parent as the young person",
        h.people.dad!,
        `${picture}&youngPersonId=${h.amy.participantId}`,
        "forbidden",
      ],
      ["mum's advocate", h.people.advocate!, picture, "forbidden"],
      ["dad's interpreter", h.interpreter, `${picture}&youngPersonId=${zoe}`, "forbidden"],
      ["Amy's advocate for Zoe", h.amyAdvocate, `${picture}&youngPersonId=${zoe}`, "forbidden"],
      ["the police", h.people.police!, `${picture}&youngPersonId=${zoe}`, "forbidden"],
      ["the minute taker", h.people.minutes!, `${picture}&youngPersonId=${zoe}`, "forbidden"],
      ["an observer", h.observer, `${picture}&youngPersonId=${zoe}`, "forbidden"],
    ];
    await unchanged(h, async () => {
      for (const [what, who, query, code] of attempts) {
        const before = await refusals(server, h.conferenceId, who, "voice.upload");
        const res = await voiceUpload(server, who, query, png("X"));
        expect([res.status, errorCode(res)], what).toEqual([403, code]);
        expect(await refusals(server, h.conferenceId, who, "voice.upload"), what).toBe(before + 1);
      }
    });
  });

  it("refuses a young person who is out of the meeting, muted or removed, and everyone once it has ended", async () => {
    const f = await household(server);
    try {
      const chair = f.people.chair!;
      const attempt = async (who: Person, code: string, status: number) => {
        const before = await refusals(server, f.conferenceId, who, "voice.upload");
        await unchanged(f, async () => {
          const res = await voiceUpload(server, who, picture, png("X"));
          expect([res.status, errorCode(res)], `${who.name} ${code}`).toEqual([status, code]);
        });
        expect(await refusals(server, f.conferenceId, who, "voice.upload")).toBe(before + 1);
      };
      await ok(chair, {
        type: "exclusion.start",
        participantId: f.amy.participantId,
        ground: "child_request",
        note: "a break for Amy",
      });
      await attempt(f.amy, "excluded", 403);
      // The person with her is out with her.
      await attempt(f.amyAdvocate, "excluded", 403);
      await ok(chair, { type: "exclusion.end", participantId: f.amy.participantId });
      await ok(chair, { type: "participant.mute", participantId: f.zoe.participantId });
      await attempt(f.zoe, "muted", 403);
      await ok(chair, {
        type: "participant.remove",
        participantId: f.zoe.participantId,
        reason: "asked to leave",
      });
      await attempt(f.zoe, "not_in_room", 403);
      await ok(chair, { type: "conference.end" });
      await attempt(f.amy, "conference_ended", 409);
      await attempt(f.people.social!, "conference_ended", 409);
      await attempt(chair, "conference_ended", 409);
    } finally {
      f.close();
    }
  });

  it("lets one person have two uploads in flight at most, and the server's memory stays flat under a flood", async () => {
    const f = await household(server);
    try {
      const half = Math.floor(VOICE_MAX_BYTES / 2);
      const first = partialUpload(f.amy, picture, half, png("ONE"));
      const second = partialUpload(f.amy, picture, half, png("TWO"));
      // Both are being read (no answer yet); a third is refused at once, before its body.
      const third = partialUpload(f.amy, picture, half, png("THREE"));
      expect(await within(third.answer, 3000, "the third upload")).toBe(429);
      third.abort();
      const pad = (b: Buffer) => Buffer.alloc(half - b.length);
      first.finish(pad(png("ONE")));
      second.finish(pad(png("TWO")));
      expect(await first.answer).toBe(201);
      expect(await second.answer).toBe(201);

      // A flood: 40 uploads of 4 MiB at once from one young person. Measured at its peak.
      const body = Buffer.concat([png("FLOOD"), Buffer.alloc(4 * MiB)]);
      const base = process.memoryUsage();
      let peak = 0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
      }, 5);
      const results = await Promise.all(
        Array.from({ length: 40 }, () =>
          voiceUpload(server, f.amyAdvocate, picture, body).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      clearInterval(sampler);
      expect(results.filter((s) => s === 201).length).toBeLessThanOrEqual(18);
      expect(results.every((s) => [201, 429, 0].includes(s))).toBe(true);
      expect(results.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(peak).toBeLessThan(60 * MiB);
      await healthz(server.url);
    } finally {
      f.close();
    }
  });

  it("stores at most 20 files per person", async () => {
    const f = await household(server);
    try {
      for (let i = 0; i < 20; i++)
        created(await voiceUpload(server, f.amy, "form=picture&audience=professionals", png(`P${i}`)));
      const over = await unchanged(f, () =>
        voiceUpload(server, f.amy, "form=picture&audience=professionals", png("P21")),
      );
      expect([over.status, errorCode(over)]).toEqual([409, "conflict"]);
    } finally {
      f.close();
    }
  });
});

describe("fetching a letter or picture", () => {
  let shown: string; // Amy's picture: the family, not dad; confirmed by the chair
  let letter: string; // Amy's letter: the professionals only
  let polyglot: string; // a PNG carrying an HTML page after its signature
  let pdfScript: string; // a PDF with a script in it
  let words: string; // Amy's words: no file
  let mapping: string; // a mapping item
  let foreign: string; // a picture in the other conference

  beforeAll(async () => {
    shown = created(
      await voiceUpload(
        server,
        h.amy,
        `form=picture&title=My%20family&audience=family&notShownTo=${h.people.dad!.participantId}`,
        png("AMYSHOWNMARK"),
      ),
    );
    await ok(h.people.chair!, { type: "voice.confirm", contentId: shown });
    letter = created(
      await voiceUpload(server, h.amyAdvocate, "form=letter&audience=professionals", pdf("AMYLETTERMARK")),
    );
    polyglot = created(
      await voiceUpload(
        server,
        h.amy,
        "form=picture&audience=professionals",
        Buffer.concat([png("X"), Buffer.from("<html><body><script>alert(document.cookie)</script>")]),
        { "content-type": "text/html" },
      ),
    );
    pdfScript = created(
      await voiceUpload(
        server,
        h.amy,
        "form=letter&audience=professionals",
        Buffer.from(
          "%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF",
        ),
      ),
    );
    words = String(
      (
        await ok(h.amy, {
          type: "voice.write",
          text: "AMYWORDSMARK",
          wish: { audience: "family", notShownTo: [] },
        })
      ).contentId,
    );
    mapping = String(
      (await ok(h.people.social!, { type: "content.create", kind: "mapping_item", area: "going_well" }))
        .contentId,
    );
    foreign = created(
      await voiceUpload(
        server,
        other.people.social!,
        `form=picture&audience=professionals&children=${other.childIds[0]}`,
        png("OTHERCONFMARK"),
      ),
    );
  });

  /** Exactly what a request for an id that does not exist gets. */
  async function expectNothingHere(who: Person, id: string, what: string): Promise<void> {
    const missing = await voiceFile(server, who, MISSING);
    const res = await voiceFile(server, who, id);
    expect(res.status, what).toBe(404);
    expect(res.body, what).toBe(missing.body);
    expect(res.headers["content-type"], what).toBe(missing.headers["content-type"]);
    expect(res.headers["content-length"], what).toBe(missing.headers["content-length"]);
    expect(res.headers["content-disposition"], what).toBeUndefined();
    for (const marker of ["AMY", "MARK", "OTHERCONF", "%PDF", "PNG"]) expect(res.body).not.toContain(marker);
  }

  it("serves the file as an inert download or image, never as a page of this site", async () => {
    const cases: [string, string, string, string][] = [
      [shown, "image/png", "inline", "picture.png"],
      [polyglot, "image/png", "inline", "picture.png"],
      [letter, "application/pdf", "attachment", "letter.pdf"],
      [pdfScript, "application/pdf", "attachment", "letter.pdf"],
    ];
    for (const [id, type, disposition, name] of cases) {
      const res = await voiceFile(server, h.people.chair!, id);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe(type);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("sandbox");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe");
      expect(res.headers["content-disposition"]).toBe(`${disposition}; filename="${name}"`);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["cross-origin-resource-policy"]).toBe("same-origin");
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("answers another conference's file, a hostile id, a words-only item and a mapping item exactly like a missing one", async () => {
    const probes: [Person, string, string][] = [
      [h.people.chair!, foreign, "the other conference's file, to this conference's chair"],
      [other.people.chair!, shown, "this conference's file, to the other conference's chair"],
      [other.people.social!, letter, "this conference's letter, to the other conference's social worker"],
      [h.people.chair!, words, "an item of words (no file)"],
      [h.people.chair!, mapping, "a mapping item"],
      [h.people.chair!, "__proto__", "__proto__"],
      [h.people.chair!, "constructor", "constructor"],
      [h.people.chair!, `${"__proto__".padEnd(22, "A")}`, "a well-shaped __proto__"],
      [h.people.chair!, "..%2F..%2Fetc%2Fpasswd", "a path"],
      [h.people.chair!, `${MISSING.slice(1)}%00`, "a NUL"],
      [h.people.chair!, "a".repeat(10_240), "10 KB"],
    ];
    const before = await dbSnapshot(server, h.conferenceId);
    const audits = await refusals(server, other.conferenceId, other.people.chair!, "voice.file");
    for (const [who, id, what] of probes) await expectNothingHere(who, id, what);
    expect(await dbSnapshot(server, h.conferenceId)).toEqual(before);
    // The other conference's chair looking at this conference's file is audited in theirs (and so
    // is the probe for a missing id that each comparison makes).
    expect(await refusals(server, other.conferenceId, other.people.chair!, "voice.file")).toBe(audits + 2);
  });

  it("keeps a file from the family members it is withheld from, and from everyone out of the meeting", async () => {
    // Before: mum may see the shown picture; dad and the person with him may not; nobody in the
    // family sees the professionals' letter; Amy and her advocate see her own.
    expect((await voiceFile(server, h.people.mum!, shown)).status).toBe(200);
    expect((await voiceFile(server, h.people.advocate!, shown)).status).toBe(200);
    expect((await voiceFile(server, h.amy, letter)).status).toBe(200);
    expect((await voiceFile(server, h.amyAdvocate, letter)).status).toBe(200);
    const auditsDad = await refusals(server, h.conferenceId, h.people.dad!, "voice.file");
    await expectNothingHere(h.people.dad!, shown, "dad, withheld");
    await expectNothingHere(h.interpreter, shown, "dad's interpreter");
    await expectNothingHere(h.people.mum!, letter, "mum, the professionals' letter");
    await expectNothingHere(h.zoe, letter, "Zoe, Amy's letter");
    // Audited, like the probe for a missing id that the comparison makes.
    expect(await refusals(server, h.conferenceId, h.people.dad!, "voice.file")).toBe(auditsDad + 2);

    // Out of the meeting: nothing, not even what she could see a moment ago.
    await ok(h.people.chair!, {
      type: "exclusion.start",
      participantId: h.people.mum!.participantId,
      ground: "confidential_information",
      note: "police information",
    });
    await expectNothingHere(h.people.mum!, shown, "mum while excluded");
    await expectNothingHere(h.people.advocate!, shown, "mum's advocate while she is excluded");
    await ok(h.people.chair!, { type: "exclusion.end", participantId: h.people.mum!.participantId });
    expect((await voiceFile(server, h.people.mum!, shown)).status).toBe(200);

    // A split conference: the side that is out gets nothing.
    await ok(h.people.chair!, {
      type: "split.part",
      present: [h.people.dad!.participantId],
      note: "dad's part",
    });
    await expectNothingHere(h.people.mum!, shown, "mum out of dad's part");
    await expectNothingHere(h.amy, letter, "Amy out of dad's part");
    await ok(h.people.chair!, { type: "split.end" });
    expect((await voiceFile(server, h.amy, letter)).status).toBe(200);
  });

  it("gives a removed person nothing, and the family nothing once the conference has ended", async () => {
    const f = await household(server);
    try {
      const pic = created(await voiceUpload(server, f.amy, "form=picture&audience=family", png("ENDEDMARK")));
      await ok(f.people.chair!, { type: "voice.confirm", contentId: pic });
      expect((await voiceFile(server, f.people.dad!, pic)).status).toBe(200);
      await ok(f.people.chair!, {
        type: "participant.remove",
        participantId: f.people.dad!.participantId,
        reason: "asked to leave",
      });
      const missing = await voiceFile(server, f.people.dad!, MISSING);
      const removed = await voiceFile(server, f.people.dad!, pic);
      expect([removed.status, removed.body]).toEqual([404, missing.body]);
      await ok(f.people.chair!, { type: "conference.end" });
      for (const who of [f.amy, f.amyAdvocate, f.people.mum!]) {
        const res = await voiceFile(server, who, pic);
        expect([res.status, res.body], who.name).toEqual([404, missing.body]);
      }
      // The chair and the minute taker finish the record: they still see it.
      expect((await voiceFile(server, f.people.chair!, pic)).status).toBe(200);
      expect((await voiceFile(server, f.people.minutes!, pic)).status).toBe(200);
    } finally {
      f.close();
    }
  });

  it("a JPEG is served as a JPEG", async () => {
    const id = created(
      await voiceUpload(server, h.amy, "form=picture&audience=professionals", jpegStart("J")),
    );
    const res = await voiceFile(server, h.people.social!, id);
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect(res.headers["content-disposition"]).toBe('inline; filename="picture.jpg"');
  });
});
