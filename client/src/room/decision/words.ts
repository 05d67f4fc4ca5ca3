import { proceduresName, type ThresholdChoice } from "../../../../shared/decision";
import { ROLE_LABEL, type Role } from "../../../../shared/domain";
import { CATEGORY_LABEL, type Category } from "../../../../shared/policy";
import type { ChildEntry, ConferenceSection, PersonRef, ScaleSummary } from "../../../../shared/views";
import { formatDate } from "../../lib/time";

/** Words for scaling, views and the decision, shared by the parts of the decision workspace. */

export const CATEGORIES = Object.keys(CATEGORY_LABEL) as Category[];

export const VIEW_LABEL: Record<ThresholdChoice, string> = {
  plan: "Child protection plan needed",
  no_plan: "Not needed (child in need)",
  abstain: "Abstains",
};

/** "Sally Social, Social worker, Children's social care". */
export function personWords(p: Pick<PersonRef, "name" | "role" | "agency">): string {
  return [p.name, roleWords(p)].filter(Boolean).join(", ");
}

/** "Social worker, Children's social care" or "Parent". */
export function roleWords(p: { role: Role; agency: string | null }): string {
  return p.agency ? `${ROLE_LABEL[p.role]}, ${p.agency}` : ROLE_LABEL[p.role];
}

export function categoryList(categories: readonly Category[]): string {
  return categories.map((c) => CATEGORY_LABEL[c]).join(", ");
}

/** "median 4.5, from 3 to 7 (4 scales)". */
export function summaryWords(s: ScaleSummary | null): string {
  if (!s) return "no scales yet";
  const range = s.min === s.max ? `all ${s.min}` : `from ${s.min} to ${s.max}`;
  return `median ${s.median}, ${range} (${s.count} ${s.count === 1 ? "scale" : "scales"})`;
}

/** "aged 10", "aged 8 months", "unborn, expected 3 March 2027": on the day of the conference. */
export function ageWords(child: ConferenceSection["children"][number], onDate: string): string {
  if (child.expectedDate && !child.dateOfBirth) return `unborn, expected ${formatDate(child.expectedDate)}`;
  if (!child.dateOfBirth) return "";
  const [by, bm, bd] = child.dateOfBirth.split("-").map(Number) as [number, number, number];
  const [cy, cm, cd] = onDate.split("-").map(Number) as [number, number, number];
  let months = (cy - by) * 12 + (cm - bm) - (cd < bd ? 1 : 0);
  if (months < 0) months = 0;
  if (months < 12) return months === 1 ? "aged 1 month" : `aged ${months} months`;
  return `aged ${Math.floor(months / 12)}`;
}

/** The rules the chair's decision is checked against, in words, shown before the chair decides. */
export function decisionRuleWords(
  policy: ConferenceSection["policy"],
  rule: ChildEntry["views"]["rule"],
): string[] {
  const lines: string[] = [];
  lines.push(
    policy.categories.mode === "exactly_one"
      ? "With a plan, choose exactly one category, even where harm falls under more than one."
      : "With a plan, choose one category, or more than one only where each meets the threshold.",
  );
  if (policy.categories.emotionalSecondaryNeedsSubstantialConcern)
    lines.push("Emotional abuse is a second category only where you state a substantial concern.");
  if (rule.mode === "majority_of_professionals") {
    lines.push(
      "A simple majority of the professionals' views decides. Where there is no majority, the chair decides.",
    );
    if (rule.overrideNeedsReason) lines.push("To decide against the majority, record why.");
  } else {
    lines.push("The chair decides after seeking consensus. The professionals' views inform the decision.");
  }
  if (rule.oneViewPerAgency) lines.push("One view per agency: the agency chooses who speaks for it.");
  return lines;
}

export function proceduresWords(policy: ConferenceSection["policy"]): string {
  return `This conference follows ${proceduresName(policy)}.`;
}

/** "2 for a plan, 1 against, 0 abstaining". */
export function tallyWords(t: ChildEntry["views"]["tally"]): string {
  return `${t.plan} for a plan, ${t.noPlan} against a plan (child in need), ${t.abstain} abstaining`;
}

export function majorityWords(t: ChildEntry["views"]["tally"]): string {
  if (t.majority === "plan") return "The majority is for a plan.";
  if (t.majority === "no_plan") return "The majority is against a plan.";
  return t.plan + t.noPlan === 0 ? "No views for or against a plan yet." : "There is no majority.";
}

/** "Tuesday 15 December 2026" for a calendar date: shared with the server's messages. */
export { longDate } from "../../../../shared/longDate";
