import type { ChildState } from "./childState";
import { bankHolidayName, isIsoDate, isWorkingDay, proposeDates } from "./dates";
import {
  checkDecision,
  checkScale,
  checkViewAllowed,
  proceduresName,
  type RecordedView,
  type RuleError,
  type Tally,
  ThresholdView,
  tallyViews,
} from "./decision";
import {
  agencyOf,
  type ConferenceKind,
  isFamilyRole,
  isProfessionalRole,
  type Participant,
  type Role,
} from "./domain";
import { longDate } from "./longDate";
import type { PolicyProfile } from "./policy";
import type { CommandError, CommandOf } from "./protocol";
import { assessRoomQuorum } from "./quorum";
import type { RoomState } from "./room";
import { principalOf } from "./visibility";

/**
 * Who may do what about one subject child: safety scaling, views on the threshold, the chair's
 * decision, dissent and what follows. `can` (shared/permissions.ts) has already checked that the
 * actor is in the room, not muted and the conference not ended, and hands these commands here.
 * Pure; table-tested in test/unit/decision-permissions.test.ts.
 *
 * Decisions made here (DOMAIN.md and the seeds leave them open):
 * - A safety scale is given by professionals and family members (`000` ch.4 "everyone asked"). The chair
 *   asks and decides, so gives none; the minute taker records; observers take no part (`001` 7.3.15).
 * - A supporter, advocate, solicitor or interpreter enables the family member to put their view
 *   (`001` 7.4.6, 7.3.13), so they enter that person's scale, never one of their own.
 * - The chair or the minute taker enters a scale or view for someone in the room (hybrid, no device).
 * - Any professional may dissent once the decision is recorded, whatever view they gave: a category can
 *   be disputed as well as the threshold (`001` 7.9.6, `004`). Family members who disagree are told how
 *   to complain instead (`001` 7.13, `004`).
 */

export const CHILD_COMMANDS = [
  "scaling.set",
  "scaling.setFor",
  "scaling.close",
  "scaling.reopen",
  "scaling.share",
  "views.open",
  "views.close",
  "view.give",
  "view.giveFor",
  "decision.record",
  "decision.reopen",
  "dissent.record",
  "dissent.recordFor",
  "outcome.set",
  "outcome.childInNeed",
] as const;
export type ChildCommandType = (typeof CHILD_COMMANDS)[number];
export type ChildCommand = CommandOf<ChildCommandType>;

type Verdict = { ok: true } | { ok: false; error: CommandError };
const OK: Verdict = { ok: true };
const refuse = (code: CommandError["code"], message: string): Verdict => ({
  ok: false,
  error: { code, message },
});
/** A rule of shared/decision.ts broken: its code and words go to the client unchanged. */
const broken = (error: RuleError): Verdict => ({ ok: false, error });

export function isChildCommand(command: { type: string }): command is ChildCommand {
  return (CHILD_COMMANDS as readonly string[]).includes(command.type);
}

/**
 * Whose safety scale this person gives when they give one themselves: their own (a professional or
 * family member), or the family member they are with (a supporter, advocate, solicitor or interpreter).
 */
export function scaleOwnerOf(state: RoomState, p: Participant): string | undefined {
  if (isProfessionalRole(p.role) || isFamilyRole(p.role)) return p.id;
  if (p.role === "chair" || p.role === "minute_taker" || p.role === "observer") return undefined;
  return principalOf({ participantId: p.id, role: p.role, supports: p.supports }, state.participants);
}

/** Roles that have a safety scale of their own. */
export function givesScale(role: Role): boolean {
  return isProfessionalRole(role) || isFamilyRole(role);
}

/** The views given for a child, with the agency each speaks for. */
export function recordedViews(state: RoomState, child: ChildState): RecordedView[] {
  return Object.values(child.views.entries).map((v) => {
    const p = state.participants[v.participantId];
    return { participantId: v.participantId, agency: p ? agencyOf(p) : undefined };
  });
}

export function tallyOf(state: RoomState, child: ChildState): Tally {
  return tallyViews(state.conference.policyProfile, Object.values(child.views.entries));
}

export function canForChild(
  state: RoomState,
  actor: Participant,
  command: ChildCommand,
  chair: boolean,
): Verdict {
  const known = state.conference.children.find((c) => c.id === command.childId);
  const child = state.children[command.childId];
  if (!known) return refuse("child_not_found", "That child is not part of this conference.");
  if (!child)
    return refuse(
      "child_not_found",
      "That child is not a subject of this conference: scaling and the decision are for subject children.",
    );
  const register = chair || actor.role === "minute_taker";
  const notChair = refuse("not_chair", "Only the chair can do this.");
  const profile = state.conference.policyProfile;

  switch (command.type) {
    case "scaling.set": {
      if (actor.role === "chair")
        return refuse("forbidden", "The chair asks for safety scales and does not give one.");
      if (actor.role === "minute_taker")
        return refuse("forbidden", "The minute taker enters scales for others, not one of their own.");
      if (actor.role === "observer")
        return refuse("forbidden", "Observers take no part in the discussion or the decision.");
      if (scaleOwnerOf(state, actor) === undefined)
        return refuse("forbidden", "Only professionals and family members give a safety scale.");
      return scaleAllowed(child, command);
    }
    case "scaling.setFor": {
      if (!register)
        return refuse("forbidden", "Only the chair or the minute taker enters a scale for someone else.");
      const target = present(state, command.participantId);
      if (!target.ok) return target;
      const p = state.participants[command.participantId]!;
      if (!givesScale(p.role))
        return refuse(
          "validation_failed",
          p.role === "chair" || p.role === "minute_taker" || p.role === "observer"
            ? "The chair, the minute taker and observers do not give a safety scale."
            : "A supporter, advocate or interpreter does not give a scale of their own: enter the scale of the family member they are with.",
        );
      return scaleAllowed(child, command);
    }
    case "scaling.close":
      if (!chair) return notChair;
      return child.scaling.closed
        ? refuse("scaling_closed", "Scaling for this child is already closed.")
        : OK;
    case "scaling.reopen":
      if (!chair) return notChair;
      return child.scaling.closed ? OK : refuse("conflict", "Scaling for this child is open.");
    case "scaling.share": {
      if (!chair) return refuse("not_chair", "Only the chair chooses which scales the family sees.");
      if (command.participantIds !== "all") {
        for (const id of command.participantIds) {
          if (!child.scaling.entries[id])
            return refuse("validation_failed", "Only scales that have been given can be shared.");
        }
      }
      return OK;
    }
    case "views.open":
      if (!chair) return notChair;
      if (child.decision)
        return refuse(
          "decision_recorded",
          "The decision for this child is recorded. Reopen the decision before asking for views again.",
        );
      return child.views.status === "open"
        ? refuse("conflict", "Views for this child are already open.")
        : OK;
    case "views.close":
      if (!chair) return notChair;
      return child.views.status === "open"
        ? OK
        : refuse("views_not_open", "Views for this child are not open.");
    case "view.give":
      return viewAllowed(state, child, profile, actor, command);
    case "view.giveFor": {
      if (!register)
        return refuse("forbidden", "Only the chair or the minute taker enters a view for someone else.");
      const target = present(state, command.participantId);
      if (!target.ok) return target;
      return viewAllowed(state, child, profile, state.participants[command.participantId]!, command);
    }
    case "decision.record": {
      if (!chair) return refuse("not_chair", "Only the chair records the decision.");
      if (child.decision)
        return refuse(
          "decision_recorded",
          "The decision for this child is recorded and cannot be changed. The chair can reopen it, giving a reason.",
        );
      // An inquorate conference decides only once the chair has chosen to go ahead, saying why
      // (`001` 7.3.18-19): the record then says so, and an early review follows.
      if (state.inquorate === null && !assessRoomQuorum(state).quorate)
        return refuse(
          "inquorate",
          "The conference is not quorate. To decide without a quorum, first record why you are going ahead (an early review will be needed).",
        );
      // Where a majority of professionals decides (`004`), the chair cannot decide without asking them.
      if (profile.decisionRule.mode === "majority_of_professionals" && child.views.status === "not_open")
        return refuse(
          "views_not_open",
          `This conference follows ${proceduresName(profile)}: a simple majority of professionals decides. ` +
            "Ask for the professionals' views before recording the decision.",
        );
      const { type: _type, ...decision } = command;
      const checked = checkDecision(profile, decision, tallyOf(state, child));
      return checked.ok ? OK : broken(checked.error);
    }
    case "decision.reopen":
      if (!chair) return refuse("not_chair", "Only the chair reopens a decision.");
      return child.decision
        ? OK
        : refuse("decision_not_recorded", "There is no decision for this child to reopen.");
    case "dissent.record":
      if (!isProfessionalRole(actor.role))
        return refuse(
          "forbidden",
          isFamilyRole(actor.role) || scaleOwnerOf(state, actor) !== undefined
            ? "Dissent is recorded for professionals. If you disagree with the decision, tell the chair: they will explain how to challenge it or complain."
            : "Dissent is recorded for professionals who took part in the decision.",
        );
      return decided(child);
    case "dissent.recordFor": {
      if (!chair) return refuse("not_chair", "Only the chair records dissent for someone else.");
      const target = present(state, command.participantId);
      if (!target.ok) return target;
      if (!isProfessionalRole(state.participants[command.participantId]!.role))
        return refuse("validation_failed", "Dissent is recorded for professionals.");
      return decided(child);
    }
    case "outcome.set": {
      if (!chair) return notChair;
      const d = decided(child);
      if (!d.ok) return d;
      if (!child.decision?.plan)
        return refuse(
          "outcome_not_applicable",
          "The decision is that this child does not need a child protection plan: record child in need recommendations instead.",
        );
      const keyWorker = state.participants[command.keyWorkerId];
      if (!keyWorker)
        return refuse("participant_not_found", "There is no such participant in this conference.");
      if (keyWorker.role !== "social_worker" && keyWorker.role !== "team_manager")
        return refuse(
          "validation_failed",
          "The key worker is a social worker (or team manager) from children's social care.",
        );
      for (const id of command.coreGroup) {
        const member = state.participants[id];
        if (!member)
          return refuse("participant_not_found", "There is no such participant in this conference.");
        if (!givesScale(member.role))
          return refuse(
            "validation_failed",
            "The core group is family members and professionals: not the chair, the minute taker, observers or supporters.",
          );
      }
      return checkOutcomeDates(state.conference.kind, state.conference.scheduledStart, profile, command);
    }
    case "outcome.childInNeed": {
      if (!chair) return notChair;
      const d = decided(child);
      if (!d.ok) return d;
      return child.decision?.plan
        ? refuse(
            "outcome_not_applicable",
            "The decision is a child protection plan: set the key worker, core group and dates instead.",
          )
        : OK;
    }
    default: {
      const unreachable: never = command;
      return refuse("unknown_command", `Unknown command ${(unreachable as { type: string }).type}.`);
    }
  }
}

function present(state: RoomState, participantId: string): Verdict {
  if (!state.participants[participantId])
    return refuse("participant_not_found", "There is no such participant in this conference.");
  return state.attendance[participantId]?.presence === "in_room"
    ? OK
    : refuse("not_present", "That person is not in the conference room now.");
}

function decided(child: ChildState): Verdict {
  return child.decision
    ? OK
    : refuse("decision_not_recorded", "The chair has not recorded the decision for this child yet.");
}

function scaleAllowed(child: ChildState, input: { score: unknown; reason: unknown }): Verdict {
  if (child.scaling.closed)
    return refuse(
      "scaling_closed",
      "The chair has closed scaling for this child. Scales can no longer change.",
    );
  const checked = checkScale(input);
  return checked.ok ? OK : broken(checked.error);
}

function viewAllowed(
  state: RoomState,
  child: ChildState,
  profile: PolicyProfile,
  voter: Participant,
  command: CommandOf<"view.give" | "view.giveFor">,
): Verdict {
  const who = { id: voter.id, role: voter.role, agency: voter.agency, present: true };
  // Eligibility first: a parent or observer hears "you do not vote", whatever the state of the views.
  const eligible = checkViewAllowed(profile, who, []);
  if (!eligible.ok) return broken(eligible.error);
  const shape = ThresholdView.safeParse({
    participantId: voter.id,
    view: command.view,
    recommendedCategory: command.recommendedCategory,
    reason: command.reason,
  });
  if (!shape.success)
    return refuse(
      "validation_failed",
      "A recommended category only goes with a view that the child needs a child protection plan.",
    );
  if (child.views.status === "not_open")
    return refuse("views_not_open", "The chair has not asked for views on this child yet.");
  if (child.views.status === "closed")
    return refuse(
      "views_closed",
      "The chair has closed the views for this child. Views can no longer change.",
    );
  const allowed = checkViewAllowed(profile, who, recordedViews(state, child), {
    replaceAgencyView: command.replaceAgencyView,
  });
  return allowed.ok ? OK : broken(allowed.error);
}

/**
 * The dates the chair sets after a plan, against the limits `proposeDates` computes for the conference
 * (shared/dates.ts): both on working days and not before the conference; the first core group within
 * the profile's working days of an initial conference (`001` 7.8.6, `004`); the next review within the
 * first-review months of an initial conference, else within the review interval (`001` 7.2.14).
 * After a review the core group already meets, so its date may be left out and has no upper limit.
 */
export function checkOutcomeDates(
  kind: ConferenceKind,
  scheduledStart: string,
  profile: Pick<PolicyProfile, "name" | "deadlines" | "timescales">,
  dates: { firstCoreGroupDate: string | null; nextReviewDate: string },
): Verdict {
  const limits = proposeDates(kind, scheduledStart, profile);
  const rules = proceduresName(profile);
  const initial = limits.firstCoreGroupBy !== null;
  const { firstCoreGroupDate: coreGroup, nextReviewDate: review } = dates;
  for (const date of [coreGroup, review]) {
    if (date !== null && !isIsoDate(date))
      return refuse("validation_failed", `${date} is not a date in the calendar.`);
  }
  if (coreGroup === null) {
    if (initial)
      return refuse(
        "validation_failed",
        "Set the date of the first core group meeting: after an initial conference the core group meets " +
          `within ${profile.timescales.coreGroupWorkingDaysAfterIcpc} working days.`,
      );
  } else {
    const verdict = onAWorkingDayFrom(coreGroup, limits.conferenceDate, "The first core group meeting");
    if (!verdict.ok) return verdict;
    if (initial && coreGroup > limits.firstCoreGroupBy!)
      return refuse(
        "core_group_date_too_late",
        `This conference follows ${rules}: the first core group meets within ` +
          `${profile.timescales.coreGroupWorkingDaysAfterIcpc} working days of an initial conference, ` +
          `that is by ${longDate(limits.firstCoreGroupBy!)}.`,
      );
  }
  const verdict = onAWorkingDayFrom(review, limits.conferenceDate, "The next review conference");
  if (!verdict.ok) return verdict;
  if (review === limits.conferenceDate)
    return refuse("date_before_conference", "The next review conference must be after this conference.");
  if (review > limits.nextReviewBy)
    return refuse(
      "review_date_too_late",
      initial
        ? `This conference follows ${rules}: the first review is within ` +
            `${profile.timescales.firstReviewMonthsAfterIcpc} months of an initial conference, that is by ${longDate(limits.nextReviewBy)}.`
        : `This conference follows ${rules}: reviews are at most ${profile.timescales.reviewIntervalMonths} ` +
            `months apart, so the next review is by ${longDate(limits.nextReviewBy)}.`,
    );
  return OK;
}

function onAWorkingDayFrom(date: string, conferenceDate: string, what: string): Verdict {
  if (date < conferenceDate)
    return refuse(
      "date_before_conference",
      `${what} cannot be before this conference (${longDate(conferenceDate)}).`,
    );
  if (!isWorkingDay(date)) {
    const holiday = bankHolidayName(date);
    return refuse(
      "date_not_working_day",
      `${what} is set on a working day: ${longDate(date)} is ${holiday ? `a bank holiday (${holiday})` : "at a weekend"}.`,
    );
  }
  return OK;
}
