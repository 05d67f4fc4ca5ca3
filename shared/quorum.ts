import { agencyOf, CHILDRENS_SOCIAL_CARE, type Role } from "./domain";
import type { PolicyProfile } from "./policy";
import type { RoomState } from "./room";

/**
 * Quoracy (DOMAIN.md "Quorum"; `001` 7.3.16-19, `002`, `004`): normally children's social care and at
 * least two other agencies that have had direct contact with the child and family. The number is a
 * setting of the policy profile. Pure: the caller says who is present now.
 *
 * Decisions made here:
 * - Children's social care counts whenever a social worker or team manager is present: `001` 7.3.17 names
 *   the social work team in its own right and asks direct contact of the *other* agencies.
 * - Any other agency counts once, however many of its professionals attend, and only if at least one of
 *   them who is present has had direct contact with the child.
 * - Agency names are compared without regard to case, spacing or apostrophe style ("Health visiting" and
 *   " health  visiting" are one agency). A professional naming children's social care as their agency
 *   counts as children's social care.
 * - People who have left, sent apologies or wait in the lobby are not present and do not count. The
 *   chair, minute taker, family, supporters and observers are never an agency.
 */

export interface QuorumAttendee {
  role: Role;
  agency?: string | undefined;
  directContact: boolean;
  present: boolean;
}

export interface QuorumAssessment {
  quorate: boolean;
  /** Agencies that count, sorted, as first spelled by an attendee. */
  agencies: string[];
  count: number;
  minimum: number;
  socialCarePresent: boolean;
  socialCareRequired: boolean;
  /** How many more agencies are needed (children's social care among them if it is missing). */
  missing: number;
  /** Plain English for the chair. */
  reason: string;
}

/** The key two agency names are compared by: case, spacing and apostrophe style do not matter. */
export function agencyKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

const SOCIAL_CARE_KEY = agencyKey(CHILDRENS_SOCIAL_CARE);

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function assessQuorum(
  profile: Pick<PolicyProfile, "quorum">,
  attendees: readonly QuorumAttendee[],
): QuorumAssessment {
  const { minimumAgencies: minimum, requireChildrensSocialCare: socialCareRequired } = profile.quorum;
  const counted = new Map<string, string>();
  for (const a of attendees) {
    if (!a.present) continue;
    const agency = agencyOf(a)?.trim();
    if (!agency) continue;
    const key = agencyKey(agency);
    const socialCare = key === SOCIAL_CARE_KEY;
    if (!socialCare && !a.directContact) continue;
    if (!counted.has(key)) counted.set(key, socialCare ? CHILDRENS_SOCIAL_CARE : agency.replace(/\s+/g, " "));
  }
  const agencies = [...counted.values()].sort((x, y) => x.localeCompare(y, "en-GB"));
  const count = agencies.length;
  const socialCarePresent = counted.has(SOCIAL_CARE_KEY);
  const socialCareMissing = socialCareRequired && !socialCarePresent;
  const missing = Math.max(minimum - count, socialCareMissing ? 1 : 0);
  const quorate = missing === 0;

  const here =
    count === 0
      ? "No agency with direct contact with the child is here"
      : `${plural(count, "agency", "agencies")} with direct contact with the child ${count === 1 ? "is" : "are"} here (${agencies.join(", ")})`;
  const needs = !socialCareRequired
    ? `These procedures need at least ${plural(minimum, "agency", "agencies")} with direct contact with the child.`
    : minimum > 1
      ? `These procedures need children's social care and at least ${plural(minimum - 1, "other agency", "other agencies")} with direct contact with the child.`
      : "These procedures need children's social care.";
  let reason: string;
  if (quorate) {
    reason = `Quorate. ${here}; the minimum is ${minimum}.`;
  } else {
    const gaps: string[] = [];
    if (socialCareMissing) gaps.push("children's social care is not here (a social worker or team manager)");
    const others = socialCareMissing ? missing - 1 : missing;
    if (others > 0) gaps.push(`${plural(others, "more agency is", "more agencies are")} needed`);
    reason =
      `Not quorate: ${gaps.join(", and ")}. ${here}. ${needs} ` +
      "You may still go ahead: record why, and hold an early review if a plan is made or continued.";
  }
  return { quorate, agencies, count, minimum, socialCarePresent, socialCareRequired, missing, reason };
}

/** The live quorum of the room: who is present now, against the conference's policy profile. */
export function assessRoomQuorum(state: RoomState) {
  return assessQuorum(
    state.conference.policyProfile,
    Object.values(state.participants).map((p) => ({
      role: p.role,
      agency: p.agency,
      directContact: p.directContact,
      present: state.attendance[p.id]?.presence === "in_room",
    })),
  );
}
