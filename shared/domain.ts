import { z } from "zod";
import { Id } from "./ids";
import { PolicyProfile, PresetName } from "./policy";

/** Conference kinds (DOMAIN.md "What a conference is"). */
export const ConferenceKind = z.enum(["icpc", "rcpc", "pre_birth", "transfer_in"]);
export type ConferenceKind = z.infer<typeof ConferenceKind>;
export const CONFERENCE_KIND_LABEL: Record<ConferenceKind, string> = {
  icpc: "Initial child protection conference",
  rcpc: "Review child protection conference",
  pre_birth: "Pre-birth child protection conference",
  transfer_in: "Transfer-in child protection conference",
};

/** Roles (DOMAIN.md "Who takes part"). */
export const Role = z.enum([
  "chair",
  "minute_taker",
  "social_worker",
  "team_manager",
  "professional",
  "parent",
  "carer",
  "young_person",
  "supporter",
  "advocate",
  "solicitor",
  "interpreter",
  "observer",
]);
export type Role = z.infer<typeof Role>;
export const ROLE_LABEL: Record<Role, string> = {
  chair: "Chair",
  minute_taker: "Minute taker",
  social_worker: "Social worker",
  team_manager: "Team manager",
  professional: "Professional",
  parent: "Parent",
  carer: "Carer",
  young_person: "Young person",
  supporter: "Supporter",
  advocate: "Advocate",
  solicitor: "Solicitor",
  interpreter: "Interpreter",
  observer: "Observer",
};

/** Family members: the people a restricted view is computed for. */
export const FAMILY_ROLES = ["parent", "carer", "young_person"] as const satisfies readonly Role[];
/** People who hear exactly what the family member they are with hears (DOMAIN.md, `001` 7.4.6). */
export const ATTACHED_ROLES = [
  "supporter",
  "advocate",
  "solicitor",
  "interpreter",
] as const satisfies readonly Role[];
/** Professionals: give worries and scaling, a view on the threshold, may dissent. */
export const PROFESSIONAL_ROLES = [
  "social_worker",
  "team_manager",
  "professional",
] as const satisfies readonly Role[];

export function isFamilyRole(role: Role): role is (typeof FAMILY_ROLES)[number] {
  return (FAMILY_ROLES as readonly Role[]).includes(role);
}
export function isAttachedRole(role: Role): role is (typeof ATTACHED_ROLES)[number] {
  return (ATTACHED_ROLES as readonly Role[]).includes(role);
}
export function isProfessionalRole(role: Role): role is (typeof PROFESSIONAL_ROLES)[number] {
  return (PROFESSIONAL_ROLES as readonly Role[]).includes(role);
}

/** The agency every social worker and team manager belongs to; it counts towards quorum. */
export const CHILDRENS_SOCIAL_CARE = "Children's social care";

const Name = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");
const IsoDate = z.iso.date("must be a date like 2026-01-31");

export const Child = z
  .object({
    id: Id,
    name: Name,
    /** Date of birth, or absent for an unborn child. */
    dateOfBirth: IsoDate.optional(),
    /** Expected date of delivery, for a pre-birth conference. */
    expectedDate: IsoDate.optional(),
    /** Subject of the conference (gets its own decision), or another child in the household. */
    subject: z.boolean(),
  })
  .strict()
  .refine((c) => c.dateOfBirth !== undefined || c.expectedDate !== undefined, {
    message: "needs a date of birth or an expected date",
  });
export type Child = z.infer<typeof Child>;

export const Participant = z
  .object({
    id: Id,
    conferenceId: Id,
    role: Role,
    name: Name,
    /** The agency a professional represents (police, health visiting, school...). */
    agency: z.string().trim().max(200).optional(),
    /** Whether that agency has had direct contact with the child (counts towards quorum). */
    directContact: z.boolean(),
    /** For a supporter, advocate, solicitor or interpreter: the family member they are with. */
    supports: Id.optional(),
    /** Added by the chair or minute taker for someone in the room without a device. */
    inRoomOnly: z.boolean(),
    createdAt: z.number().int(),
  })
  .strict();
export type Participant = z.infer<typeof Participant>;

export const ConferenceStatus = z.enum(["scheduled", "open", "on_break", "ended"]);
export type ConferenceStatus = z.infer<typeof ConferenceStatus>;

export const Conference = z
  .object({
    id: Id,
    kind: ConferenceKind,
    title: Name,
    /** Scheduled start, ISO 8601 with offset. */
    scheduledStart: z.iso.datetime({ offset: true }),
    policyProfile: PolicyProfile,
    status: ConferenceStatus,
    children: z.array(Child).min(1),
    createdAt: z.number().int(),
  })
  .strict();
export type Conference = z.infer<typeof Conference>;

// ---------------------------------------------------------------------------------------------
// The convening sheet: what an administrator submits to create a conference (HTTP and CLI).
// ---------------------------------------------------------------------------------------------

/** A short local reference inside one convening sheet, so a supporter can name whom they support. */
const Ref = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be lower-case letters, digits and dashes");

export const InviteeInput = z
  .object({
    ref: Ref.optional(),
    name: Name,
    role: Role,
    agency: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters").optional(),
    directContact: z.boolean().default(false),
    /** The `ref` of the family member a supporter, advocate, solicitor or interpreter is with. */
    supports: Ref.optional(),
  })
  .strict();
export type InviteeInput = z.input<typeof InviteeInput>;
type Invitee = z.infer<typeof InviteeInput>;

export const ChildInput = z
  .object({
    name: Name,
    dateOfBirth: IsoDate.optional(),
    expectedDate: IsoDate.optional(),
    subject: z.boolean().default(true),
  })
  .strict()
  .refine((c) => c.dateOfBirth !== undefined || c.expectedDate !== undefined, {
    message: "needs a date of birth or an expected date",
  });

export const ConferenceInput = z
  .object({
    kind: ConferenceKind,
    title: Name,
    scheduledStart: z.iso.datetime({
      offset: true,
      message: "must be a date and time like 2026-12-01T10:00:00Z",
    }),
    /** A named preset, or a whole profile. */
    policyProfile: z.union([PresetName, PolicyProfile]),
    children: z.array(ChildInput).min(1, "at least one child").max(20),
    invitees: z.array(InviteeInput).max(200).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.children.some((c) => c.subject)) {
      ctx.addIssue({
        code: "custom",
        path: ["children"],
        message: "at least one child must be a subject child",
      });
    }
    // A pre-birth conference is about an unborn child (`001` 7.9.9: the expected date of birth goes
    // on the record).
    if (
      input.kind === "pre_birth" &&
      !input.children.some((c) => c.subject && c.expectedDate !== undefined)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["children"],
        message: "a pre-birth conference needs a subject child with an expected date of birth",
      });
    }
    const refs = new Map<string, Invitee>();
    input.invitees.forEach((inv, i) => {
      if (inv.ref === undefined) return;
      if (refs.has(inv.ref))
        ctx.addIssue({ code: "custom", path: ["invitees", i, "ref"], message: "is used twice" });
      refs.set(inv.ref, inv);
    });
    input.invitees.forEach((inv, i) => {
      validateInvitee(inv, i, refs, (path, message) => ctx.addIssue({ code: "custom", path, message }));
    });
    const chairs = input.invitees.filter((inv) => inv.role === "chair").length;
    if (chairs === 0 && input.invitees.length > 0) {
      ctx.addIssue({ code: "custom", path: ["invitees"], message: "must include a chair" });
    }
  });
export type ConferenceInput = z.input<typeof ConferenceInput>;

/** Rules for one invitee that need the rest of the sheet: attachments and agencies. */
export function validateInvitee(
  inv: Invitee,
  index: number,
  refs: Map<string, Invitee>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const attached = isAttachedRole(inv.role);
  if (attached && inv.supports === undefined) {
    issue(
      ["invitees", index, "supports"],
      "a supporter, advocate, solicitor or interpreter must say whom they are with",
    );
  }
  if (!attached && inv.supports !== undefined) {
    issue(
      ["invitees", index, "supports"],
      "only a supporter, advocate, solicitor or interpreter is with someone",
    );
  }
  if (attached && inv.supports !== undefined) {
    const target = refs.get(inv.supports);
    if (!target) issue(["invitees", index, "supports"], "names no invitee on this sheet");
    else if (!isFamilyRole(target.role))
      issue(["invitees", index, "supports"], "must name a parent, carer or young person");
  }
  if (inv.role === "professional" && inv.agency === undefined) {
    issue(["invitees", index, "agency"], "a professional must name their agency");
  }
}

/** One person added to an existing conference (convening sheet screen, or the chair in the room). */
export const AddParticipantInput = z
  .object({
    name: Name,
    role: Role,
    agency: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters").optional(),
    directContact: z.boolean().default(false),
    /** Participant id of the family member a supporter, advocate, solicitor or interpreter is with. */
    supports: Id.optional(),
  })
  .strict();
export type AddParticipantInput = z.input<typeof AddParticipantInput>;

/** What a join link's holder sees about an invitation (admin view of the sheet). */
export const InvitationSummary = z.object({
  participantId: Id,
  issuedAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  lastUsedAt: z.number().int().nullable(),
  boundToDevice: z.boolean(),
});
export type InvitationSummary = z.infer<typeof InvitationSummary>;

/** The agency a participant counts for in quorum: social care staff all count as one agency. */
export function agencyOf(p: Pick<Participant, "role" | "agency">): string | undefined {
  if (p.role === "social_worker" || p.role === "team_manager") return CHILDRENS_SOCIAL_CARE;
  if (p.role === "professional") return p.agency;
  return undefined;
}
