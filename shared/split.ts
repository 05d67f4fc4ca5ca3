import { isFamilyRole } from "./domain";
import type { CommandError } from "./protocol";
import { activeExclusion, type Exclusion, type RoomState } from "./room";
import { principalOf } from "./visibility";

/**
 * Split conferences (`001` 7.6.3, `003` std 4): family members attend at separate times, for
 * example the mother, then the father, where there is domestic abuse. A part is a set of exclusions
 * on the `family_conflict` ground: everyone in the family who is not in this part is out of it.
 *
 * What one side says in its part must never reach the other side, nor the fact that they spoke:
 * - professionals' items made or changed in a part are held from those out of it (the exclusion
 *   model, shared/room.ts);
 * - a family member's own words made while the two sides are apart are withheld from the other side
 *   (`splitWithholdFrom`), so releasing "everything held" after a part never carries them across;
 *   only the chair, item by item, can (`content.release`);
 * - a scale given while apart is never in the other side's projection (`apartAt`).
 */

const SPLIT = "family_conflict";

function covers(e: Exclusion, at: number): boolean {
  return e.ground === SPLIT && e.startAt <= at && (e.endAt === null || at < e.endAt);
}

/** Out of the meeting at this moment on the split-conference ground. */
function outOfPartAt(state: RoomState, principalId: string, at: number): boolean {
  return state.exclusions.some((e) => e.participantId === principalId && covers(e, at));
}

function outOfPartNow(state: RoomState, principalId: string): boolean {
  return activeExclusion(state, principalId)?.ground === SPLIT;
}

/** The family members (parents, carers, young people) of this conference. */
export function familyMembers(state: RoomState): string[] {
  return Object.values(state.participants)
    .filter((p) => isFamilyRole(p.role))
    .map((p) => p.id);
}

/** Were these two family members in different parts of a split conference at that moment? */
export function apartAt(state: RoomState, a: string, b: string, at: number): boolean {
  const family = (id: string) => {
    const p = state.participants[id];
    return p !== undefined && isFamilyRole(p.role);
  };
  return a !== b && family(a) && family(b) && outOfPartAt(state, a, at) !== outOfPartAt(state, b, at);
}

/** Were these two family members ever in different parts of a split conference? */
export function everApart(state: RoomState, a: string, b: string): boolean {
  // Who is out changes only where a part's exclusion starts or ends: enough to look there.
  return state.exclusions.some(
    (e) =>
      e.ground === SPLIT &&
      (apartAt(state, a, b, e.startAt) || (e.endAt !== null && apartAt(state, a, b, e.endAt))),
  );
}

/**
 * The family members a family group's words are withheld from when written now: those on the other
 * side of a split conference (one of the two is out of the current part, the other is not).
 */
export function splitWithholdFrom(state: RoomState, authorGroup: string | undefined): string[] {
  if (authorGroup === undefined) return [];
  const authorOut = outOfPartNow(state, authorGroup);
  return familyMembers(state).filter((id) => id !== authorGroup && outOfPartNow(state, id) !== authorOut);
}

/** The family group (principal) a participant writes for, if any. */
export function groupOfParticipant(state: RoomState, participantId: string): string | undefined {
  const p = state.participants[participantId];
  return p
    ? principalOf({ participantId: p.id, role: p.role, supports: p.supports }, state.participants)
    : undefined;
}

type Verdict = { ok: true } | { ok: false; error: CommandError };
const refuse = (code: CommandError["code"], message: string): Verdict => ({
  ok: false,
  error: { code, message },
});

/**
 * May the chair start a part with these family members present? Everyone named must be a family
 * member; someone out of the meeting on another ground must be brought back by the chair first.
 */
export function canStartPart(state: RoomState, present: readonly string[]): Verdict {
  if (new Set(present).size !== present.length)
    return refuse("validation_failed", "Name each family member once.");
  for (const id of present) {
    const p = state.participants[id];
    if (!p || !isFamilyRole(p.role))
      return refuse("validation_failed", "Only parents, carers and young people take part in a part.");
    const running = activeExclusion(state, id);
    if (running && running.ground !== SPLIT)
      return refuse(
        "conflict",
        `${p.name} is out of the meeting for another reason. End that exclusion first if they should be in this part.`,
      );
  }
  const out = familyMembers(state).filter((id) => !present.includes(id));
  if (out.length === 0)
    return refuse("validation_failed", "A part of a split conference leaves at least one family member out.");
  return { ok: true };
}

/** Who goes out and who comes back when a part starts. */
export function partChanges(
  state: RoomState,
  present: readonly string[],
): { exclude: string[]; bringBack: string[] } {
  const members = familyMembers(state);
  return {
    exclude: members.filter((id) => !present.includes(id) && !activeExclusion(state, id)),
    bringBack: present.filter((id) => outOfPartNow(state, id)),
  };
}

/** Family members out of the current part of a split conference now. */
export function outOfPart(state: RoomState): string[] {
  return familyMembers(state).filter((id) => outOfPartNow(state, id));
}
