import { describe, expect, it } from "vitest";
import { can, docAccess } from "../../shared/permissions";
import type { Command, DocRef } from "../../shared/protocol";
import { applyRecordEvent } from "../../shared/record";
import { copyEligibility, ownCopyRefusal } from "../../shared/recordPermissions";
import type { RoomState } from "../../shared/room";
import { id, item, room } from "./rules-fixture";

/** The record stage: who may write and run record commands during the meeting, after the end and after sign-off. */

const conf = id("conf");
const professional: DocRef = { conferenceId: conf, kind: "professional" };
const stateDoc: DocRef = { conferenceId: conf, kind: "state" };
const view = (name: string): DocRef => ({ conferenceId: conf, kind: "view", principalId: id(name) });

function state(stage: "meeting" | "ended" | "signed", change: (s: RoomState) => void = () => {}): RoomState {
  const s = room();
  if (stage !== "meeting") s.conference = { ...s.conference, status: "ended" };
  if (stage === "signed") applyRecordEvent(s.record, { type: "record.signedOff", by: id("chair") }, 1);
  s.content[id("item")] = item();
  s.content[id("minute")] = item({
    id: id("minute"),
    kind: "minute_section",
    agendaItem: "worries",
    authorId: id("minutes"),
  });
  applyRecordEvent(
    s.record,
    {
      type: "plan.actionAdded",
      action: {
        id: id("action"),
        what: "w",
        who: "x",
        byWhen: "ongoing",
        outcome: "o",
        children: [],
        position: 1,
        by: id("social"),
      },
    },
    1,
  );
  change(s);
  return s;
}
const left = (name: string) => (s: RoomState) => {
  s.attendance[id(name)]!.presence = "left";
};
const muted = (name: string) => (s: RoomState) => {
  s.attendance[id(name)]!.muted = true;
};
const removed = (name: string) => (s: RoomState) => {
  s.attendance[id(name)]!.presence = "removed";
};
/** Never let in (waiting in the lobby, or never came), or sent apologies: not at the meeting. */
const absent = (name: string, presence: "lobby" | "invited" | "apologies") => (s: RoomState) => {
  s.attendance[id(name)]!.presence = presence;
};

describe("docAccess in the record stage", () => {
  it.each([
    ["chair", professional, state("ended"), "write"],
    ["minutes", professional, state("ended"), "write"],
    ["minutes", professional, state("ended", left("minutes")), "write"],
    ["minutes", professional, state("ended", muted("minutes")), "write"],
    ["minutes", professional, state("ended", removed("minutes")), "none"],
    // Someone the chair never let in (a leaked link waiting in the lobby) does not finish the record.
    ["minutes", professional, state("ended", absent("minutes", "lobby")), "none"],
    ["minutes", professional, state("ended", absent("minutes", "invited")), "none"],
    ["minutes", professional, state("ended", absent("minutes", "apologies")), "none"],
    ["minutes", stateDoc, state("ended", absent("minutes", "lobby")), "none"],
    ["chair2", professional, state("ended"), "read"],
    ["police", professional, state("ended"), "read"],
    ["police", professional, state("ended", left("police")), "none"],
    ["observer", professional, state("ended"), "read"],
    ["mum", professional, state("ended"), "none"],
    ["chair", professional, state("signed"), "read"],
    ["minutes", professional, state("signed"), "read"],
    ["police", professional, state("signed"), "read"],
    ["minutes", stateDoc, state("ended", left("minutes")), "read"],
    ["minutes", stateDoc, state("signed"), "read"],
    ["mum", stateDoc, state("ended"), "none"],
    ["mum", view("mum"), state("ended"), "none"],
    ["advocate", view("mum"), state("ended"), "none"],
    ["chair", view("mum"), state("ended"), "none"],
    ["minutes", professional, state("meeting"), "write"],
  ] as const)("%s on %o (%#) → %s", (who, ref, s, expected) => {
    expect(docAccess(s, id(who), ref)).toBe(expected);
  });
});

const add = { type: "plan.addAction", what: "w", who: "x", byWhen: "2027-01-01", outcome: "o", children: [] };
const change = { type: "plan.changeAction", actionId: id("action"), who: "y" };
const open = { type: "minutes.open", agendaItem: "worries" };
const part = { type: "minutes.addPart", agendaItem: "worries", children: [] };
const share = (what: string) => ({ type: "content.share", contentId: id(what) });
const remove = (what: string) => ({ type: "content.remove", contentId: id(what) });
const sent = (who: string, document = "record") => ({
  type: "record.markSent",
  participantId: id(who),
  document,
  format: "pdf",
  via: "email",
});

describe("can: record commands", () => {
  it.each([
    // During the meeting.
    ["minutes", open, state("meeting"), "ok"],
    ["chair", open, state("meeting"), "ok"],
    ["police", open, state("meeting"), "forbidden"],
    [
      "minutes",
      { type: "minutes.open", agendaItem: "review_of_plan" },
      state("meeting"),
      "validation_failed",
    ],
    ["minutes", { ...part, children: [id("ghost")] }, state("meeting"), "validation_failed"],
    ["minutes", open, state("meeting", muted("minutes")), "muted"],
    ["minutes", open, state("meeting", left("minutes")), "not_in_room"],
    ["social", add, state("meeting"), "ok"],
    ["police", add, state("meeting"), "ok"],
    ["observer", add, state("meeting"), "forbidden"],
    ["mum", add, state("meeting"), "forbidden"],
    ["social", { ...add, byWhen: "2026-11-30" }, state("meeting"), "date_before_conference"],
    ["social", { ...add, children: [id("ghost")] }, state("meeting"), "validation_failed"],
    ["social", change, state("meeting"), "ok"],
    ["social", { type: "plan.changeAction", actionId: id("action") }, state("meeting"), "validation_failed"],
    ["social", { ...change, actionId: id("ghost") }, state("meeting"), "not_found"],
    [
      "social",
      { type: "plan.moveAction", actionId: id("action"), before: id("ghost") },
      state("meeting"),
      "not_found",
    ],
    ["social", { type: "plan.removeAction", actionId: id("action") }, state("meeting"), "ok"],
    ["chair", { type: "plan.share", shared: true }, state("meeting"), "ok"],
    ["chair", { type: "plan.share", shared: false }, state("meeting"), "conflict"],
    ["minutes", { type: "plan.share", shared: true }, state("meeting"), "not_chair"],
    ["chair", { type: "record.signOff" }, state("meeting"), "conflict"],
    ["chair", { type: "record.addendum", text: "t" }, state("meeting"), "record_not_signed_off"],
    ["chair", sent("mum"), state("meeting"), "conflict"],
    // After the end, before sign-off: the chair and the minute taker only.
    ["minutes", open, state("ended"), "ok"],
    ["minutes", open, state("ended", left("minutes")), "ok"],
    ["minutes", open, state("ended", muted("minutes")), "ok"],
    ["minutes", open, state("ended", removed("minutes")), "conference_ended"],
    ["minutes", open, state("ended", absent("minutes", "lobby")), "conference_ended"],
    ["minutes", open, state("ended", absent("minutes", "invited")), "conference_ended"],
    ["chair2", open, state("ended"), "conference_ended"],
    ["police", open, state("ended"), "conference_ended"],
    ["minutes", add, state("ended"), "ok"],
    ["social", add, state("ended"), "conference_ended"],
    ["minutes", change, state("ended"), "ok"],
    ["chair", { type: "plan.share", shared: true }, state("ended"), "conference_ended"],
    ["minutes", share("minute"), state("ended"), "ok"],
    ["minutes", share("item"), state("ended"), "forbidden"],
    ["chair", share("item"), state("ended"), "ok"],
    ["minutes", remove("minute"), state("ended"), "ok"],
    ["chair", remove("item"), state("ended"), "conference_ended"],
    [
      "chair",
      { type: "content.create", kind: "mapping_item", children: [] },
      state("ended"),
      "conference_ended",
    ],
    ["mum", { type: "family.contribute", area: "going_well", text: "t" }, state("ended"), "conference_ended"],
    ["chair", { type: "agenda.move", index: 1 }, state("ended"), "conference_ended"],
    ["chair", { type: "record.signOff" }, state("ended"), "ok"],
    ["minutes", { type: "record.signOff" }, state("ended"), "not_chair"],
    ["chair", sent("mum", "decision_summary"), state("ended"), "ok"],
    ["chair", sent("mum"), state("ended"), "record_not_signed_off"],
    // After sign-off: locked; addenda and copies go on.
    ["minutes", open, state("signed"), "record_locked"],
    ["minutes", add, state("signed"), "record_locked"],
    ["chair", share("minute"), state("signed"), "record_locked"],
    ["chair", { type: "record.signOff" }, state("signed"), "record_locked"],
    ["police", open, state("signed"), "conference_ended"],
    ["chair", { type: "record.addendum", text: "t" }, state("signed"), "ok"],
    ["minutes", { type: "record.addendum", text: "t" }, state("signed"), "not_chair"],
    ["chair", sent("mum"), state("signed"), "ok"],
    ["chair", sent("observer"), state("signed"), "no_copy"],
    ["chair", sent("advocate"), state("signed"), "consent_required"],
    ["chair", sent("yp"), state("signed"), "copy_not_chosen"],
    [
      "chair",
      { type: "record.copyChoice", participantId: id("dad"), exclusionParts: "include" },
      state("signed"),
      "ok",
    ],
    ["chair", { type: "record.copyChoice", participantId: id("yp"), childCopy: true }, state("signed"), "ok"],
    [
      "chair",
      { type: "record.copyChoice", participantId: id("mum"), childCopy: true },
      state("signed"),
      "validation_failed",
    ],
    [
      "chair",
      { type: "record.copyChoice", participantId: id("police"), exclusionParts: "include" },
      state("signed"),
      "validation_failed",
    ],
    ["chair", { type: "record.copyChoice", participantId: id("dad") }, state("signed"), "validation_failed"],
    [
      "chair",
      { type: "record.consent", participantId: id("advocate"), given: true, note: "" },
      state("signed"),
      "ok",
    ],
    [
      "chair",
      { type: "record.consent", participantId: id("mum"), given: true, note: "" },
      state("signed"),
      "validation_failed",
    ],
    [
      "minutes",
      { type: "record.consent", participantId: id("advocate"), given: true, note: "" },
      state("signed"),
      "not_chair",
    ],
  ] as const)("%s: %o (%#) → %s", (who, command, s, expected) => {
    const verdict = can(s, id(who), command as unknown as Command);
    expect(verdict.ok ? "ok" : verdict.error.code).toBe(expected);
  });
});

describe("copyEligibility", () => {
  const consented = (s: RoomState) =>
    applyRecordEvent(
      s.record,
      {
        type: "record.consentRecorded",
        participantId: id("advocate"),
        given: true,
        note: "",
        by: id("chair"),
      },
      1,
    );
  const withdrawn = (s: RoomState) => {
    consented(s);
    applyRecordEvent(
      s.record,
      {
        type: "record.consentRecorded",
        participantId: id("advocate"),
        given: false,
        note: "",
        by: id("chair"),
      },
      2,
    );
  };
  const ypadvConsented = (s: RoomState) =>
    applyRecordEvent(
      s.record,
      { type: "record.consentRecorded", participantId: id("ypadv"), given: true, note: "", by: id("chair") },
      3,
    );
  const childCopy = (s: RoomState) =>
    applyRecordEvent(
      s.record,
      { type: "record.copyChosen", participantId: id("yp"), childCopy: true, by: id("chair") },
      1,
    );
  it.each([
    ["police", state("signed"), "full"],
    ["minutes", state("signed"), "full"],
    ["observer", state("signed"), "no_copy"],
    ["mum", state("signed"), "family:mum"],
    ["advocate", state("signed"), "consent_required"],
    ["advocate", state("signed", consented), "family:mum"],
    ["advocate", state("signed", withdrawn), "consent_required"],
    ["interp", state("signed"), "consent_required"],
    ["yp", state("signed"), "copy_not_chosen"],
    ["yp", state("signed", childCopy), "family:yp"],
    ["ypadv", state("signed"), "copy_not_chosen"],
    ["ypadv", state("signed", ypadvConsented), "copy_not_chosen"],
    ["ypadv", state("signed", childCopy), "consent_required"],
    [
      "ypadv",
      state("signed", (s) => {
        childCopy(s);
        ypadvConsented(s);
      }),
      "family:yp",
    ],
    ["lost", state("signed"), "no_copy"],
    ["ghost", state("signed"), "no_copy"],
  ] as const)("%s (%#) → %s", (who, s, expected) => {
    const e = copyEligibility(s, id(who));
    const got = e.ok ? (e.kind === "full" ? "full" : `family:${e.principalId.replace(/_+$/, "")}`) : e.code;
    expect(got).toBe(expected);
  });
});

describe("fetching one's own copy over a session", () => {
  it.each([
    ["mum", state("signed"), null],
    ["police", state("signed", left("police")), null],
    ["mum", state("signed", absent("mum", "apologies")), null],
    ["dad", state("signed", removed("dad")), "forbidden"],
    [
      "police",
      state("signed", (s) => {
        s.attendance[id("police")]!.presence = "refused";
      }),
      "forbidden",
    ],
  ] as const)("%s (%#) → %s", (who, s, expected) => {
    expect(ownCopyRefusal(s, id(who))?.code ?? null).toBe(expected);
  });
});
