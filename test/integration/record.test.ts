import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { ConferenceExportV1 } from "../../shared/recordExport";
import { documentTexts } from "../support/documents";
import { Browser } from "../support/http";
import { type ConferenceFixture, openConference, type Person, resultOf } from "../support/room";
import { adminFetch, startTestServer, type TestServer } from "../support/server";
import { eventually, RawYClient, until } from "../support/yclient";

/**
 * The record of a seeded conference, through the real server: minutes written into the professional
 * document by raw Yjs clients, the plan by commands, the end, the record stage, sign-off, and each
 * recipient's copy as JSON, PDF and Word. The family copies are searched part by part — every XML part
 * of the .docx, every inflated PDF stream and the text each stream shows — for the markers of what
 * they must leave out, and must hold the decision and the plan.
 */

let server: TestServer;
let f: ConferenceFixture;
const open: { close(): void }[] = [];
let p: Record<string, Person>;
let amy: string;
let ben: string;
let minutes: RawYClient;

/** Markers: one word each, so no line break can split them in a PDF. */
const M = {
  sharedItem: "SHAREDMAPPINGMARK",
  profItem: "PROFONLYITEMMARK",
  withheldDad: "WITHHELDFROMDADMARK",
  sharedMinute: "SHAREDMINUTEMARK",
  profMinute: "PROFONLYMINUTEMARK",
  summary: "CHAIRSUMMARYMARK",
  whileOutPart: "WHILEOUTPARTMARK",
  whileOutItem: "WHILEOUTITEMMARK",
  rationale: "RATIONALEMARK",
  profScale: "POLICESCALEMARK",
  mumScale: "MUMOWNSCALEMARK",
  action: "PLANACTIONMARK",
  contingency: "CONTINGENCYMARK",
  bottomLines: "BOTTOMLINEMARK",
  afterEnd: "AFTERENDMINUTEMARK",
} as const;
const HIDDEN_FROM_DAD = [
  M.profItem,
  M.withheldDad,
  M.profMinute,
  M.whileOutPart,
  M.whileOutItem,
  M.rationale,
  M.profScale,
];
const IN_EVERY_COPY = [M.action, M.contingency, M.bottomLines, M.sharedItem, M.sharedMinute, M.summary];

beforeAll(async () => {
  server = await startTestServer();
  f = await openConference(server);
  open.push(f);
  p = f.people;
  [amy, ben] = f.childIds as [string, string];
});
afterAll(async () => {
  for (const x of open) x.close();
  await server.close();
});

const doc = (kind: string) => `${f.conferenceId}:${kind}`;

async function ok(person: Person, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  const ack = await person.cmd(command);
  expect(ack, JSON.stringify(command)).toMatchObject({ ok: true });
  return resultOf(ack);
}
async function refused(person: Person, command: Record<string, unknown>, code: string): Promise<void> {
  const ack = await person.cmd(command);
  expect(ack, JSON.stringify(command)).toMatchObject({ ok: false, error: { code } });
}

async function yclient(person: Person, name: string): Promise<RawYClient> {
  const c = await RawYClient.connect(server.url, name, {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  open.push(c);
  await c.synced;
  return c;
}

/** Write a paragraph into a minute section (or a plan text) as TipTap would: paragraph > text. */
function writeRich(client: RawYClient, map: string, key: string, words: string): void {
  const fragment = client.doc.getMap(map).get(key);
  if (!(fragment instanceof Y.XmlFragment)) throw new Error(`no fragment at ${map}.${key}`);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(words)]);
  fragment.insert(fragment.length, [paragraph]);
}

async function section(person: Person, agendaItem: string, part = false): Promise<string> {
  const result = await ok(person, { type: part ? "minutes.addPart" : "minutes.open", agendaItem });
  const id = String(result.contentId);
  await until(
    () => minutes.doc.getMap("minutes").get(id) instanceof Y.XmlFragment,
    5000,
    "the section's fragment",
  );
  return id;
}

async function item(person: Person, kind: string, area: string | undefined, words: string): Promise<string> {
  const id = String(
    (await ok(person, { type: "content.create", kind, ...(area ? { area } : {}) })).contentId,
  );
  await until(() => minutes.doc.getMap("texts").get(id) instanceof Y.Text, 5000, "the item's text");
  (minutes.doc.getMap("texts").get(id) as Y.Text).insert(0, words);
  return id;
}

/** The chair's view of a copy (JSON) once it holds `marker`: the server has the words. */
async function chairSees(recipient: Person, marker: string): Promise<void> {
  await eventually(
    async () => {
      const res = await p.chair!.browser.request("GET", `/api/record/copies/${recipient.participantId}`);
      return res.status === 200 && res.text.includes(marker);
    },
    5000,
    `the server to have ${marker}`,
  );
}

async function download(person: Person, path: string) {
  const res = await fetch(`${server.url}${path}`, {
    headers: { cookie: person.browser.cookieHeader, origin: server.origin },
  });
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    body: Buffer.from(await res.arrayBuffer()),
  };
}

describe("the record of a conference", () => {
  it("minutes, mapping, an exclusion, the decision and the plan during the meeting", async () => {
    await ok(p.chair!, { type: "conference.start" });
    minutes = await yclient(p.minutes!, doc("professional"));
    const mumView = await yclient(p.mum!, doc(`view:${p.mum!.participantId}`));

    // Minutes per agenda item: the section is made on first use and is the same for both writers.
    const intro = await section(p.minutes!, "introductions");
    expect(await section(p.chair!, "introductions")).toBe(intro);
    writeRich(minutes, "minutes", intro, `Everyone introduced themselves. ${M.sharedMinute}`);
    await ok(p.minutes!, { type: "content.share", contentId: intro });
    const worries = await section(p.minutes!, "worries");
    writeRich(minutes, "minutes", worries, `Police information. ${M.profMinute}`);
    const summary = await section(p.chair!, "chairs_summary");
    writeRich(minutes, "minutes", summary, `The chair summed up. ${M.summary}`);
    await ok(p.chair!, { type: "content.share", contentId: summary });

    // A shared minute section reaches the family projection as plain text, live.
    await until(
      () =>
        [...mumView.doc.getMap<Y.Map<unknown>>("items").values()].some((i) =>
          String(i.get("text")).includes(M.sharedMinute),
        ),
      5000,
      "the shared minutes in mum's view",
    );
    expect(mumView.allBytes().toString("latin1")).not.toContain(M.profMinute);

    const shared = await item(p.social!, "mapping_item", "going_well", M.sharedItem);
    await ok(p.social!, { type: "content.share", contentId: shared });
    await item(p.police!, "mapping_item", "worries_past_harm", M.profItem);
    const danger = await item(p.social!, "danger_statement", undefined, M.withheldDad);
    await ok(p.social!, { type: "content.share", contentId: danger });
    await ok(p.chair!, {
      type: "content.withhold",
      contentId: danger,
      from: [p.dad!.participantId],
      reason: "third-party information",
    });

    // Dad is out for part of the meeting: what is made then is held from him.
    await ok(p.chair!, {
      type: "exclusion.start",
      participantId: p.dad!.participantId,
      ground: "confidential_information",
      note: "police disclosure",
    });
    const whileOut = await section(p.minutes!, "worries", true);
    writeRich(minutes, "minutes", whileOut, `Said while dad was out. ${M.whileOutPart}`);
    await ok(p.minutes!, { type: "content.share", contentId: whileOut });
    const outItem = await item(p.health!, "mapping_item", "grey_areas", M.whileOutItem);
    await ok(p.health!, { type: "content.share", contentId: outItem });
    await chairSees(p.police!, M.whileOutPart);
    await ok(p.chair!, { type: "exclusion.end", participantId: p.dad!.participantId });

    // Scaling and the decision for both children.
    await ok(p.police!, {
      type: "scaling.set",
      childId: amy,
      score: 3,
      reason: `Police view ${M.profScale}`,
    });
    await ok(p.mum!, { type: "scaling.set", childId: amy, score: 7, reason: `Mum's view ${M.mumScale}` });
    for (const childId of [amy, ben]) {
      await ok(p.chair!, {
        type: "decision.record",
        childId,
        plan: true,
        categories: ["neglect"],
        rationale: `Reasons ${M.rationale}`,
      });
      await ok(p.chair!, {
        type: "outcome.set",
        childId,
        keyWorkerId: p.social!.participantId,
        coreGroup: [p.mum!.participantId, p.dad!.participantId, p.police!.participantId],
        firstCoreGroupDate: "2026-12-10",
        nextReviewDate: "2027-02-24",
      });
    }

    // The plan: structured actions by command, the contingency and bottom lines as rich text.
    const action = String(
      (
        await ok(p.social!, {
          type: "plan.addAction",
          what: `Mum and dad go to a parenting course ${M.action}`,
          who: "Jo and Dan, with the family support worker",
          byWhen: "2027-01-31",
          outcome: "The children are fed and at school every day",
          children: [amy],
        })
      ).actionId,
    );
    await ok(p.minutes!, {
      type: "plan.addAction",
      what: "Weekly visits",
      who: "Social worker",
      byWhen: "ongoing",
      outcome: "Regular checks",
    });
    await ok(p.minutes!, { type: "plan.moveAction", actionId: action, before: null });
    writeRich(minutes, "plan", "contingency", `If things do not change ${M.contingency}`);
    writeRich(minutes, "plan", "bottomLines", `The children must be safe ${M.bottomLines}`);
    await ok(p.chair!, { type: "plan.share", shared: true });
    await until(
      () => {
        const plan = mumView.doc.getMap("plan");
        return (
          JSON.stringify(plan.get("actions") ?? "").includes(M.action) &&
          String(plan.get("bottomLines")).includes(M.bottomLines)
        );
      },
      5000,
      "the shared plan in mum's view",
    );
  });

  it("refuses malformed plan entries with a clear error, and changes nothing", async () => {
    const before = (await server.quorum.store.listEvents(f.conferenceId)).length;
    const bad = [
      { type: "plan.addAction", what: "", who: "x", byWhen: "2027-01-01", outcome: "y" },
      { type: "plan.addAction", what: "x", who: "x", byWhen: "next week", outcome: "y" },
      { type: "plan.addAction", what: "x", who: "x", byWhen: "2027-02-30", outcome: "y" },
      { type: "plan.addAction", what: "x", who: "x", byWhen: "2027-01-01", outcome: "y", colour: "red" },
      { type: "plan.addAction", what: "x", who: "x", byWhen: "2027-01-01" },
    ];
    for (const command of bad) {
      const ack = await p.social!.cmd(command);
      expect(ack.ok).toBe(false);
      if (!ack.ok) {
        expect(ack.error.code).toBe("validation_failed");
        expect(ack.error.message).toMatch(/not valid \((what|byWhen|outcome|colour|command)/);
      }
    }
    const invalid = await p.social!.cmd({
      type: "plan.addAction",
      what: "x",
      who: "x",
      byWhen: "2026-11-01",
      outcome: "y",
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: "date_before_conference" } });
    await refused(
      p.mum!,
      { type: "plan.addAction", what: "x", who: "x", byWhen: "ongoing", outcome: "y" },
      "forbidden",
    );
    await refused(p.social!, { type: "plan.changeAction", actionId: "x".repeat(22), what: "y" }, "not_found");
    await refused(p.social!, { type: "plan.share", shared: false }, "not_chair");
    await refused(p.chair!, { type: "record.signOff" }, "conflict");
    expect((await server.quorum.store.listEvents(f.conferenceId)).length).toBe(before);
  });

  it("after the end: the chair and the minute taker finish the record; nobody else writes", async () => {
    const dadView = await yclient(p.dad!, doc(`view:${p.dad!.participantId}`));
    await ok(p.chair!, { type: "conference.end" });
    expect(await dadView.closed).toBe(CLOSE.conferenceEnded);
    await expect(
      RawYClient.connect(server.url, doc(`view:${p.dad!.participantId}`), {
        cookie: p.dad!.browser.cookieHeader,
        origin: server.origin,
      }),
    ).rejects.toMatchObject({ status: 403 });
    // A professional may still read, but not write.
    const police = await yclient(p.police!, doc("professional"));
    police.doc.getMap("texts").set("x".repeat(22), new Y.Text("LATEPOLICEMARK"));
    await until(() => police.permissionDenied.includes("read-only"), 5000, "the permission message");
    // The minute taker's connection stayed open: rights unchanged.
    expect(minutes.closeCode).toBeUndefined();
    const summary = String(
      (await ok(p.chair!, { type: "minutes.open", agendaItem: "chairs_summary" })).contentId,
    );
    writeRich(minutes, "minutes", summary, `Written after the meeting. ${M.afterEnd}`);
    await chairSees(p.police!, M.afterEnd);
    await ok(p.minutes!, {
      type: "plan.changeAction",
      actionId: String((await firstAction()).id),
      who: "Jo and Dan",
    });
    await refused(p.police!, { type: "minutes.open", agendaItem: "worries" }, "conference_ended");
    await refused(
      p.social!,
      { type: "plan.addAction", what: "x", who: "y", byWhen: "ongoing", outcome: "z" },
      "conference_ended",
    );
    await refused(
      p.mum!,
      { type: "family.contribute", area: "going_well", text: "late" },
      "conference_ended",
    );
    await refused(p.minutes!, { type: "record.signOff" }, "not_chair");
    await refused(p.chair!, { type: "record.addendum", text: "too early" }, "record_not_signed_off");
  });

  it("refuses copies before sign-off and without consent, revealing nothing", async () => {
    const mine = await p.mum!.browser.request("GET", "/api/record/copy?format=json");
    expect(mine.status).toBe(409);
    expect(mine.body.error.code).toBe("record_not_signed_off");
    expect(mine.text).not.toContain(M.sharedMinute);
    const notChair = await p.police!.browser.request("GET", "/api/record/copies");
    expect(notChair.status).toBe(403);
    expect(notChair.body.error.code).toBe("not_chair");
    const anon = await new Browser(server.url).request("GET", "/api/record/copy");
    expect(anon.status).toBe(401);
    const badQuery = await p.chair!.browser.request("GET", "/api/record/copies?x=1");
    expect(badQuery.status).toBe(400);
    const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
    expect(
      audit.some(
        (a) => a.action === "record.copies" && a.actor === p.police!.participantId && a.outcome === "refused",
      ),
    ).toBe(true);
    expect(
      audit.some(
        (a) => a.action === "record.copy" && a.actor === p.mum!.participantId && a.outcome === "refused",
      ),
    ).toBe(true);
  });

  it("signs off: the record is locked; the document refuses edits, commands say record_locked", async () => {
    await ok(p.chair!, { type: "record.signOff" });
    expect(await minutes.closed).toBe(CLOSE.rightsChanged);
    const again = await yclient(p.minutes!, doc("professional"));
    const fragment = again.doc.getMap("minutes").values().next().value as Y.XmlFragment;
    const before = await server.quorum.store.loadYjsUpdates(doc("professional"));
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("LOCKEDEDITMARK")]);
    fragment.insert(0, [paragraph]);
    await until(() => again.permissionDenied.includes("read-only"), 5000, "the permission message");
    await server.quorum.rooms.committer.drain();
    expect((await server.quorum.store.loadYjsUpdates(doc("professional"))).length).toBe(before.length);
    for (const [who, command] of [
      [p.minutes!, { type: "minutes.open", agendaItem: "decision" }],
      [p.minutes!, { type: "plan.addAction", what: "x", who: "y", byWhen: "ongoing", outcome: "z" }],
      [p.chair!, { type: "content.unshare", contentId: (await firstSection()).id }],
      [p.chair!, { type: "record.signOff" }],
    ] as const)
      await refused(who, command, "record_locked");
    const addendum = await ok(p.chair!, {
      type: "record.addendum",
      text: "The core group date moved to 11 December.",
    });
    expect(addendum.addendumId).toBeTypeOf("string");
    await ok(p.chair!, { type: "record.addendum", text: "A second correction." });
    const copy = (await p.chair!.browser.request("GET", `/api/record/copies/${p.police!.participantId}`))
      .body;
    expect(copy.addenda.map((a: { text: string }) => a.text)).toEqual([
      "The core group date moved to 11 December.",
      "A second correction.",
    ]);
    expect(copy.signedOff.by).toBe("Chris Chair");
  });

  it("a family member's copy, in every format, leaves out what they may not see and holds the decision and plan", async () => {
    const json = await p.dad!.browser.request("GET", "/api/record/copy?format=json");
    expect(json.status).toBe(200);
    expect(json.body.kind).toBe("family");
    for (const marker of HIDDEN_FROM_DAD) expect(json.text, marker).not.toContain(marker);
    for (const marker of IN_EVERY_COPY) expect(json.text, marker).toContain(marker);
    expect(json.body.children[0].decision.text).toContain("needs a child protection plan");

    for (const format of ["pdf", "docx"] as const) {
      const file = await download(p.dad!, `/api/record/copy?format=${format}`);
      expect(file.status, format).toBe(200);
      expect(file.type).toContain(format === "pdf" ? "application/pdf" : "wordprocessingml");
      const parts = documentTexts(format, file.body);
      expect(parts.length).toBeGreaterThan(2);
      for (const part of parts)
        for (const marker of HIDDEN_FROM_DAD) expect(part, `${format} ${marker}`).not.toContain(marker);
      const all = parts.join("\n").replace(/\s+/g, " ");
      for (const marker of IN_EVERY_COPY) expect(all, `${format} ${marker}`).toContain(marker);
      expect(all).toContain("Amy Example needs a child protection plan, under the category of neglect.");
    }
    // Mum sees what was withheld from dad only, and what was said while dad was out.
    const mum = await p.mum!.browser.request("GET", "/api/record/copy?format=json");
    for (const marker of [M.withheldDad, M.whileOutPart, M.whileOutItem, M.mumScale])
      expect(mum.text).toContain(marker);
    for (const marker of [M.profItem, M.profMinute, M.rationale, M.profScale])
      expect(mum.text).not.toContain(marker);
  });

  it("the professionals' copy holds everything, in every format", async () => {
    const all = Object.values(M);
    for (const format of ["pdf", "docx"] as const) {
      const file = await download(p.police!, `/api/record/copy?format=${format}`);
      expect(file.status).toBe(200);
      const text = documentTexts(format, file.body).join("\n");
      for (const marker of all) expect(text, `${format} ${marker}`).toContain(marker);
    }
  });

  it("the chair's choices: the parts dad missed, the advocate's consent, a young person's copy", async () => {
    const overview = (await p.chair!.browser.request("GET", "/api/record/copies")).body;
    const dad = overview.invitees.find((i: { id: string }) => i.id === p.dad!.participantId);
    expect(dad.missedParts).toBe(2);
    expect(dad.leftOut.flatMap((x: { reasons: string[] }) => x.reasons)).toEqual(
      expect.arrayContaining(["professionals_only", "withheld", "while_out"]),
    );
    await ok(p.chair!, {
      type: "record.copyChoice",
      participantId: p.dad!.participantId,
      exclusionParts: "include",
    });
    const included = await p.dad!.browser.request("GET", "/api/record/copy");
    expect(included.text).toContain(M.whileOutPart);
    expect(included.text).not.toContain(M.withheldDad);
    await refused(
      p.chair!,
      { type: "record.copyChoice", participantId: p.police!.participantId, exclusionParts: "include" },
      "validation_failed",
    );

    // The advocate is with mum: no copy until mum's consent is recorded.
    const advocate = p.advocate!;
    const before = await advocate.browser.request("GET", "/api/record/copy");
    expect(before.status).toBe(403);
    expect(before.body.error.code).toBe("consent_required");
    expect(before.text).not.toContain(M.sharedMinute);
    const file = await download(p.chair!, `/api/record/copies/${advocate.participantId}?format=pdf`);
    expect(file.status).toBe(403);
    await refused(
      p.chair!,
      {
        type: "record.markSent",
        participantId: advocate.participantId,
        document: "record",
        format: "pdf",
        via: "email",
      },
      "consent_required",
    );
    await ok(p.chair!, {
      type: "record.consent",
      participantId: advocate.participantId,
      given: true,
      note: "Jo agreed in the meeting",
    });
    const after = await advocate.browser.request("GET", "/api/record/copy");
    expect(after.status).toBe(200);
    expect(after.body.recipient.with.name).toBe("Jo Example");
    expect(after.text).toContain(M.withheldDad);
    expect(after.text).not.toContain(M.profMinute);
    await refused(
      p.chair!,
      { type: "record.consent", participantId: p.mum!.participantId, given: true },
      "validation_failed",
    );
  });

  it("keeps a distribution log of copies sent and downloaded", async () => {
    await ok(p.chair!, {
      type: "record.markSent",
      participantId: p.mum!.participantId,
      document: "record",
      format: "pdf",
      via: "secure_email",
    });
    await ok(p.chair!, {
      type: "record.markSent",
      participantId: p.mum!.participantId,
      document: "decision_summary",
      format: "pdf",
      via: "post",
    });
    const summary = await download(p.mum!, "/api/record/decision-summary?format=docx");
    expect(summary.status).toBe(200);
    const summaryText = documentTexts("docx", summary.body).join("\n");
    expect(summaryText).toContain("Ben Example needs a child protection plan");
    expect(summaryText).not.toContain(M.rationale);
    const overview = (await p.chair!.browser.request("GET", "/api/record/copies")).body;
    expect(overview.dates.decisionSummaryDue).toBe("2026-12-02");
    const mum = overview.invitees.find((i: { id: string }) => i.id === p.mum!.participantId);
    expect(mum.log.map((e: { action: string; document: string }) => `${e.action}:${e.document}`)).toEqual(
      expect.arrayContaining(["sent:record", "sent:decision_summary", "downloaded:decision_summary"]),
    );
    const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
    expect(
      audit.filter((a) => a.action === "record.download" && a.actor === p.dad!.participantId).length,
    ).toBeGreaterThanOrEqual(2);
    expect(audit.some((a) => a.action === "record.markSent" && a.outcome === "allowed")).toBe(true);
  });

  it("exports the whole conference in the versioned schema, for the chair and the administrator only", async () => {
    const chair = await p.chair!.browser.request("GET", "/api/record/export");
    expect(chair.status).toBe(200);
    const parsed = ConferenceExportV1.parse(chair.body);
    expect(parsed.version).toBe(1);
    expect(parsed.plan.actions).toHaveLength(2);
    expect(parsed.content.some((c) => c.kind === "minute_section" && c.text.includes(M.profMinute))).toBe(
      true,
    );
    expect(parsed.record.addenda).toHaveLength(2);
    const admin = await adminFetch(server, "GET", `/api/admin/conferences/${f.conferenceId}/export`);
    expect(admin.status).toBe(200);
    expect(ConferenceExportV1.safeParse(admin.body).success).toBe(true);
    const social = await p.social!.browser.request("GET", "/api/record/export");
    expect(social.status).toBe(403);
    expect(social.text).not.toContain(M.profMinute);
  });
});

async function firstAction(): Promise<{ id: string }> {
  const body = (await p.chair!.browser.request("GET", "/api/record/export")).body as ConferenceExportV1;
  return body.plan.actions[0]!;
}

async function firstSection(): Promise<{ id: string }> {
  const body = (await p.chair!.browser.request("GET", "/api/record/export")).body as ConferenceExportV1;
  return body.content.find((c) => c.kind === "minute_section")!;
}
