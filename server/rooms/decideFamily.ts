import {
  confirmedVisibility,
  narrowByWish,
  resolveYoungPerson,
  type VoiceEntry,
  type VoiceFileType,
  type VoiceForm,
  type VoiceWish,
} from "../../shared/childsVoice";
import { newId } from "../../shared/ids";
import { isActiveChair } from "../../shared/permissions";
import type { CommandOf } from "../../shared/protocol";
import type { Exclusion, RoomEvent, RoomState } from "../../shared/room";
import { groupOfParticipant, partChanges, splitWithholdFrom } from "../../shared/split";
import type { ContentMeta } from "../../shared/visibility";
import type { Decision } from "./decide";

/**
 * What the family commands do, as events: split conferences and the child's voice. Pure, like
 * `decide` (which hands these commands here): `can` has already said yes.
 */

/** A part of a split conference: the others go out on the family_conflict ground, those named come back. */
export function decideSplitPart(
  state: RoomState,
  actorId: string,
  command: CommandOf<"split.part">,
  at: number,
): Decision {
  const { exclude, bringBack } = partChanges(state, command.present);
  const planned = state.conference.status === "scheduled";
  // Out first, then back: at no point are both sides in the room together.
  const events: RoomEvent[] = [
    ...exclude.map(
      (participantId): RoomEvent => ({
        type: "exclusion.started",
        exclusion: {
          id: newId(),
          participantId,
          ground: "family_conflict",
          note: command.note,
          by: actorId,
          startAt: at,
          endAt: null,
          planned,
        } satisfies Exclusion,
      }),
    ),
    ...bringBack.map((participantId): RoomEvent => ({ type: "exclusion.ended", participantId })),
  ];
  return {
    events,
    audit: {
      target: null,
      detail: { present: command.present, excluded: exclude, back: bringBack, planned },
    },
  };
}

export function decideSplitEnd(state: RoomState): Decision {
  const back = state.exclusions
    .filter((e) => e.endAt === null && e.ground === "family_conflict")
    .map((e) => e.participantId);
  return {
    events: back.map((participantId): RoomEvent => ({ type: "exclusion.ended", participantId })),
    audit: { target: null, detail: { back } },
  };
}

/** A family member's own words: withheld from the other side of a split conference, if one runs. */
export function familyWithholding(state: RoomState, actorId: string): string[] {
  return splitWithholdFrom(state, groupOfParticipant(state, actorId));
}

export interface VoiceDetails {
  form: VoiceForm;
  text: string;
  title: string;
  youngPersonId: string | null;
  children: string[];
  wish: VoiceWish;
  file: { mime: VoiceFileType; size: number } | null;
}

/** A child's voice item: the content (for the professionals until the chair confirms) and its entry. */
export function decideVoice(state: RoomState, actorId: string, details: VoiceDetails, at: number): Decision {
  const actor = state.participants[actorId]!;
  const youngPersonId = resolveYoungPerson(state, actor, details.youngPersonId);
  const notShownTo = details.wish.notShownTo.filter((id) => id !== youngPersonId);
  const wish = { ...details.wish, notShownTo };
  const withheldFrom = [...new Set([...familyWithholding(state, actorId), ...notShownTo])];
  const id = newId();
  const meta: ContentMeta = {
    id,
    kind: "childs_voice",
    children: details.children,
    authorId: actorId,
    createdAt: at,
    changedAt: at,
    audience: "professionals",
    withheldFrom,
    forYoungPeople: false,
    heldFrom: [],
    chairDecided: false,
    removed: false,
    ...(youngPersonId !== null ? { voiceOf: youngPersonId } : {}),
  };
  const entry: VoiceEntry = {
    contentId: id,
    form: details.form,
    title: details.title,
    youngPersonId,
    file: details.file,
    wish,
    wishBy: actorId,
    wishWithheld: notShownTo,
    confirmed: null,
  };
  return {
    events: [
      { type: "content.created", meta, text: details.text },
      { type: "voice.added", entry },
    ],
    result: { contentId: id },
    audit: {
      target: id,
      // Never the words or the file: the record of who brought what, in what form, for whom.
      detail: {
        form: details.form,
        youngPersonId,
        children: details.children,
        wish,
        ...(details.file ? { mime: details.file.mime, size: details.file.size } : {}),
      },
    },
  };
}

export function decideWish(
  state: RoomState,
  actorId: string,
  command: CommandOf<"voice.wish">,
  at: number,
): Decision {
  const meta = state.content[command.contentId]!;
  const entry = state.childsVoice[command.contentId]!;
  const notShownTo = command.wish.notShownTo.filter((id) => id !== entry.youngPersonId);
  const wish = { ...command.wish, notShownTo };
  const { changes, added } = narrowByWish(meta, wish);
  const events: RoomEvent[] = [{ type: "voice.wished", contentId: meta.id, wish, by: actorId, added }];
  if (Object.keys(changes).length > 0)
    events.push({ type: "content.changed", contentId: meta.id, changes, at });
  return { events, audit: { target: meta.id, detail: { wish, narrowed: changes } } };
}

export function decideConfirm(
  state: RoomState,
  actorId: string,
  command: CommandOf<"voice.confirm">,
  at: number,
): Decision {
  const meta = state.content[command.contentId]!;
  const entry = state.childsVoice[command.contentId]!;
  const changes = {
    ...confirmedVisibility(meta, entry),
    ...(isActiveChair(state, actorId) ? { chairDecided: true } : {}),
  };
  return {
    events: [
      { type: "voice.confirmed", contentId: meta.id, by: actorId },
      { type: "content.changed", contentId: meta.id, changes, at },
    ],
    audit: { target: meta.id, detail: { wish: entry.wish, ...changes } },
  };
}
