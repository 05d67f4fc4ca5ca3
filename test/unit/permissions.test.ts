import { describe, expect, it } from "vitest";
import { can, docAccess } from "../../shared/permissions";
import type { Command, DocRef } from "../../shared/protocol";
import type { RoomState } from "../../shared/room";
import { id, item, room } from "./rules-fixture";

const conf = id("conf");
const professional: DocRef = { conferenceId: conf, kind: "professional" };
const stateDoc: DocRef = { conferenceId: conf, kind: "state" };
const view = (name: string): DocRef => ({ conferenceId: conf, kind: "view", principalId: id(name) });

function withChanges(change: (s: RoomState) => void): RoomState {
  const s = room();
  change(s);
  return s;
}
const muted = (name: string) => withChanges((s) => (s.attendance[id(name)]!.muted = true));
const inLobby = (name: string) => withChanges((s) => (s.attendance[id(name)]!.presence = "lobby"));
const presence = (name: string, value: "removed" | "refused") =>
  withChanges((s) => (s.attendance[id(name)]!.presence = value));
const ended = () => withChanges((s) => (s.conference = { ...s.conference, status: "ended" }));

describe("docAccess", () => {
  it.each([
    ["chair", professional, room(), "write"],
    ["minutes", professional, room(), "write"],
    ["social", professional, room(), "write"],
    ["police", professional, room(), "write"],
    ["observer", professional, room(), "read"],
    ["police", professional, muted("police"), "read"],
    ["police", professional, inLobby("police"), "none"],
    ["police", professional, ended(), "read"],
    ["mum", professional, room(), "none"],
    ["advocate", professional, room(), "none"],
    ["yp", professional, room(), "none"],
    ["police", stateDoc, room(), "read"],
    ["observer", stateDoc, room(), "read"],
    ["mum", stateDoc, room(), "none"],
    ["interp", stateDoc, room(), "none"],
    ["mum", view("mum"), room(), "read"],
    ["advocate", view("mum"), room(), "read"],
    ["mum", view("dad"), room(), "none"],
    ["advocate", view("dad"), room(), "none"],
    ["interp", view("dad"), room(), "read"],
    ["yp", view("yp"), room(), "read"],
    ["yp", view("mum"), room(), "none"],
    ["mum", view("mum"), inLobby("mum"), "none"],
    // The chair removed mum (or refused her entry): nothing more reaches her advocate either.
    ["advocate", view("mum"), presence("mum", "removed"), "none"],
    ["advocate", view("mum"), presence("mum", "refused"), "none"],
    ["chair", view("mum"), presence("mum", "removed"), "read"],
    ["interp", view("dad"), presence("mum", "removed"), "read"],
    ["chair", view("mum"), room(), "read"],
    ["chair2", view("mum"), room(), "none"],
    ["police", view("mum"), room(), "none"],
    ["minutes", view("mum"), room(), "none"],
    ["mum", view("police"), room(), "none"],
    ["lost", view("police"), room(), "none"],
  ] as const)("%s on %o (%#) → %s", (who, ref, state, expected) => {
    expect(docAccess(state, id(who), ref)).toBe(expected);
  });

  it("refuses another conference's documents", () => {
    expect(docAccess(room(), id("chair"), { conferenceId: id("other"), kind: "professional" })).toBe("none");
  });
});

const withItem = (overrides = {}) => withChanges((s) => (s.content[id("item")] = item(overrides)));
const target = { participantId: id("police") };

describe("can", () => {
  it.each([
    // [who, command, state, expected code or "ok"]
    ["chair", { type: "participant.mute", ...target }, room(), "ok"],
    ["police", { type: "participant.mute", participantId: id("social") }, room(), "not_chair"],
    ["chair2", { type: "participant.mute", ...target }, room(), "not_chair"],
    ["mum", { type: "participant.mute", ...target }, room(), "not_chair"],
    ["minutes", { type: "participant.remove", ...target, reason: "x" }, room(), "not_chair"],
    ["chair", { type: "participant.mute", participantId: id("chair") }, room(), "conflict"],
    ["chair", { type: "participant.unmute", ...target }, room(), "conflict"],
    ["chair", { type: "participant.unmute", ...target }, muted("police"), "ok"],
    ["advocate", { type: "family.contribute", area: "going_well", text: "x" }, room(), "ok"],
    [
      "advocate",
      { type: "family.contribute", area: "going_well", text: "x" },
      presence("mum", "removed"),
      "forbidden",
    ],
    [
      "interp",
      { type: "family.contribute", area: "going_well", text: "x" },
      presence("mum", "removed"),
      "ok",
    ],
    ["chair", { type: "chair.handover", participantId: id("chair2") }, room(), "ok"],
    // A muted chair could not unmute themselves, and the old chair would have lost the chair.
    ["chair", { type: "chair.handover", participantId: id("chair2") }, muted("chair2"), "conflict"],
    ["chair", { type: "chair.handover", participantId: id("police") }, room(), "validation_failed"],
    ["chair", { type: "chair.handover", participantId: id("chair2") }, inLobby("chair2"), "conflict"],
    ["chair", { type: "participant.mute", participantId: id("ghost") }, room(), "participant_not_found"],
    ["chair", { type: "lobby.admit", ...target }, room(), "conflict"],
    ["chair", { type: "lobby.admit", ...target }, inLobby("police"), "ok"],
    ["police", { type: "content.create", kind: "mapping_item", children: [] }, room(), "ok"],
    ["police", { type: "content.create", kind: "mapping_item", children: [] }, muted("police"), "muted"],
    [
      "police",
      { type: "content.create", kind: "mapping_item", children: [] },
      inLobby("police"),
      "not_in_room",
    ],
    ["police", { type: "content.create", kind: "mapping_item", children: [] }, ended(), "conference_ended"],
    [
      "police",
      { type: "content.create", kind: "mapping_item", children: [id("ghost")] },
      room(),
      "validation_failed",
    ],
    ["observer", { type: "content.create", kind: "mapping_item", children: [] }, room(), "forbidden"],
    ["mum", { type: "content.create", kind: "mapping_item", children: [] }, room(), "forbidden"],
    ["social", { type: "content.share", contentId: id("item") }, withItem(), "ok"],
    ["police", { type: "content.share", contentId: id("item") }, withItem(), "forbidden"],
    ["chair", { type: "content.share", contentId: id("item") }, withItem(), "ok"],
    [
      "social",
      { type: "content.share", contentId: id("item") },
      withItem({ chairDecided: true }),
      "forbidden",
    ],
    ["chair", { type: "content.share", contentId: id("ghost") }, withItem(), "content_not_found"],
    [
      "chair",
      { type: "content.share", contentId: id("item") },
      withItem({ removed: true }),
      "content_not_found",
    ],
    ["mum", { type: "content.share", contentId: id("item") }, withItem(), "forbidden"],
    [
      "social",
      { type: "content.withhold", contentId: id("item"), from: [id("mum")], reason: "r" },
      withItem(),
      "ok",
    ],
    [
      "social",
      { type: "content.withhold", contentId: id("item"), from: [id("police")], reason: "r" },
      withItem(),
      "validation_failed",
    ],
    [
      "social",
      { type: "content.youngPeople", contentId: id("item"), visible: true },
      withItem(),
      "not_chair",
    ],
    ["chair", { type: "content.youngPeople", contentId: id("item"), visible: true }, withItem(), "ok"],
    ["mum", { type: "family.contribute", area: "going_well", text: "t" }, room(), "ok"],
    ["advocate", { type: "family.contribute", area: "going_well", text: "t" }, room(), "ok"],
    ["police", { type: "family.contribute", area: "going_well", text: "t" }, room(), "forbidden"],
    ["lost", { type: "family.contribute", area: "going_well", text: "t" }, room(), "forbidden"],
    ["mum", { type: "family.contribute", area: "going_well", text: "t" }, muted("mum"), "muted"],
    ["chair", { type: "agenda.move", index: 3 }, room(), "ok"],
    ["chair", { type: "agenda.move", index: 30 }, room(), "validation_failed"],
    ["social", { type: "agenda.move", index: 3 }, room(), "not_chair"],
    [
      "mum",
      { type: "confidentiality.accept" },
      withChanges((s) => (s.attendance[id("mum")]!.presence = "invited")),
      "ok",
    ],
    [
      "mum",
      { type: "confidentiality.accept" },
      withChanges((s) => (s.attendance[id("mum")]!.presence = "removed")),
      "forbidden",
    ],
    ["mum", { type: "confidentiality.accept" }, room(), "conflict"],
    [id("ghost"), { type: "confidentiality.accept" }, room(), "forbidden"],
  ] as const)("%s: %o (%#) → %s", (who, command, state, expected) => {
    const actor = who.length === 22 ? who : id(who);
    const verdict = can(state, actor, command as unknown as Command);
    expect(verdict.ok ? "ok" : verdict.error.code).toBe(expected);
  });
});
