import type { Participant, Role } from "../../shared/domain";
import { POLICY_PRESETS } from "../../shared/policy";
import { emptyAttendance, initialState, type RoomState } from "../../shared/room";
import type { ContentMeta } from "../../shared/visibility";

/** A small room for rule tests: ids are readable names padded to the 22-character id shape. */
export const id = (name: string) => name.padEnd(22, "_").slice(0, 22);

const people: [string, Role, Partial<Participant>?][] = [
  ["chair", "chair"],
  ["chair2", "chair"],
  ["minutes", "minute_taker"],
  ["social", "social_worker", { directContact: true }],
  ["police", "professional", { agency: "Police", directContact: true }],
  ["observer", "observer"],
  ["mum", "parent"],
  ["dad", "parent"],
  ["yp", "young_person"],
  ["advocate", "advocate", { supports: id("mum") }],
  ["interp", "interpreter", { supports: id("dad") }],
  ["ypadv", "advocate", { supports: id("yp") }],
  ["lost", "supporter", { supports: id("police") }],
];

export function room(): RoomState {
  const participants: Participant[] = people.map(([name, role, extra]) => ({
    id: id(name),
    conferenceId: id("conf"),
    role,
    name,
    directContact: false,
    inRoomOnly: false,
    createdAt: 0,
    ...extra,
  }));
  const state = initialState(
    {
      type: "conference.created",
      conference: {
        id: id("conf"),
        kind: "icpc",
        title: "t",
        scheduledStart: "2026-12-01T10:00:00Z",
        policyProfile: structuredClone(POLICY_PRESETS.haringey),
        status: "open",
        children: [{ id: id("amy"), name: "Amy", dateOfBirth: "2016-01-01", subject: true }],
        createdAt: 0,
      },
      participants,
    },
    1,
  );
  for (const p of participants) {
    state.attendance[p.id] = {
      ...emptyAttendance(),
      presence: "in_room",
      acceptedConfidentialityAt: 0,
      admittedAt: 0,
    };
  }
  return state;
}

export function item(overrides: Partial<ContentMeta> = {}): ContentMeta {
  return {
    id: id("item"),
    kind: "mapping_item",
    area: "worries_future_danger",
    children: [],
    authorId: id("social"),
    createdAt: 0,
    changedAt: 0,
    audience: "professionals",
    withheldFrom: [],
    forYoungPeople: false,
    heldFrom: [],
    chairDecided: false,
    removed: false,
    ...overrides,
  };
}
