import { z } from "zod";
import { isFamilyRole, type Participant } from "./domain";
import { Id } from "./ids";
import type { CommandError } from "./protocol";
import type { RoomState } from "./room";
import { boundedText } from "./textLimits";
import { Audience, type ContentMeta, principalOf } from "./visibility";

/**
 * The child's voice (`002` agenda; `003` std 3): a young person, or their advocate or social worker
 * for them, brings their views into the meeting — written words, a letter or a picture, before or
 * during it. Each is content of kind `childs_voice` under the visibility model, shown under the
 * child's voice agenda item and kept for the record.
 *
 * The young person chooses who sees it and the chair confirms: the choice (the "wish") narrows who
 * sees it at once — nothing wished away ever waits for the chair — and widens only when the chair
 * confirms it. Until then it is for the professionals only. The young person whose views these are
 * always sees them, whoever typed or uploaded them (`ContentMeta.voiceOf`).
 *
 * Pure: `can` (shared/permissions.ts) has checked the actor is in the room, not muted or excluded,
 * and hands the voice commands to `canForVoice`; table-tested in test/unit/childs-voice.test.ts.
 */

export const VoiceForm = z.enum(["words", "letter", "picture"]);
export type VoiceForm = z.infer<typeof VoiceForm>;

/** The files a letter or picture may be, told by their first bytes (never by name or header). */
export const VOICE_FILE_TYPES = ["image/png", "image/jpeg", "application/pdf"] as const;
export type VoiceFileType = (typeof VOICE_FILE_TYPES)[number];
/** Five MiB: a phone photo of a drawing or a scanned letter, with room to spare. */
export const VOICE_MAX_BYTES = 5 * 1024 * 1024;

/** Who the young person wants to see it. "family": everyone in the meeting, except those named. */
export const VoiceWish = z
  .object({
    audience: Audience,
    notShownTo: z.array(Id).max(20).default([]),
  })
  .strict();
export type VoiceWish = z.infer<typeof VoiceWish>;

/** The longest a child's voice item's title may be (characters: shared/textLimits.ts). */
export const VOICE_TITLE_LIMIT = 200;

/** What words and files share: a title, whose voice it is, which children it is about, the wish. */
export const voiceFields = {
  title: boundedText(VOICE_TITLE_LIMIT).default(""),
  /** The young person taking part whose views these are; null for a child who is not taking part. */
  youngPersonId: Id.nullable().default(null),
  /** The children of the household it is about (for a child not taking part: that child). */
  children: z.array(Id).max(20).default([]),
  wish: VoiceWish,
};

export interface VoiceEntry {
  contentId: string;
  form: VoiceForm;
  title: string;
  youngPersonId: string | null;
  /** A letter's or picture's file: its type and size. The bytes are in the store's attachments. */
  file: { mime: VoiceFileType; size: number } | null;
  wish: VoiceWish;
  /** Who set the wish: the young person, the person with them, the author or the chair. */
  wishBy: string;
  /** Family members withheld from because of her wishes (a wider wish, once confirmed, undoes them). */
  wishWithheld: string[];
  confirmed: { by: string; at: number } | null;
}

export type VoiceEvent =
  | { type: "voice.added"; entry: VoiceEntry }
  | { type: "voice.wished"; contentId: string; wish: VoiceWish; by: string; added: string[] }
  | { type: "voice.confirmed"; contentId: string; by: string };

export function applyVoiceEvent(voices: Record<string, VoiceEntry>, event: VoiceEvent, at: number): void {
  switch (event.type) {
    case "voice.added":
      voices[event.entry.contentId] = event.entry;
      return;
    case "voice.wished": {
      const v = voices[event.contentId];
      if (!v) return;
      voices[event.contentId] = {
        ...v,
        wish: event.wish,
        wishBy: event.by,
        wishWithheld: [...new Set([...v.wishWithheld, ...event.added])],
        confirmed: null,
      };
      return;
    }
    case "voice.confirmed": {
      const v = voices[event.contentId];
      // What stays withheld because of her wish; a later, wider wish the chair confirms undoes it.
      if (v)
        voices[event.contentId] = {
          ...v,
          wishWithheld: [...v.wish.notShownTo],
          confirmed: { by: event.by, at },
        };
      return;
    }
  }
}

/** Roles that bring a child's voice for a young person or a child: the social worker and the chair. */
const FOR_CHILDREN: readonly Participant["role"][] = ["social_worker", "team_manager", "chair"];

type Verdict = { ok: true } | { ok: false; error: CommandError };
const OK: Verdict = { ok: true };
const refuse = (code: CommandError["code"], message: string): Verdict => ({
  ok: false,
  error: { code, message },
});

function groupOf(state: RoomState, p: Participant): string | undefined {
  return principalOf({ participantId: p.id, role: p.role, supports: p.supports }, state.participants);
}

/** The young person whose voice this actor may bring: themselves, the one they are with, or any. */
export function voiceSpeakerFor(state: RoomState, actor: Participant): "self" | "for" | "none" {
  const group = groupOf(state, actor);
  if (group !== undefined) return state.participants[group]?.role === "young_person" ? "self" : "none";
  return FOR_CHILDREN.includes(actor.role) ? "for" : "none";
}

export interface VoiceInput {
  youngPersonId: string | null;
  children: string[];
  wish: VoiceWish;
}

/**
 * May this actor bring a child's voice with these details? (Words by command; a letter or picture by
 * the upload endpoint, which asks the same question through `can` with `voice.write`.)
 */
export function canBringVoice(
  state: RoomState,
  actor: Participant,
  input: VoiceInput,
  chair: boolean,
): Verdict {
  const speaker = voiceSpeakerFor(state, actor);
  if (speaker === "none" || (actor.role === "chair" && !chair))
    return refuse(
      "forbidden",
      "Only a young person, the person with them, their social worker or the chair can bring the child's voice.",
    );
  for (const child of input.children) {
    if (!state.conference.children.some((c) => c.id === child))
      return refuse("validation_failed", "That child is not part of this conference.");
  }
  if (speaker === "self") {
    const own = groupOf(state, actor);
    if (input.youngPersonId !== null && input.youngPersonId !== own)
      return refuse("forbidden", "You can only bring your own views.");
  } else if (input.youngPersonId !== null) {
    if (state.participants[input.youngPersonId]?.role !== "young_person")
      return refuse("validation_failed", "Choose a young person taking part in this conference.");
  } else if (input.children.length === 0) {
    return refuse("validation_failed", "Say whose views these are: a young person or a child.");
  }
  return checkWish(state, input.wish);
}

function checkWish(state: RoomState, wish: VoiceWish): Verdict {
  for (const id of wish.notShownTo) {
    const p = state.participants[id];
    if (!p || !isFamilyRole(p.role))
      return refuse("validation_failed", "A child's views can only be kept from family members.");
  }
  return OK;
}

/** The young person whose voice this actor speaks for, when writing it now. */
export function resolveYoungPerson(
  state: RoomState,
  actor: Participant,
  requested: string | null,
): string | null {
  return voiceSpeakerFor(state, actor) === "self" ? (groupOf(state, actor) ?? null) : requested;
}

/** May this actor change who the young person wants to see the item? */
export function canWish(
  state: RoomState,
  actor: Participant,
  contentId: string,
  wish: VoiceWish,
  chair: boolean,
): Verdict {
  const found = voiceItem(state, contentId);
  if (!found.ok) return found;
  const { meta, entry } = found;
  const group = groupOf(state, actor);
  const speaksForThem = entry.youngPersonId !== null && group === entry.youngPersonId;
  if (!chair && !speaksForThem && meta.authorId !== actor.id)
    return refuse(
      "forbidden",
      "Only the young person, the person with them, the author or the chair can change this.",
    );
  return checkWish(state, wish);
}

export function canConfirm(state: RoomState, contentId: string, chair: boolean): Verdict {
  if (!chair) return refuse("not_chair", "Only the chair confirms who sees a child's views.");
  const found = voiceItem(state, contentId);
  if (!found.ok) return found;
  if (found.entry.confirmed) return refuse("conflict", "The chair has already confirmed this.");
  return OK;
}

function voiceItem(
  state: RoomState,
  contentId: string,
): { ok: true; meta: ContentMeta; entry: VoiceEntry } | { ok: false; error: CommandError } {
  const meta = state.content[contentId];
  const entry = state.childsVoice[contentId];
  if (!meta || meta.removed || meta.kind !== "childs_voice" || !entry)
    return { ok: false, error: { code: "content_not_found", message: "There is no such item." } };
  return { ok: true, meta, entry };
}

/** What a new wish changes at once: it only ever narrows (unshares, withholds). */
export function narrowByWish(
  meta: ContentMeta,
  wish: VoiceWish,
): { changes: Partial<ContentMeta>; added: string[] } {
  const added = wish.notShownTo.filter((id) => !meta.withheldFrom.includes(id));
  const changes: Partial<ContentMeta> = {};
  if (wish.audience === "professionals" && meta.audience !== "professionals")
    changes.audience = "professionals";
  if (added.length > 0) changes.withheldFrom = [...meta.withheldFrom, ...added];
  return { changes, added };
}

/**
 * What the chair's confirmation sets: the audience the young person chose; withheld from those
 * they named, and from anyone withheld otherwise (the chair, a split conference) — a wider wish
 * undoes only what earlier wishes withheld.
 */
export function confirmedVisibility(meta: ContentMeta, entry: VoiceEntry): Partial<ContentMeta> {
  const undo = entry.wishWithheld.filter((id) => !entry.wish.notShownTo.includes(id));
  const kept = meta.withheldFrom.filter((id) => !undo.includes(id));
  return {
    audience: entry.wish.audience,
    withheldFrom: [...new Set([...kept, ...entry.wish.notShownTo])],
    // A young person's own words are for young people too, once they chose to share them.
    forYoungPeople: entry.wish.audience === "family",
  };
}
