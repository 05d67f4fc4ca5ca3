import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../shared/errors";
import { png } from "../support/files";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { type Household, household, ok, voiceUpload } from "./support/family";
import { dbSnapshot } from "./support/state";
import { healthz, RawSio } from "./support/wire";

/**
 * The commands that came with split conferences, the child's voice, the decision and the record,
 * sent as raw socket.io packets: extra fields, wrong types, `__proto__` keys, huge arrays, another
 * conference's ids, and the right command from the wrong person. Each is refused with its precise
 * code, changes nothing in either conference, and — when it is a question of who may do what — is
 * audited in the sender's conference.
 */

let server: TestServer;
let h: Household;
let other: ConferenceFixture;
const sockets = new Map<string, RawSio>();
/** Ids of things that exist: in this conference (h) and in the other one (b). */
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  h = await household(server);
  other = await openConference(server);
  const chair = h.people.chair!;
  await ok(chair, { type: "conference.start" });
  ids.voice = String(
    (
      await ok(h.amy, {
        type: "voice.write",
        text: "Amy's words",
        wish: { audience: "family", notShownTo: [] },
      })
    ).contentId,
  );
  ids.mapping = String(
    (await ok(h.people.social!, { type: "content.create", kind: "mapping_item", area: "going_well" }))
      .contentId,
  );
  ids.action = String(
    (
      await ok(h.people.social!, {
        type: "plan.addAction",
        what: "Visits",
        who: "Social worker",
        byWhen: "ongoing",
        outcome: "Checks",
      })
    ).actionId,
  );
  await ok(other.people.chair!, { type: "conference.start" });
  const theirVoice = await voiceUpload(
    server,
    other.people.social!,
    `form=picture&audience=professionals&children=${other.childIds[0]}`,
    png("B"),
  );
  ids.bVoice = (JSON.parse(theirVoice.body) as { contentId: string }).contentId;
  ids.bAction = String(
    (
      await ok(other.people.social!, {
        type: "plan.addAction",
        what: "Theirs",
        who: "Them",
        byWhen: "ongoing",
        outcome: "Theirs",
      })
    ).actionId,
  );
  ids.bChild = other.childIds[0]!;
  ids.bParent = other.people.mum!.participantId;
  ids.bSocial = other.people.social!.participantId;
});
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  for (const s of sockets.values()) s.sock.terminate();
  h?.close();
  other?.close();
  await server.close();
});

async function sio(who: Person): Promise<RawSio> {
  let s = sockets.get(who.participantId);
  if (!s?.sock.open) {
    s = await RawSio.connect(server.url, { cookie: who.browser.cookieHeader, origin: server.origin });
    expect((await s.handshake()).kind).toBe("connect");
    sockets.set(who.participantId, s);
  }
  return s;
}

type Ack = { ok: boolean; error?: { code: string; message: string } };

/** Send the command exactly as written (JSON text: `__proto__` stays an own key) and return its ack. */
async function send(who: Person, json: string): Promise<Ack> {
  const s = await sio(who);
  const id = s.reserveAckIds(1);
  const args = await s.rawWithAck(id, `2${id}["command",${json}]`);
  return args[0] as Ack;
}

const many = (n: number, value: string) => JSON.stringify(Array.from({ length: n }, () => value));
const A22 = "AAAAAAAAAAAAAAAAAAAAAA";

/** Who, the command as JSON text, the code expected. */
type Case = [string, () => Person, () => string, string];

const chair = () => h.people.chair!;
const amy = () => h.amy;
const social = () => h.people.social!;

const malformed: Case[] = [
  [
    "split.part with an extra field",
    chair,
    () => `{"type":"split.part","present":["${h.people.mum!.participantId}"],"note":"n","isChair":true}`,
    "validation_failed",
  ],
  [
    "split.part with a __proto__ key",
    chair,
    () =>
      `{"type":"split.part","present":["${h.people.mum!.participantId}"],"note":"n","__proto__":{"isChair":true}}`,
    "validation_failed",
  ],
  [
    "split.part naming 2,000 people",
    chair,
    () => `{"type":"split.part","present":${many(2_000, A22)},"note":"n"}`,
    "validation_failed",
  ],
  [
    "split.part with present as a string",
    chair,
    () => `{"type":"split.part","present":"everyone","note":"n"}`,
    "validation_failed",
  ],
  [
    "split.part with a 10 KB note",
    chair,
    () => `{"type":"split.part","present":["${h.people.mum!.participantId}"],"note":"${"n".repeat(10_240)}"}`,
    "validation_failed",
  ],
  [
    "split.part naming __proto__",
    chair,
    () => `{"type":"split.part","present":["__proto__"],"note":"n"}`,
    "validation_failed",
  ],
  ["split.end with a field", chair, () => `{"type":"split.end","present":[]}`, "validation_failed"],
  [
    "voice.write with 5,000 characters",
    amy,
    () => `{"type":"voice.write","text":"${"w".repeat(5000)}","wish":{"audience":"family"}}`,
    "validation_failed",
  ],
  ["voice.write without a wish", amy, () => `{"type":"voice.write","text":"w"}`, "validation_failed"],
  [
    "voice.write with a __proto__ in the wish",
    amy,
    () =>
      `{"type":"voice.write","text":"w","wish":{"audience":"family","__proto__":{"audience":"professionals"}}}`,
    "validation_failed",
  ],
  [
    "voice.write keeping it from 2,000",
    amy,
    () => `{"type":"voice.write","text":"w","wish":{"audience":"family","notShownTo":${many(2_000, A22)}}}`,
    "validation_failed",
  ],
  [
    "voice.write with a number as text",
    amy,
    () => `{"type":"voice.write","text":5,"wish":{"audience":"family"}}`,
    "validation_failed",
  ],
  [
    "voice.wish to everyone on earth",
    amy,
    () => `{"type":"voice.wish","contentId":"${ids.voice}","wish":{"audience":"everyone"}}`,
    "validation_failed",
  ],
  [
    "voice.confirm with an array id",
    chair,
    () => `{"type":"voice.confirm","contentId":["${ids.voice}"]}`,
    "validation_failed",
  ],
  [
    "scaling.set with a string score",
    () => h.people.police!,
    () => `{"type":"scaling.set","childId":"${h.childIds[0]}","score":"7","reason":"r"}`,
    "validation_failed",
  ],
  [
    "scaling.set with a 10 KB reason",
    () => h.people.police!,
    () => `{"type":"scaling.set","childId":"${h.childIds[0]}","score":7,"reason":"${"r".repeat(10_240)}"}`,
    "validation_failed",
  ],
  [
    "scaling.share with 2,000 people",
    chair,
    () => `{"type":"scaling.share","childId":"${h.childIds[0]}","participantIds":${many(2_000, A22)}}`,
    "validation_failed",
  ],
  [
    "view.give with a view nobody has",
    () => h.people.police!,
    () => `{"type":"view.give","childId":"${h.childIds[0]}","view":"maybe","reason":"r"}`,
    "validation_failed",
  ],
  [
    "decision.record with 2,000 categories",
    chair,
    () =>
      `{"type":"decision.record","childId":"${h.childIds[0]}","plan":true,"categories":${many(2_000, "neglect")},"rationale":"r"}`,
    "validation_failed",
  ],
  [
    "outcome.set with a core group of 2,000",
    chair,
    () =>
      `{"type":"outcome.set","childId":"${h.childIds[0]}","keyWorkerId":"${h.people.social!.participantId}","coreGroup":${many(2_000, A22)},"firstCoreGroupDate":"2026-12-10","nextReviewDate":"2027-02-24"}`,
    "validation_failed",
  ],
  [
    "outcome.set on 30 February",
    chair,
    () =>
      `{"type":"outcome.set","childId":"${h.childIds[0]}","keyWorkerId":"${h.people.social!.participantId}","coreGroup":[],"firstCoreGroupDate":"2026-02-30","nextReviewDate":"2027-02-24"}`,
    "validation_failed",
  ],
  [
    "outcome.childInNeed with 2,000 recommendations",
    chair,
    () => `{"type":"outcome.childInNeed","childId":"${h.childIds[0]}","recommendations":${many(2_000, "r")}}`,
    "validation_failed",
  ],
  [
    "minutes.open for the __proto__ item",
    () => h.people.minutes!,
    () => `{"type":"minutes.open","agendaItem":"__proto__"}`,
    "validation_failed",
  ],
  [
    "minutes.open with an extra field",
    () => h.people.minutes!,
    () => `{"type":"minutes.open","agendaItem":"worries","contentId":"${ids.mapping}"}`,
    "validation_failed",
  ],
  [
    "plan.addAction with an id of its own",
    social,
    () =>
      `{"type":"plan.addAction","id":"${ids.action}","what":"x","who":"y","byWhen":"ongoing","outcome":"z"}`,
    "validation_failed",
  ],
  [
    "plan.addAction due yesterday",
    social,
    () => `{"type":"plan.addAction","what":"x","who":"y","byWhen":"yesterday","outcome":"z"}`,
    "validation_failed",
  ],
  [
    "plan.addAction with 10 KB of what",
    social,
    () =>
      `{"type":"plan.addAction","what":"${"x".repeat(10_240)}","who":"y","byWhen":"ongoing","outcome":"z"}`,
    "validation_failed",
  ],
  [
    "plan.changeAction changing its position",
    social,
    () => `{"type":"plan.changeAction","actionId":"${ids.action}","position":-1}`,
    "validation_failed",
  ],
  [
    "plan.moveAction before a number",
    social,
    () => `{"type":"plan.moveAction","actionId":"${ids.action}","before":5}`,
    "validation_failed",
  ],
  ["plan.share as a string", chair, () => `{"type":"plan.share","shared":"yes"}`, "validation_failed"],
  [
    "record.consent for __proto__",
    chair,
    () => `{"type":"record.consent","participantId":"__proto__","given":true}`,
    "validation_failed",
  ],
  [
    "record.markSent by pigeon",
    chair,
    () =>
      `{"type":"record.markSent","participantId":"${h.people.mum!.participantId}","document":"record","format":"pdf","via":"pigeon"}`,
    "validation_failed",
  ],
  [
    "record.copyChoice with a signed-off date",
    chair,
    () =>
      `{"type":"record.copyChoice","participantId":"${h.amy.participantId}","childCopy":true,"signedOff":true}`,
    "validation_failed",
  ],
  [
    "record.addendum of 10 KB",
    chair,
    () => `{"type":"record.addendum","text":"${"a".repeat(10_240)}"}`,
    "validation_failed",
  ],
];

/** Another conference's ids, well-shaped: not found here, audited here, nothing changed there. */
const foreign: Case[] = [
  [
    "split.part with the other conference's parent",
    chair,
    () => `{"type":"split.part","present":["${ids.bParent}"],"note":"n"}`,
    "validation_failed",
  ],
  [
    "voice.write about the other conference's child",
    amy,
    () => `{"type":"voice.write","text":"w","children":["${ids.bChild}"],"wish":{"audience":"family"}}`,
    "validation_failed",
  ],
  [
    "voice.write kept from the other conference's parent",
    amy,
    () => `{"type":"voice.write","text":"w","wish":{"audience":"family","notShownTo":["${ids.bParent}"]}}`,
    "validation_failed",
  ],
  [
    "voice.wish on the other conference's item",
    chair,
    () => `{"type":"voice.wish","contentId":"${ids.bVoice}","wish":{"audience":"family"}}`,
    "content_not_found",
  ],
  [
    "voice.confirm of the other conference's item",
    chair,
    () => `{"type":"voice.confirm","contentId":"${ids.bVoice}"}`,
    "content_not_found",
  ],
  [
    "voice.confirm of a mapping item",
    chair,
    () => `{"type":"voice.confirm","contentId":"${ids.mapping}"}`,
    "content_not_found",
  ],
  [
    "scaling.set for the other conference's child",
    () => h.people.police!,
    () => `{"type":"scaling.set","childId":"${ids.bChild}","score":5,"reason":"r"}`,
    "child_not_found",
  ],
  [
    "decision.record for the other conference's child",
    chair,
    () =>
      `{"type":"decision.record","childId":"${ids.bChild}","plan":true,"categories":["neglect"],"rationale":"r"}`,
    "child_not_found",
  ],
  [
    "outcome.set with the other conference's key worker",
    chair,
    () =>
      `{"type":"outcome.set","childId":"${h.childIds[0]}","keyWorkerId":"${ids.bSocial}","coreGroup":[],"firstCoreGroupDate":"2026-12-10","nextReviewDate":"2027-02-24"}`,
    "decision_not_recorded",
  ],
  [
    "minutes.addPart about the other conference's child",
    () => h.people.minutes!,
    () => `{"type":"minutes.addPart","agendaItem":"worries","children":["${ids.bChild}"]}`,
    "validation_failed",
  ],
  [
    "plan.addAction for the other conference's child",
    social,
    () =>
      `{"type":"plan.addAction","what":"x","who":"y","byWhen":"ongoing","outcome":"z","children":["${ids.bChild}"]}`,
    "validation_failed",
  ],
  [
    "plan.changeAction of the other conference's action",
    social,
    () => `{"type":"plan.changeAction","actionId":"${ids.bAction}","what":"taken over"}`,
    "not_found",
  ],
  [
    "plan.removeAction of the other conference's action",
    social,
    () => `{"type":"plan.removeAction","actionId":"${ids.bAction}"}`,
    "not_found",
  ],
  [
    "plan.moveAction before the other conference's action",
    social,
    () => `{"type":"plan.moveAction","actionId":"${ids.action}","before":"${ids.bAction}"}`,
    "not_found",
  ],
  [
    "record.copyChoice for the other conference's parent",
    chair,
    () => `{"type":"record.copyChoice","participantId":"${ids.bParent}","exclusionParts":"include"}`,
    "participant_not_found",
  ],
  [
    "record.consent for the other conference's parent",
    chair,
    () => `{"type":"record.consent","participantId":"${ids.bParent}","given":true}`,
    "participant_not_found",
  ],
];

/** The right command from the wrong person. */
const wrongPerson: Case[] = [
  [
    "split.part by the social worker",
    social,
    () => `{"type":"split.part","present":["${h.people.mum!.participantId}"],"note":"n"}`,
    "not_chair",
  ],
  [
    "split.part by a parent",
    () => h.people.dad!,
    () => `{"type":"split.part","present":["${h.people.dad!.participantId}"],"note":"mine alone"}`,
    "not_chair",
  ],
  ["split.end by the police", () => h.people.police!, () => `{"type":"split.end"}`, "not_chair"],
  [
    "voice.confirm by the social worker",
    social,
    () => `{"type":"voice.confirm","contentId":"${ids.voice}"}`,
    "not_chair",
  ],
  [
    "voice.confirm by Amy herself",
    amy,
    () => `{"type":"voice.confirm","contentId":"${ids.voice}"}`,
    "not_chair",
  ],
  [
    "voice.wish by dad on Amy's views",
    () => h.people.dad!,
    () => `{"type":"voice.wish","contentId":"${ids.voice}","wish":{"audience":"family"}}`,
    "forbidden",
  ],
  [
    "voice.wish by Zoe on Amy's views",
    () => h.zoe,
    () => `{"type":"voice.wish","contentId":"${ids.voice}","wish":{"audience":"professionals"}}`,
    "forbidden",
  ],
  [
    "voice.wish by the police on Amy's views",
    () => h.people.police!,
    () => `{"type":"voice.wish","contentId":"${ids.voice}","wish":{"audience":"family"}}`,
    "forbidden",
  ],
  [
    "voice.write by mum",
    () => h.people.mum!,
    () => `{"type":"voice.write","text":"w","wish":{"audience":"family"}}`,
    "forbidden",
  ],
  [
    "voice.write by mum's advocate for Amy",
    () => h.people.advocate!,
    () =>
      `{"type":"voice.write","text":"w","youngPersonId":"${h.amy.participantId}","wish":{"audience":"family"}}`,
    "forbidden",
  ],
  [
    "voice.write by Zoe as Amy",
    () => h.zoe,
    () =>
      `{"type":"voice.write","text":"w","youngPersonId":"${h.amy.participantId}","wish":{"audience":"family"}}`,
    "forbidden",
  ],
  [
    "voice.write by the observer",
    () => h.observer,
    () =>
      `{"type":"voice.write","text":"w","youngPersonId":"${h.amy.participantId}","wish":{"audience":"family"}}`,
    "forbidden",
  ],
  [
    "scaling.set by the observer",
    () => h.observer,
    () => `{"type":"scaling.set","childId":"${h.childIds[0]}","score":5,"reason":"r"}`,
    "forbidden",
  ],
  [
    "scaling.set by the chair",
    chair,
    () => `{"type":"scaling.set","childId":"${h.childIds[0]}","score":5,"reason":"r"}`,
    "forbidden",
  ],
  [
    "scaling.setFor by the police for mum",
    () => h.people.police!,
    () =>
      `{"type":"scaling.setFor","childId":"${h.childIds[0]}","participantId":"${h.people.mum!.participantId}","score":1,"reason":"r"}`,
    "forbidden",
  ],
  [
    "scaling.share by the social worker",
    social,
    () => `{"type":"scaling.share","childId":"${h.childIds[0]}","participantIds":"all"}`,
    "not_chair",
  ],
  [
    "views.open by the social worker",
    social,
    () => `{"type":"views.open","childId":"${h.childIds[0]}"}`,
    "not_chair",
  ],
  [
    "decision.record by the social worker",
    social,
    () =>
      `{"type":"decision.record","childId":"${h.childIds[0]}","plan":false,"categories":[],"rationale":"r"}`,
    "not_chair",
  ],
  [
    "decision.record by a parent",
    () => h.people.mum!,
    () =>
      `{"type":"decision.record","childId":"${h.childIds[0]}","plan":false,"categories":[],"rationale":"r"}`,
    "not_chair",
  ],
  [
    "dissent.recordFor by the police",
    () => h.people.police!,
    () =>
      `{"type":"dissent.recordFor","childId":"${h.childIds[0]}","participantId":"${h.people.health!.participantId}","reason":"r","escalate":true}`,
    "not_chair",
  ],
  [
    "outcome.childInNeed by the minute taker",
    () => h.people.minutes!,
    () => `{"type":"outcome.childInNeed","childId":"${h.childIds[0]}","recommendations":["r"]}`,
    "not_chair",
  ],
  [
    "minutes.open by the police",
    () => h.people.police!,
    () => `{"type":"minutes.open","agendaItem":"worries"}`,
    "forbidden",
  ],
  [
    "minutes.open by a parent",
    () => h.people.mum!,
    () => `{"type":"minutes.open","agendaItem":"worries"}`,
    "forbidden",
  ],
  [
    "plan.addAction by a parent",
    () => h.people.mum!,
    () => `{"type":"plan.addAction","what":"x","who":"y","byWhen":"ongoing","outcome":"z"}`,
    "forbidden",
  ],
  [
    "plan.addAction by the observer",
    () => h.observer,
    () => `{"type":"plan.addAction","what":"x","who":"y","byWhen":"ongoing","outcome":"z"}`,
    "forbidden",
  ],
  [
    "plan.removeAction by Amy's advocate",
    () => h.amyAdvocate,
    () => `{"type":"plan.removeAction","actionId":"${ids.action}"}`,
    "forbidden",
  ],
  [
    "plan.share by the minute taker",
    () => h.people.minutes!,
    () => `{"type":"plan.share","shared":true}`,
    "not_chair",
  ],
  [
    "record.signOff by the minute taker",
    () => h.people.minutes!,
    () => `{"type":"record.signOff"}`,
    "not_chair",
  ],
  ["record.signOff by the chair during the meeting", chair, () => `{"type":"record.signOff"}`, "conflict"],
  [
    "record.addendum before sign-off",
    chair,
    () => `{"type":"record.addendum","text":"t"}`,
    "record_not_signed_off",
  ],
  [
    "record.copyChoice by the social worker",
    social,
    () => `{"type":"record.copyChoice","participantId":"${h.amy.participantId}","childCopy":true}`,
    "not_chair",
  ],
  [
    "record.consent by mum for her advocate",
    () => h.people.mum!,
    () => `{"type":"record.consent","participantId":"${h.people.advocate!.participantId}","given":true}`,
    "not_chair",
  ],
  [
    "record.markSent by the minute taker",
    () => h.people.minutes!,
    () =>
      `{"type":"record.markSent","participantId":"${h.people.mum!.participantId}","document":"record","format":"pdf","via":"post"}`,
    "not_chair",
  ],
  [
    "content.youngPeople by the social worker",
    social,
    () => `{"type":"content.youngPeople","contentId":"${ids.mapping}","visible":true}`,
    "not_chair",
  ],
];

/** `audited`: refused by the rules (`can`) and so audited; malformed commands never reach them. */
async function runTable(cases: Case[], audited: boolean): Promise<void> {
  const before = [await dbSnapshot(server, h.conferenceId), await dbSnapshot(server, other.conferenceId)];
  for (const [what, who, json, code] of cases) {
    const person = who();
    const text = json();
    const type = (JSON.parse(text) as { type: string }).type;
    const audit = async () =>
      (await server.quorum.store.listAudit(h.conferenceId, { limit: 100_000 })).filter(
        (a) => a.actor === person.participantId && a.action === type && a.outcome === "refused",
      ).length;
    const audits = await audit();
    const ack = await send(person, text);
    expect(ack.ok, what).toBe(false);
    expect(ack.error?.code, `${what}: ${ack.error?.message}`).toBe(code);
    expect(ack.error!.code in ERROR_CODES).toBe(true);
    expect(ack.error!.message.length, what).toBeGreaterThan(0);
    // The refusal never echoes what was sent.
    expect(ack.error!.message.length, what).toBeLessThan(400);
    // Malformed commands are refused before anyone is asked; a refusal by the rules is audited.
    expect(await audit(), what).toBe(audits + (audited ? 1 : 0));
  }
  expect(await dbSnapshot(server, h.conferenceId)).toEqual(before[0]);
  expect(await dbSnapshot(server, other.conferenceId)).toEqual(before[1]);
}

describe("the new commands, sent raw", () => {
  it("refuses extra fields, wrong types, __proto__ keys and huge arrays before anything runs", async () => {
    await runTable(malformed, false);
  });

  it("finds nothing of another conference: its people, children, items and actions are not found here", async () => {
    await runTable(foreign, true);
  });

  it("refuses the right command from the wrong person, and audits it", async () => {
    await runTable(wrongPerson, true);
  });

  it("after the end: only the chair and the minute taker finish the record; the rest is conference_ended, audited", async () => {
    const f = await household(server);
    try {
      await ok(f.people.chair!, { type: "conference.start" });
      await ok(f.people.chair!, { type: "conference.end" });
      const cases: Case[] = [
        [
          "split.part after the end",
          () => f.people.chair!,
          () => `{"type":"split.part","present":["${f.people.mum!.participantId}"],"note":"n"}`,
          "conference_ended",
        ],
        [
          "voice.write after the end",
          () => f.amy,
          () => `{"type":"voice.write","text":"w","wish":{"audience":"family"}}`,
          "conference_ended",
        ],
        [
          "scaling.set after the end",
          () => f.people.police!,
          () => `{"type":"scaling.set","childId":"${f.childIds[0]}","score":5,"reason":"r"}`,
          "conference_ended",
        ],
        [
          "decision.record after the end",
          () => f.people.chair!,
          () =>
            `{"type":"decision.record","childId":"${f.childIds[0]}","plan":false,"categories":[],"rationale":"r"}`,
          "conference_ended",
        ],
        [
          "minutes.open by the police after the end",
          () => f.people.police!,
          () => `{"type":"minutes.open","agendaItem":"worries"}`,
          "conference_ended",
        ],
        [
          "plan.addAction by the social worker after the end",
          () => f.people.social!,
          () => `{"type":"plan.addAction","what":"x","who":"y","byWhen":"ongoing","outcome":"z"}`,
          "conference_ended",
        ],
        [
          "plan.share by the chair after the end",
          () => f.people.chair!,
          () => `{"type":"plan.share","shared":true}`,
          "conference_ended",
        ],
        [
          "family.contribute after the end",
          () => f.people.mum!,
          () => `{"type":"family.contribute","area":"going_well","text":"late"}`,
          "conference_ended",
        ],
        ["hand.raise after the end", () => f.people.dad!, () => `{"type":"hand.raise"}`, "conference_ended"],
        [
          "record.copyChoice by the social worker",
          () => f.people.social!,
          () => `{"type":"record.copyChoice","participantId":"${f.amy.participantId}","childCopy":true}`,
          "conference_ended",
        ],
        [
          "record.signOff by the minute taker",
          () => f.people.minutes!,
          () => `{"type":"record.signOff"}`,
          "not_chair",
        ],
      ];
      const before = await dbSnapshot(server, f.conferenceId);
      for (const [what, who, json, code] of cases) {
        const person = who();
        const type = (JSON.parse(json()) as { type: string }).type;
        const count = async () =>
          (await server.quorum.store.listAudit(f.conferenceId, { limit: 100_000 })).filter(
            (a) => a.actor === person.participantId && a.action === type && a.outcome === "refused",
          ).length;
        const audits = await count();
        const ack = await send(person, json());
        expect(ack.error?.code, what).toBe(code);
        expect(await count(), what).toBe(audits + 1);
      }
      expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
    } finally {
      f.close();
    }
  });
});
