import { londonDate } from "./dates";
import { isAttachedRole, isFamilyRole, type Participant, type Role } from "./domain";
import type { CommandError, CommandOf, DocRef } from "./protocol";
import type { RoomState } from "./room";
import { hasFullView } from "./visibility";

/**
 * Who may do what with the record: the minutes, the outline plan, sign-off, addenda and copies.
 * `can` and `docAccess` (shared/permissions.ts) hand record commands, and everything after the end
 * of the conference, here. Pure; table-tested in test/unit/record-permissions.test.ts.
 *
 * The record stage. The record is finished after the meeting (`001` 7.11): once the chair ends the
 * conference, the active chair and the minute taker who were at the meeting may still write the
 * professional document (the minutes and the plan) and run record commands, wherever they are now, until the chair signs the record
 * off. Nobody else may write, and family members get nothing new (their projections close for good).
 * Sign-off locks the record: the professional document is read-only for everyone and every command
 * that would change the record is refused with `record_locked`; corrections are the chair's dated
 * addenda, and the chair still decides and logs who gets which copy.
 *
 * Who gets a copy (`copyEligibility`): the chair, minute taker and professionals the full record;
 * each parent or carer their own copy; a young person a copy only when the chair chooses; a
 * supporter, advocate, solicitor or interpreter the copy of the person they are with, only once that
 * person's consent is recorded. Observers take no part (`001` 7.3.15) and get no copy.
 */

export type Access = "write" | "read" | "none";
type Verdict = { ok: true } | { ok: false; error: CommandError };
const OK: Verdict = { ok: true };
const refuse = (code: CommandError["code"], message: string): Verdict => ({
  ok: false,
  error: { code, message },
});

export const RECORD_COMMANDS = [
  "minutes.open",
  "minutes.addPart",
  "plan.addAction",
  "plan.changeAction",
  "plan.removeAction",
  "plan.moveAction",
  "plan.share",
  "record.signOff",
  "record.addendum",
  "record.copyChoice",
  "record.consent",
  "record.markSent",
] as const;
export type RecordCommandType = (typeof RECORD_COMMANDS)[number];
export type RecordCommand = CommandOf<RecordCommandType>;

export function isRecordCommand(command: { type: string }): command is RecordCommand {
  return (RECORD_COMMANDS as readonly string[]).includes(command.type);
}

/** Roles that write the professional document during the meeting (as shared/permissions.ts). */
const WRITERS: readonly Role[] = ["chair", "minute_taker", "social_worker", "team_manager", "professional"];

const LOCKED_WORDS = "The record has been signed off and is locked. The chair can add a dated addendum.";
const ENDED_WORDS = "The conference has ended.";

function activeChair(state: RoomState, participantId: string): boolean {
  return state.chairId === participantId && state.participants[participantId]?.role === "chair";
}

/**
 * The active chair or a minute taker who was at the meeting (in the room when it ended, or there and
 * gone since): the people who finish the record. Not someone removed or refused, and not someone
 * the chair never let in — a link waiting in the lobby, an invitee who never came or sent apologies
 * — who would otherwise be handed the professional document the moment the meeting ends.
 */
export function hasRecordRole(state: RoomState, participantId: string): boolean {
  const p = state.participants[participantId];
  if (!p) return false;
  const presence = state.attendance[participantId]?.presence;
  if (presence !== "in_room" && presence !== "left") return false;
  return activeChair(state, participantId) || p.role === "minute_taker";
}

/** Document access once the conference has ended (docAccess hands over here). */
export function recordDocAccess(state: RoomState, p: Participant, doc: DocRef): Access {
  const recordRole = hasRecordRole(state, p.id);
  const present = state.attendance[p.id]?.presence === "in_room" && hasFullView(p.role);
  switch (doc.kind) {
    case "professional":
      if (recordRole) return state.record.signedOff ? "read" : "write";
      return present ? "read" : "none";
    case "state":
      return recordRole || present ? "read" : "none";
    case "view":
      return "none";
  }
}

/**
 * After the end: refuse what the record stage does not allow, or null to go on to the ordinary rules
 * (which then skip the checks of presence, exclusion and muting: the meeting is over).
 */
export function gateAfterEnd(state: RoomState, actorId: string, command: { type: string }): Verdict | null {
  const recordRole = hasRecordRole(state, actorId);
  const locked = state.record.signedOff !== null;
  switch (command.type) {
    case "minutes.open":
    case "minutes.addPart":
    case "plan.addAction":
    case "plan.changeAction":
    case "plan.removeAction":
    case "plan.moveAction":
    case "record.signOff":
    case "content.share":
    case "content.unshare":
    case "content.withhold":
    case "content.release":
    case "content.youngPeople":
    case "content.children":
    case "content.remove": {
      if (!recordRole) return refuse("conference_ended", ENDED_WORDS);
      if (locked) return refuse("record_locked", LOCKED_WORDS);
      if (command.type === "content.remove") {
        const id = (command as { type: string; contentId?: string }).contentId ?? "";
        if (state.content[id]?.kind !== "minute_section")
          return refuse("conference_ended", "After the conference only parts of the minutes can be removed.");
      }
      return null;
    }
    case "record.addendum":
    case "record.copyChoice":
    case "record.consent":
    case "record.markSent":
      return recordRole ? null : refuse("conference_ended", ENDED_WORDS);
    default:
      return refuse("conference_ended", ENDED_WORDS);
  }
}

export type Eligibility =
  | { ok: true; kind: "full" }
  | { ok: true; kind: "family"; principalId: string }
  | { ok: false; code: "no_copy" | "consent_required" | "copy_not_chosen"; reason: string };

/** Whether this person receives a copy of the record (and of the decision summary), and which. */
export function copyEligibility(state: RoomState, participantId: string): Eligibility {
  const p = state.participants[participantId];
  if (!p) return { ok: false, code: "no_copy", reason: "There is no such participant." };
  if (p.role === "observer")
    return { ok: false, code: "no_copy", reason: "Observers take no part and do not receive the record." };
  if (hasFullView(p.role)) return { ok: true, kind: "full" };
  if (isFamilyRole(p.role)) {
    if (p.role === "young_person" && !state.record.choices[p.id]?.childCopy)
      return {
        ok: false,
        code: "copy_not_chosen",
        reason: "A young person receives a copy only when the chair chooses to give them one.",
      };
    return { ok: true, kind: "family", principalId: p.id };
  }
  if (isAttachedRole(p.role)) {
    const principal = p.supports ? state.participants[p.supports] : undefined;
    if (!principal || !isFamilyRole(principal.role))
      return { ok: false, code: "no_copy", reason: "They are not with a family member of this conference." };
    // Their copy is the copy of the person they are with: none for a young person the chair has not chosen to give one.
    if (principal.role === "young_person" && !state.record.choices[principal.id]?.childCopy)
      return {
        ok: false,
        code: "copy_not_chosen",
        reason: `${principal.name} has not been chosen to receive a copy, so the person with them receives none.`,
      };
    if (!state.record.consents[p.id]?.given)
      return {
        ok: false,
        code: "consent_required",
        reason: `${principal.name}'s consent to this copy has not been recorded.`,
      };
    return { ok: true, kind: "family", principalId: principal.id };
  }
  return { ok: false, code: "no_copy", reason: "This person does not receive the record." };
}

/**
 * May this person fetch their own copy (and the decision summary) themselves, over their session?
 * Not once the chair has removed them or refused them entry: that session may be someone else's
 * (a leaked link) or misused, and "nothing after removal" holds for files too. Their copy is still
 * theirs: the chair sees it on the copies screen and sends it (`record.markSent`).
 */
export function ownCopyRefusal(
  state: RoomState,
  participantId: string,
): { code: "forbidden"; reason: string } | null {
  const presence = state.attendance[participantId]?.presence;
  if (presence === "removed" || presence === "refused")
    return {
      code: "forbidden",
      reason: "The chair sends your copy of the record to you. Ask the chair or the conference team for it.",
    };
  return null;
}

/** The record commands, once `can` has checked the actor may act at all now. */
export function canRecord(
  state: RoomState,
  actor: Participant,
  command: RecordCommand,
  chair: boolean,
): Verdict {
  const ended = state.conference.status === "ended";
  const children = (ids: readonly string[]) =>
    ids.every((id) => state.conference.children.some((c) => c.id === id))
      ? OK
      : refuse("validation_failed", "That child is not part of this conference.");
  const action = (id: string) => state.record.plan.actions[id];
  const noAction = refuse("not_found", "There is no such action in the plan.");
  switch (command.type) {
    case "minutes.open":
    case "minutes.addPart": {
      if (!chair && actor.role !== "minute_taker")
        return refuse("forbidden", "Only the chair and the minute taker write the minutes.");
      if (!state.agenda.items.includes(command.agendaItem))
        return refuse("validation_failed", "That item is not on this conference's agenda.");
      return command.type === "minutes.addPart" ? children(command.children) : OK;
    }
    case "plan.addAction":
    case "plan.changeAction":
    case "plan.removeAction":
    case "plan.moveAction": {
      if (!WRITERS.includes(actor.role))
        return refuse("forbidden", "Only the professionals running the meeting write the plan.");
      if (command.type !== "plan.addAction" && !action(command.actionId)) return noAction;
      if (command.type === "plan.moveAction" && command.before !== null && !action(command.before))
        return noAction;
      if (command.type === "plan.changeAction") {
        const { type: _t, actionId: _a, ...changes } = command;
        if (Object.values(changes).every((v) => v === undefined))
          return refuse("validation_failed", "Say what to change in the action.");
      }
      if (command.type === "plan.addAction" || command.type === "plan.changeAction") {
        if (command.byWhen !== undefined && command.byWhen !== "ongoing") {
          if (command.byWhen < londonDate(state.conference.scheduledStart))
            return refuse("date_before_conference", "The date is before the conference (byWhen).");
        }
        if (command.children) return children(command.children);
      }
      return OK;
    }
    case "plan.share":
      if (!chair) return refuse("not_chair", "Only the chair shares the plan with the family.");
      if (ended) return refuse("conference_ended", ENDED_WORDS);
      if (state.record.plan.shared === command.shared)
        return refuse(
          "conflict",
          command.shared ? "The plan is already shared." : "The plan is not shared at the moment.",
        );
      return OK;
    case "record.signOff":
      if (!chair) return refuse("not_chair", "Only the chair signs off the record.");
      if (!ended) return refuse("conflict", "The record is signed off once the conference has ended.");
      return OK;
    case "record.addendum":
      if (!chair) return refuse("not_chair", "Only the chair adds an addendum.");
      if (!state.record.signedOff)
        return refuse(
          "record_not_signed_off",
          "The record is not signed off yet: correct the minutes themselves instead.",
        );
      return OK;
    case "record.copyChoice": {
      if (!chair) return refuse("not_chair", "Only the chair decides who gets which copy.");
      const target = state.participants[command.participantId];
      if (!target) return refuse("participant_not_found", "There is no such participant in this conference.");
      if (command.exclusionParts === undefined && command.childCopy === undefined)
        return refuse("validation_failed", "Say what to choose for this copy.");
      if (command.exclusionParts !== undefined && !isFamilyRole(target.role))
        return refuse(
          "validation_failed",
          "Only a parent's, carer's or young person's copy can leave out the parts they missed.",
        );
      if (command.childCopy !== undefined && target.role !== "young_person")
        return refuse("validation_failed", "The choice of a child's copy is for a young person.");
      return OK;
    }
    case "record.consent": {
      if (!chair) return refuse("not_chair", "Only the chair records consent.");
      const target = state.participants[command.participantId];
      if (!target) return refuse("participant_not_found", "There is no such participant in this conference.");
      if (!isAttachedRole(target.role))
        return refuse(
          "validation_failed",
          "Consent is recorded for the copy of a supporter, advocate, solicitor or interpreter.",
        );
      return OK;
    }
    case "record.markSent": {
      if (!chair) return refuse("not_chair", "Only the chair marks a copy as sent.");
      if (!state.participants[command.participantId])
        return refuse("participant_not_found", "There is no such participant in this conference.");
      if (!ended) return refuse("conflict", "Copies are sent once the conference has ended.");
      if (command.document === "record" && !state.record.signedOff)
        return refuse("record_not_signed_off", "The record is sent once the chair has signed it off.");
      const eligible = copyEligibility(state, command.participantId);
      return eligible.ok ? OK : refuse(eligible.code, eligible.reason);
    }
  }
}
