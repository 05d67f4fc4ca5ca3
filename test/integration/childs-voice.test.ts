import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { VOICE_MAX_BYTES } from "../../shared/childsVoice";
import { jpegStart, pdf, png } from "../support/files";
import { sampleConference } from "../support/fixtures";
import type { Browser } from "../support/http";
import { type ConferenceFixture, openConference, type Person, resultOf } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";

/**
 * The child's voice from outside: written words by command, a letter or picture over HTTP (size cap,
 * types by their bytes, metadata checked), the young person's wish and the chair's confirmation, and
 * the file served only to someone the visibility model lets see it — a refusal the same as "missing".
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
const open: { close(): void }[] = [];
afterAll(() => {
  for (const x of open) x.close();
});

/** The sample family with a young person (Amy, 10) and her advocate. */
function withYoungPerson() {
  const base = sampleConference();
  return {
    invitees: [
      ...(base.invitees ?? []),
      { ref: "amy", name: "Amy Example", role: "young_person" as const },
      { name: "Yusuf Advocate", role: "advocate" as const, supports: "amy" },
    ],
  };
}

async function family(): Promise<ConferenceFixture & { amy: Person; amyAdvocate: Person }> {
  const f = await openConference(server, withYoungPerson());
  open.push(f);
  return { ...f, amy: f.people["Amy Example"]!, amyAdvocate: f.people["Yusuf Advocate"]! };
}

function upload(
  who: { browser: Browser },
  query: Record<string, string>,
  bytes: Uint8Array | string,
  headers: Record<string, string> = {},
) {
  return fetch(`${server.url}/api/conference/childs-voice?${new URLSearchParams(query)}`, {
    method: "POST",
    headers: {
      cookie: who.browser.cookieHeader,
      origin: server.origin,
      "content-type": "application/octet-stream",
      ...headers,
    },
    body: typeof bytes === "string" ? bytes : Buffer.from(bytes),
  });
}

const fileOf = (who: Person, contentId: string) =>
  fetch(`${server.url}/api/conference/childs-voice/${contentId}/file`, {
    headers: { cookie: who.browser.cookieHeader, origin: server.origin },
  });

async function view(f: ConferenceFixture, who: Person, of: Person = who): Promise<RawYClient> {
  const c = await RawYClient.connect(server.url, `${f.conferenceId}:view:${of.participantId}`, {
    cookie: who.browser.cookieHeader,
    origin: server.origin,
  });
  open.push(c);
  await c.synced;
  return c;
}
const itemIds = (c: RawYClient) => [...c.doc.getMap("items").keys()];
const textIn = (c: RawYClient, id: string) =>
  String((c.doc.getMap("items").get(id) as Y.Map<unknown> | undefined)?.get("text") ?? "");

describe("the child's voice", () => {
  it("takes a young person's words, keeps them from others until the chair confirms her choice", async () => {
    const f = await family();
    const { mum, dad, chair } = f.people as Record<string, Person>;
    const ack = await f.amy.cmd({
      type: "voice.write",
      text: "AMY-WORDS-1234 I like living with mum.",
      title: "What I want to say",
      wish: { audience: "family", notShownTo: [dad!.participantId] },
    });
    const { contentId } = resultOf<{ contentId: string }>(ack);
    const amyView = await view(f, f.amy);
    await until(() => textIn(amyView, contentId).includes("AMY-WORDS-1234"), 5000, "Amy sees her words");
    const voice = (amyView.doc.getMap("items").get(contentId) as Y.Map<unknown>).get("voice") as Record<
      string,
      unknown
    >;
    expect(voice).toMatchObject({ form: "words", whose: "You", confirmed: false });
    // Her advocate sees what she sees.
    const advocateView = await view(f, f.amyAdvocate, f.amy);
    expect(textIn(advocateView, contentId)).toContain("AMY-WORDS-1234");
    // Not confirmed: nobody else in the family sees it.
    const mumView = await view(f, mum!);
    const dadView = await view(f, dad!);
    expect(itemIds(mumView)).not.toContain(contentId);
    // The chair confirms: mum sees it, dad (whom Amy named) does not.
    expect((await chair!.cmd({ type: "voice.confirm", contentId })).ok).toBe(true);
    await until(() => textIn(mumView, contentId).includes("AMY-WORDS-1234"), 5000, "mum sees it");
    const mumVoice = (mumView.doc.getMap("items").get(contentId) as Y.Map<unknown>).get("voice");
    expect(mumVoice).toMatchObject({ whose: "Amy" });
    expect(JSON.stringify(mumVoice)).not.toContain(dad!.participantId); // her choice is hers
    expect(itemIds(dadView)).not.toContain(contentId);
    expect(dadView.allBytes().toString("latin1")).not.toContain("AMY-WORDS");
    // Confirming twice is a conflict; a parent cannot confirm or change her wish.
    const again = await chair!.cmd({ type: "voice.confirm", contentId });
    expect(again.ok ? "ok" : again.error.code).toBe("conflict");
    const byMum = await mum!.cmd({
      type: "voice.wish",
      contentId,
      wish: { audience: "family", notShownTo: [] },
    });
    expect(byMum.ok ? "ok" : byMum.error.code).toBe("forbidden");
    const mumConfirms = await mum!.cmd({ type: "voice.confirm", contentId });
    expect(mumConfirms.ok ? "ok" : mumConfirms.error.code).toBe("not_chair");
  });

  it("narrows at once when she changes her mind, and widens only when the chair confirms", async () => {
    const f = await family();
    const { mum, dad, chair } = f.people as Record<string, Person>;
    const { contentId } = resultOf<{ contentId: string }>(
      await f.amy.cmd({
        type: "voice.write",
        text: "AMY-CHANGE-5678",
        wish: { audience: "family", notShownTo: [dad!.participantId] },
      }),
    );
    expect((await chair!.cmd({ type: "voice.confirm", contentId })).ok).toBe(true);
    const mumView = await view(f, mum!);
    const dadView = await view(f, dad!);
    await until(() => itemIds(mumView).includes(contentId), 5000, "mum sees it");
    // Only the professionals now: it leaves mum's screen without waiting for the chair.
    expect(
      (
        await f.amy.cmd({
          type: "voice.wish",
          contentId,
          wish: { audience: "professionals", notShownTo: [] },
        })
      ).ok,
    ).toBe(true);
    await until(() => !itemIds(mumView).includes(contentId), 5000, "gone from mum");
    // Everyone, dad too: nothing widens until the chair confirms; then both see it.
    expect(
      (
        await f.amyAdvocate.cmd({
          type: "voice.wish",
          contentId,
          wish: { audience: "family", notShownTo: [] },
        })
      ).ok,
    ).toBe(true);
    expect(itemIds(mumView)).not.toContain(contentId);
    expect((await chair!.cmd({ type: "voice.confirm", contentId })).ok).toBe(true);
    await until(
      () => itemIds(mumView).includes(contentId) && itemIds(dadView).includes(contentId),
      5000,
      "both",
    );
  });

  it("lets the social worker bring a younger child's views; refuses parents and other professionals", async () => {
    const f = await family();
    const { social, police, mum, chair } = f.people as Record<string, Person>;
    const ben = f.childIds[1]!;
    const ok = await social!.cmd({
      type: "voice.write",
      text: "Ben said he is scared at bedtime.",
      children: [ben],
      wish: { audience: "professionals", notShownTo: [] },
    });
    expect(ok.ok).toBe(true);
    const noWhose = await social!.cmd({
      type: "voice.write",
      text: "Whose?",
      wish: { audience: "professionals", notShownTo: [] },
    });
    expect(noWhose.ok ? "ok" : noWhose.error.code).toBe("validation_failed");
    for (const who of [mum!, police!]) {
      const refused = await who.cmd({
        type: "voice.write",
        text: "x",
        children: [ben],
        wish: { audience: "family", notShownTo: [] },
      });
      expect(refused.ok ? "ok" : refused.error.code).toBe("forbidden");
    }
    const forSomeoneElse = await f.amy.cmd({
      type: "voice.write",
      text: "x",
      youngPersonId: mum!.participantId,
      wish: { audience: "family", notShownTo: [] },
    });
    expect(forSomeoneElse.ok ? "ok" : forSomeoneElse.error.code).toBe("forbidden");
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    expect(
      audit.some(
        (a) => a.action === "voice.write" && a.outcome === "refused" && a.actor === mum!.participantId,
      ),
    ).toBe(true);
    expect(JSON.stringify(audit)).not.toContain("scared at bedtime");
    void chair;
  });
});

describe("letters and pictures", () => {
  it("uploads a picture, serves it to those who may see it, and 404s everyone else alike", async () => {
    const f = await family();
    const { mum, dad, chair, police } = f.people as Record<string, Person>;
    const picture = png("AMY-PICTURE-9012");
    const res = await upload(
      f.amy,
      { form: "picture", title: "My family", audience: "family", notShownTo: dad!.participantId },
      picture,
    );
    expect(res.status).toBe(201);
    const { contentId } = (await res.json()) as { contentId: string };
    // Amy, her advocate, the chair and a professional get the exact bytes as an image.
    for (const who of [f.amy, f.amyAdvocate, chair!, police!]) {
      const got = await fileOf(who, contentId);
      expect(got.status, who.name).toBe(200);
      expect(got.headers.get("content-type")).toBe("image/png");
      expect(got.headers.get("content-security-policy")).toContain("sandbox");
      expect(Buffer.from(await got.arrayBuffer()).equals(picture)).toBe(true);
    }
    // Not confirmed yet: mum gets exactly what a missing file gets.
    const missing = await fileOf(mum!, "AAAAAAAAAAAAAAAAAAAAAA");
    const hidden = await fileOf(mum!, contentId);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).toBe(await missing.text());
    expect((await chair!.cmd({ type: "voice.confirm", contentId })).ok).toBe(true);
    expect((await fileOf(mum!, contentId)).status).toBe(200);
    const forDad = await fileOf(dad!, contentId);
    expect(forDad.status).toBe(404);
    const body = await forDad.text();
    expect(body).not.toContain("AMY-PICTURE");
    expect(body).toBe(await (await fileOf(dad!, "AAAAAAAAAAAAAAAAAAAAAA")).text());
    // The projection says what it is, not where it is kept.
    const mumView = await view(f, mum!);
    await until(() => itemIds(mumView).includes(contentId), 5000, "mum's item");
    expect((mumView.doc.getMap("items").get(contentId) as Y.Map<unknown>).get("voice")).toMatchObject({
      form: "picture",
      title: "My family",
      file: { mime: "image/png", size: picture.length },
    });
    // Kept after a restart, bytes and all.
    await server.restart();
    const after = await fileOf(f.amy, contentId);
    expect(Buffer.from(await after.arrayBuffer()).equals(picture)).toBe(true);
    expect((await fileOf(dad!, contentId)).status).toBe(404);
  });

  it("accepts a PDF letter and a JPEG, told by their bytes whatever the header says", async () => {
    const f = await family();
    const letter = await upload(
      f.amyAdvocate,
      { form: "letter", audience: "professionals" },
      pdf("LETTER-3456"),
      { "content-type": "image/png" },
    );
    expect(letter.status).toBe(201);
    const { contentId } = (await letter.json()) as { contentId: string };
    const got = await fileOf(f.people.chair!, contentId);
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment; filename="letter\.pdf"$/);
    const jpeg = await upload(f.amy, { form: "picture", audience: "professionals" }, jpegStart("JPEG"));
    expect(jpeg.status).toBe(201);
  });

  it("refuses what it must, changing nothing, with a precise code", async () => {
    const f = await family();
    const { mum, social } = f.people as Record<string, Person>;
    const q = { form: "picture", audience: "family" };
    const code = async (r: Response) => [
      r.status,
      ((await r.json()) as { error: { code: string } }).error.code,
    ];
    expect(await code(await upload(f.amy, q, Buffer.from("<svg onload=alert(1)>")))).toEqual([
      415,
      "unsupported_media_type",
    ]);
    expect(await code(await upload(f.amy, q, Buffer.alloc(0)))).toEqual([400, "validation_failed"]);
    const big = Buffer.concat([png("x"), Buffer.alloc(VOICE_MAX_BYTES)]);
    expect(await code(await upload(f.amy, q, big))).toEqual([413, "payload_too_large"]);
    expect(await code(await upload(f.amy, { ...q, colour: "red" }, png("x")))).toEqual([
      400,
      "unknown_field",
    ]);
    expect(await code(await upload(f.amy, { ...q, audience: "everyone" }, png("x")))).toEqual([
      400,
      "validation_failed",
    ]);
    expect(await code(await upload(f.amy, { ...q, children: "../../etc" }, png("x")))).toEqual([
      400,
      "validation_failed",
    ]);
    expect(await code(await upload(mum!, q, png("x")))).toEqual([403, "forbidden"]);
    expect(await code(await upload(social!, q, png("x")))).toEqual([400, "validation_failed"]);
    expect(await code(await upload(f.amy, q, png("x"), { origin: "https://evil.example" }))).toEqual([
      403,
      "origin_forbidden",
    ]);
    const anonymous = await fetch(`${server.url}/api/conference/childs-voice?form=picture&audience=family`, {
      method: "POST",
      headers: { origin: server.origin, "content-type": "image/png" },
      body: new Uint8Array(png("x")),
    });
    expect(anonymous.status).toBe(401);
    const json = await upload(f.amy, q, JSON.stringify({ a: 1 }), { "content-type": "application/json" });
    expect((await code(json))[1]).toBe("unsupported_media_type");
    // Nothing was added by any of them.
    const room = await server.quorum.rooms.get(f.conferenceId);
    expect(Object.keys(room!.state.childsVoice)).toEqual([]);
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    expect(
      audit.some(
        (a) => a.action === "voice.upload" && a.outcome === "refused" && a.actor === mum!.participantId,
      ),
    ).toBe(true);
  });
});
