import { z } from "zod";
import { isAttachedRole, isFamilyRole, type Participant, type Role } from "./domain";
import { Id } from "./ids";

/**
 * The visibility model. Every piece of content has server-owned metadata keyed by an opaque id;
 * `visibleTo` decides, for one viewer, whether they may see it. Metadata changes only through
 * commands, so a client editing the professional document cannot change visibility or authorship.
 * New content is professionals-only until someone allowed to share it does: a half-typed item never
 * reaches a family screen.
 */

export const ContentKind = z.enum([
  "mapping_item",
  "danger_statement",
  "safety_goal",
  "family_contribution",
  "childs_voice",
  "minute_section",
]);
export type ContentKind = z.infer<typeof ContentKind>;

/** The Signs of Safety mapping areas (`000` ch.4, `002`). */
export const MappingArea = z.enum([
  "going_well",
  "worries_past_harm",
  "worries_future_danger",
  "grey_areas",
  "safety_factors",
  "complicating_factors",
  "next_steps",
]);
export type MappingArea = z.infer<typeof MappingArea>;
export const MAPPING_AREA_LABEL: Record<MappingArea, string> = {
  going_well: "What is going well",
  worries_past_harm: "Worries: past harm",
  worries_future_danger: "Worries: future danger",
  grey_areas: "Grey areas",
  safety_factors: "Safety factors",
  complicating_factors: "Complicating factors",
  next_steps: "What needs to happen next",
};

export const Audience = z.enum(["professionals", "family"]);
export type Audience = z.infer<typeof Audience>;

export const ContentMeta = z
  .object({
    id: Id,
    kind: ContentKind,
    area: MappingArea.optional(),
    /**
     * For a minute section: the agenda item it minutes (shared/room.ts AGENDA_ITEMS; checked by the
     * commands that create sections, kept a plain string here so this file needs nothing from room.ts).
     */
    agendaItem: z.string().min(1).max(40).optional(),
    /** Children of the household this item is about; empty means the whole household. */
    children: z.array(Id).max(20),
    authorId: Id,
    createdAt: z.number().int(),
    changedAt: z.number().int(),
    /** Professionals only, or shared with the family. */
    audience: Audience,
    /** Family members (their principal ids) this is withheld from, with the reason recorded. */
    withheldFrom: z.array(Id).max(50),
    /** Shared items reach a young person only when the chair chooses (`003` std 3). */
    forYoungPeople: z.boolean(),
    /** Family members this is held from because it was made or changed while they were excluded. */
    heldFrom: z.array(Id).max(50),
    /**
     * Family members who had left the meeting (or been removed or sent back to the lobby) when this
     * was made or last changed. It does not change what they see live; their copy of the record
     * leaves it out unless the chair chooses otherwise (shared/recordCopy.ts).
     */
    missedBy: z.array(Id).max(50).optional(),
    /** Set when the chair has decided the visibility: the author can no longer change it. */
    chairDecided: z.boolean(),
    removed: z.boolean(),
    /** A child's voice: the young person whose views these are always sees them (shared/childsVoice.ts). */
    voiceOf: Id.optional(),
  })
  .strict();
export type ContentMeta = z.infer<typeof ContentMeta>;

/** Who is looking: a participant, reduced to what visibility depends on. */
export interface Viewer {
  participantId: string;
  role: Role;
  /** For a supporter, advocate, solicitor or interpreter: the family member they are with. */
  supports?: string | undefined;
}

/** Roles that see the full room (everything not removed). */
export function hasFullView(role: Role): boolean {
  return !isFamilyRole(role) && !isAttachedRole(role);
}

/**
 * The family member whose restricted view this viewer has: themselves for a parent, carer or young
 * person; the person they are with for a supporter, advocate, solicitor or interpreter; undefined
 * for a full-view participant.
 */
export function principalOf(
  viewer: Viewer,
  participants: Readonly<Record<string, Participant>>,
): string | undefined {
  if (isFamilyRole(viewer.role)) return viewer.participantId;
  if (isAttachedRole(viewer.role)) {
    const target = viewer.supports ? participants[viewer.supports] : undefined;
    return target && isFamilyRole(target.role) ? target.id : undefined;
  }
  return undefined;
}

/**
 * May this viewer see this content? `participants` resolves authors and attachments. Pure; the
 * server calls it for every projection and the tests call it for every case.
 */
export function visibleTo(
  content: ContentMeta,
  viewer: Viewer,
  participants: Readonly<Record<string, Participant>>,
): boolean {
  if (content.removed) return false;
  if (hasFullView(viewer.role)) return true;
  const principalId = principalOf(viewer, participants);
  // An attached person whose family member is unknown sees nothing rather than guessing.
  if (principalId === undefined) return false;
  const principal = participants[principalId];
  if (!principal) return false;

  // A family member always sees what their own group wrote, wherever it stands.
  const author = participants[content.authorId];
  if (author && groupOf(author, participants) === principalId) return true;
  // A young person sees their own views, whoever typed or uploaded them for them.
  if (content.voiceOf !== undefined && content.voiceOf === principalId) return true;

  if (content.audience !== "family") return false;
  if (content.withheldFrom.includes(principalId)) return false;
  if (content.heldFrom.includes(principalId)) return false;
  if (principal.role === "young_person" && !content.forYoungPeople) return false;
  return true;
}

/** The family group a participant writes for: their own id if family, their principal if attached. */
function groupOf(p: Participant, participants: Readonly<Record<string, Participant>>): string | undefined {
  return principalOf({ participantId: p.id, role: p.role, supports: p.supports }, participants);
}
