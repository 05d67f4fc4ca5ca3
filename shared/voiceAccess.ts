import { docAccess } from "./permissions";
import type { RoomState } from "./room";
import { hasFullView, principalOf, visibleTo } from "./visibility";

/**
 * May this participant fetch the file of this child's voice item now? Exactly when they could see
 * the item in a document they may open now: a full-view participant in the room (the state document);
 * a family member, or the person with them, who may open their projection (so not while excluded)
 * and whose projection holds the item. Everything else — no such item, no file, not theirs to see —
 * gets the same answer, so a refusal tells nothing about what exists.
 */
export function mayOpenVoiceFile(state: RoomState, participantId: string, contentId: string): boolean {
  const p = state.participants[participantId];
  const meta = Object.hasOwn(state.content, contentId) ? state.content[contentId] : undefined;
  const entry = Object.hasOwn(state.childsVoice, contentId) ? state.childsVoice[contentId] : undefined;
  if (!p || !meta || meta.kind !== "childs_voice" || !entry?.file) return false;
  const conferenceId = state.conference.id;
  if (hasFullView(p.role))
    return docAccess(state, p.id, { conferenceId, kind: "state" }) !== "none" && !meta.removed;
  const viewer = { participantId: p.id, role: p.role, supports: p.supports };
  const principalId = principalOf(viewer, state.participants);
  if (principalId === undefined) return false;
  if (docAccess(state, p.id, { conferenceId, kind: "view", principalId }) === "none") return false;
  return visibleTo(meta, viewer, state.participants);
}
