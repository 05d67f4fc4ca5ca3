import {
  type ConferenceKind,
  isAttachedRole,
  isFamilyRole,
  isProfessionalRole,
  ROLE_LABEL,
  Role,
} from "../../../../shared/domain";
import type { PresetName } from "../../../../shared/policy";
import type { ErrorItem } from "../../components/ErrorSummary";
import type { ApiIssue } from "../../lib/api";
import { londonLocalToIso } from "../../lib/time";

/**
 * The convening sheet as the form holds it, and the two translations the screen needs: form →
 * request body (ConferenceInput) and the server's validation issues → words beside each field.
 * Rules stay on the server: the form sends what was entered and shows what the server says.
 */

export interface ChildRow {
  key: string;
  name: string;
  dateOfBirth: string;
  expectedDate: string;
  subject: boolean;
}

export interface InviteeRow {
  key: string;
  name: string;
  role: Role | "";
  agency: string;
  directContact: boolean;
  /** The key of the family member's row this person is with. */
  supports: string;
}

export interface SheetForm {
  kind: ConferenceKind | "";
  title: string;
  date: string;
  time: string;
  policyProfile: PresetName | "";
  children: ChildRow[];
  invitees: InviteeRow[];
}

let nextKey = 1;
export const newKey = (): string => `r${nextKey++}`;

export const emptyChild = (): ChildRow => ({
  key: newKey(),
  name: "",
  dateOfBirth: "",
  expectedDate: "",
  subject: true,
});

export const emptyInvitee = (role: Role | "" = ""): InviteeRow => ({
  key: newKey(),
  name: "",
  role,
  agency: "",
  directContact: false,
  supports: "",
});

export const emptySheet = (): SheetForm => ({
  kind: "",
  title: "",
  date: "",
  time: "",
  policyProfile: "",
  children: [emptyChild()],
  invitees: [emptyInvitee("chair")],
});

/** Roles in the order an administrator thinks of them, with their labels. */
export const ROLE_OPTIONS = Role.options.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

/** Who names an agency: everyone but the family and the people with them. */
export function showsAgency(role: Role | ""): boolean {
  return role !== "" && !isFamilyRole(role) && !isAttachedRole(role);
}
/** Whose agency's direct contact with the child counts towards quorum. */
export function showsDirectContact(role: Role | ""): boolean {
  return role !== "" && isProfessionalRole(role);
}
export function showsSupports(role: Role | ""): boolean {
  return role !== "" && isAttachedRole(role);
}

/** A stable `ref` for a row, valid for the server's pattern (lower-case letters, digits, dashes). */
const refOf = (row: InviteeRow) => `p-${row.key.toLowerCase()}`;

/** The family members a supporter, advocate, solicitor or interpreter can be with. */
export function familyRows(form: SheetForm): InviteeRow[] {
  return form.invitees.filter((r) => r.role !== "" && isFamilyRole(r.role));
}

export interface SheetPayload {
  kind: string;
  title: string;
  scheduledStart: string;
  policyProfile: string;
  children: { name: string; dateOfBirth?: string; expectedDate?: string; subject: boolean }[];
  invitees: {
    ref?: string;
    name: string;
    role: string;
    agency?: string;
    directContact?: boolean;
    supports?: string;
  }[];
}

export function toPayload(form: SheetForm): SheetPayload {
  const family = new Set(familyRows(form).map((r) => r.key));
  return {
    kind: form.kind,
    title: form.title,
    scheduledStart: londonLocalToIso(form.date, form.time) ?? "",
    policyProfile: form.policyProfile,
    children: form.children.map((c) => ({
      name: c.name,
      ...(c.dateOfBirth ? { dateOfBirth: c.dateOfBirth } : {}),
      ...(c.expectedDate ? { expectedDate: c.expectedDate } : {}),
      subject: c.subject,
    })),
    invitees: form.invitees.map((r) => {
      const supported = form.invitees.find((f) => f.key === r.supports);
      return {
        ...(family.has(r.key) ? { ref: refOf(r) } : {}),
        name: r.name,
        role: r.role,
        ...(showsAgency(r.role) && r.agency.trim() ? { agency: r.agency } : {}),
        ...(showsDirectContact(r.role) ? { directContact: r.directContact } : {}),
        ...(showsSupports(r.role) && supported && family.has(supported.key)
          ? { supports: refOf(supported) }
          : {}),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Server issues → field ids and words
// ---------------------------------------------------------------------------------------------

const CHILD_FIELDS = new Set(["name", "dateOfBirth", "expectedDate", "subject"]);
const INVITEE_FIELDS = new Set(["name", "role", "agency", "directContact", "supports"]);

export const childFieldId = (i: number, field: string) => `children-${i}-${field}`;
export const inviteeFieldId = (i: number, field: string) => `invitees-${i}-${field}`;

/** The control an issue belongs to, by its dotted path (`invitees.2.agency`). */
export function fieldIdForIssue(path: string, form: SheetForm): string | undefined {
  const [head, index, field] = path.split(".");
  const i = Number(index);
  switch (head) {
    case "kind":
      return "kind";
    case "title":
      return "title";
    case "scheduledStart":
      return form.date && !form.time ? "start-time" : "start-date";
    case "policyProfile":
      return "policy-profile";
    case "children": {
      if (index === undefined) return form.children.length > 0 ? childFieldId(0, "subject") : "add-child";
      if (!(i < form.children.length)) return undefined;
      if (field === undefined) return childFieldId(i, "dateOfBirth");
      return childFieldId(i, CHILD_FIELDS.has(field) ? field : "name");
    }
    case "invitees": {
      if (index === undefined) return form.invitees.length > 0 ? inviteeFieldId(0, "role") : "add-invitee";
      const row = form.invitees[i];
      if (!row) return undefined;
      if (field === "supports" && !showsSupports(row.role)) return inviteeFieldId(i, "role");
      if (field === "agency" && !showsAgency(row.role)) return inviteeFieldId(i, "role");
      return inviteeFieldId(i, field && INVITEE_FIELDS.has(field) ? field : "name");
    }
    default:
      return undefined;
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Title is required", or "Person 2: A professional must name their agency". */
export function compose(label: string, message: string): string {
  const m = message.trim().replace(/\.$/, "");
  return /^(is|are|must|needs|names|has|at least|only)\b/.test(m)
    ? `${label} ${m}`
    : `${label}: ${capitalise(m)}`;
}

function person(form: SheetForm, i: number): string {
  const name = form.invitees[i]?.name.trim();
  return name ? `${name} (person ${i + 1})` : `person ${i + 1}`;
}

/** Plain words for one issue, in the GOV.UK way ("Enter…", "Choose…") where we know the case. */
export function issueText(issue: ApiIssue, form: SheetForm): string {
  const [head, index, field] = issue.path.split(".");
  const i = Number(index);
  const msg = issue.message;
  switch (head) {
    case "kind":
      return "Choose the kind of conference";
    case "title":
      return /required/.test(msg) ? "Enter a title for the conference" : compose("The title", msg);
    case "scheduledStart":
      if (!form.date && !form.time) return "Enter the date and time the conference starts";
      if (!form.date) return "Enter the date the conference starts";
      if (!form.time) return "Enter the time the conference starts";
      return "Enter a real date and time for the start of the conference";
    case "policyProfile":
      return "Choose the policy profile the conference follows";
    case "children": {
      if (index === undefined) {
        if (/pre-birth/.test(msg))
          return "Enter the expected date of birth of the unborn child: a pre-birth conference is about them";
        return /subject/.test(msg)
          ? "Tick at least one child as a subject of this conference"
          : compose("Children", msg);
      }
      const who = `child ${i + 1}`;
      if (field === undefined && /date/.test(msg))
        return `Enter a date of birth or an expected date for ${who}`;
      if (field === "name" && /required/.test(msg)) return `Enter the name of ${who}`;
      if (field === "dateOfBirth") return compose(`The date of birth of ${who}`, msg);
      if (field === "expectedDate") return compose(`The expected date for ${who}`, msg);
      return compose(capitalise(who), msg);
    }
    case "invitees": {
      if (index === undefined) {
        return /chair/.test(msg)
          ? "Invite a chair: every conference needs one"
          : compose("The invite list", msg);
      }
      const who = person(form, i);
      if (field === "name" && /required/.test(msg)) return `Enter the name of person ${i + 1}`;
      if (field === "role") return `Choose a role for ${who}`;
      if (field === "agency")
        return /required|must name/.test(msg)
          ? `Enter the agency ${who} works for`
          : compose(`The agency of ${who}`, msg);
      if (field === "supports") {
        if (/whom|names no/.test(msg)) return `Choose who ${who} is with`;
        if (/parent, carer or young person/.test(msg))
          return `${capitalise(who)} must be with a parent, carer or young person`;
      }
      return compose(capitalise(who), msg);
    }
    default:
      return compose(issue.path ? capitalise(issue.path) : "The convening sheet", msg);
  }
}

/** Issues as error-summary items and as messages keyed by field id (the first issue per field). */
export function mapIssues(
  issues: ApiIssue[],
  fieldFor: (path: string) => string | undefined,
  textFor: (issue: ApiIssue) => string,
): { summary: ErrorItem[]; byField: Map<string, string> } {
  const summary: ErrorItem[] = [];
  const byField = new Map<string, string>();
  const seen = new Set<string>();
  for (const issue of issues) {
    const text = textFor(issue);
    const fieldId = fieldFor(issue.path);
    const key = `${fieldId ?? ""}|${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    summary.push(fieldId ? { fieldId, text } : { text });
    if (fieldId && !byField.has(fieldId)) byField.set(fieldId, text);
  }
  return { summary, byField };
}
