import { canForChild } from "./childPermissions";
import { canBringVoice, canConfirm, canWish } from "./childsVoice";
import { isFamilyRole, type Participant, type Role } from "./domain";
import type { Command, CommandError, DocRef } from "./protocol";
import { assessRoomQuorum } from "./quorum";
import { canRecord, gateAfterEnd, recordDocAccess } from "./recordPermissions";
import { activeExclusion, type RoomState } from "./room";
import { canStartPart, outOfPart } from "./split";
import { hasFullView, principalOf } from "./visibility";

/**
 * Who may do what, decided in one place. Pure functions over the room state, table-tested
 * (test/unit/permissions.test.ts). The server calls `docAccess` on every Yjs connection and
 * `can` on every command; the client only reflects what the server sends.
 */

export type Access = "write" | "read" | "none";

/** Roles that write the professional document: the mapping, danger statement, goals, minutes. */
const PROFESSIONAL_WRITERS: readonly Role[] = [
  "chair",
  "minute_taker",
  "social_worker",
  "team_manager",
  "professional",
];

export function isActiveChair(state: RoomState, participantId: string): boolean {
  return state.chairId === participantId && state.participants[participantId]?.role === "chair";
}

function inRoom(state: RoomState, participantId: string): boolean {
  return state.attendance[participantId]?.presence === "in_room";
}

/** What this participant may do with this document now. */
export function docAccess(state: RoomState, participantId: string, doc: DocRef): Access {
  const p = state.participants[participantId];
  if (!p || doc.conferenceId !== state.conference.id) return "none";
  // After the end: the record stage (shared/recordPermissions.ts).
  if (state.conference.status === "ended") return recordDocAccess(state, p, doc);
  if (!inRoom(state, participantId)) return "none";
  switch (doc.kind) {
    case "professional": {
      if (!hasFullView(p.role)) return "none";
      const writer = PROFESSIONAL_WRITERS.includes(p.role) && !state.attendance[p.id]?.muted;
      return writer ? "write" : "read";
    }
    case "state":
      return hasFullView(p.role) ? "read" : "none";
    case "view": {
      const principal = state.participants[doc.principalId];
      if (!principal || !isFamilyRole(principal.role)) return "none";
      // The chair previews a family member's view exactly as they see it.
      if (isActiveChair(state, p.id)) return "read";
      // Out of the meeting: a waiting screen, and nothing new arrives.
      if (activeExclusion(state, principal.id)) return "none";
      // Removed or refused entry: nothing more reaches them, nor through the person with them.
      const presence = state.attendance[principal.id]?.presence;
      if (presence === "removed" || presence === "refused") return "none";
      return principalOf({ participantId: p.id, role: p.role, supports: p.supports }, state.participants) ===
        principal.id
        ? "read"
        : "none";
    }
  }
}

/** Every document this participant may open now, for the client to connect to. */
export function accessibleDocs(state: RoomState, participantId: string): { ref: DocRef; access: Access }[] {
  const p = state.participants[participantId];
  if (!p) return [];
  const conferenceId = state.conference.id;
  const refs: DocRef[] = [
    { conferenceId, kind: "professional" },
    { conferenceId, kind: "state" },
  ];
  const principal = principalOf(
    { participantId: p.id, role: p.role, supports: p.supports },
    state.participants,
  );
  if (principal) refs.push({ conferenceId, kind: "view", principalId: principal });
  return refs
    .map((ref) => ({ ref, access: docAccess(state, participantId, ref) }))
    .filter((d) => d.access !== "none");
}

type Verdict = { ok: true } | { ok: false; error: CommandError };
const OK: Verdict = { ok: true };
const refuse = (code: CommandError["code"], message: string): Verdict => ({
  ok: false,
  error: { code, message },
});

/** May this participant run this command now? */
export function can(state: RoomState, actorId: string, command: Command): Verdict {
  const actor = state.participants[actorId];
  if (!actor) return refuse("forbidden", "You are not part of this conference.");
  const attendance = state.attendance[actorId];
  // After the end only the record stage goes on (shared/recordPermissions.ts); the meeting is over,
  // so presence, exclusions and muting no longer apply.
  const ended = state.conference.status === "ended";
  if (ended) {
    const gate = gateAfterEnd(state, actorId, command);
    if (gate) return gate;
  }

  if (command.type === "confidentiality.accept") {
    switch (attendance?.presence ?? "invited") {
      case "invited":
      case "left":
        return OK;
      case "removed":
        return refuse("forbidden", "The chair has asked you to leave this conference.");
      case "refused":
        return refuse("forbidden", "The chair has not let you into this conference.");
      default:
        return refuse("conflict", "You have already joined.");
    }
  }

  if (!ended && !inRoom(state, actorId))
    return refuse("not_in_room", "You are not in the conference room yet.");
  if (command.type === "leave") return OK;
  const group = principalOf(
    { participantId: actor.id, role: actor.role, supports: actor.supports },
    state.participants,
  );
  if (!ended && group && activeExclusion(state, group) && command.type !== "family.viewsForChair") {
    return refuse("excluded", "You are out of the meeting for now. You can send your views to the chair.");
  }
  if (!ended && group && group !== actor.id) {
    const presence = state.attendance[group]?.presence;
    if (presence === "removed" || presence === "refused")
      return refuse(
        "forbidden",
        "The chair has asked the person you are with to leave, so you cannot take part for them now.",
      );
  }
  if (!ended && attendance?.muted) {
    return refuse("muted", "The chair has muted you. You can still see and hear the conference.");
  }

  const chair = isActiveChair(state, actorId);
  const register = chair || actor.role === "minute_taker";
  const status = state.conference.status;
  const targetOf = (participantId: string) => state.participants[participantId];
  const presenceOf = (participantId: string) => state.attendance[participantId]?.presence ?? "invited";

  switch (command.type) {
    case "conference.start":
    case "conference.break":
    case "conference.resume":
    case "conference.end":
    case "room.settings":
    case "quorum.proceedInquorate": {
      if (!chair) return refuse("not_chair", "Only the chair can do this.");
      if (command.type === "conference.start" && status !== "scheduled")
        return refuse("conflict", "The conference has already started.");
      if (command.type === "conference.break" && status !== "open")
        return refuse("conflict", "The conference is not running.");
      if (command.type === "conference.resume" && status !== "on_break")
        return refuse("conflict", "The conference is not on a break.");
      if (command.type === "quorum.proceedInquorate" && assessRoomQuorum(state).quorate) {
        return refuse("conflict", "The conference is quorate.");
      }
      return OK;
    }
    case "lobby.message":
    case "participant.warn":
    case "participant.toLobby":
    case "participant.readmit":
    case "device.admit":
    case "hand.dismiss":
    case "chair.handover": {
      if (!chair) return refuse("not_chair", "Only the chair can do this.");
      const target = targetOf(command.participantId);
      if (!target) return refuse("participant_not_found", "There is no such participant in this conference.");
      if (target.id === actorId) return refuse("conflict", "The chair cannot do this to themselves.");
      const presence = presenceOf(target.id);
      switch (command.type) {
        case "lobby.message":
          return presence === "lobby" ? OK : refuse("conflict", "That person is not waiting in the lobby.");
        case "participant.warn":
        case "participant.toLobby":
          return presence === "in_room" ? OK : refuse("conflict", "That person is not in the room.");
        case "participant.readmit":
          return presence === "removed" || presence === "refused"
            ? OK
            : refuse("conflict", "That person has not been removed or refused.");
        case "device.admit":
          return state.attendance[target.id]?.deviceRequestedAt
            ? OK
            : refuse("conflict", "No second device is waiting for that person.");
        case "hand.dismiss":
          return state.attendance[target.id]?.handRaisedAt
            ? OK
            : refuse("conflict", "That person's hand is not raised.");
        case "chair.handover":
          if (target.role !== "chair")
            return refuse("validation_failed", "Only someone invited as a chair can take the chair.");
          if (presence !== "in_room") return refuse("conflict", "The new chair must be in the room.");
          // A muted chair could do nothing, not even unmute themselves, and nobody else could.
          return state.attendance[target.id]?.muted
            ? refuse("conflict", "Unmute them first: a muted chair could not run the conference.")
            : OK;
      }
      return OK;
    }
    case "attendance.inRoom":
    case "attendance.apologies":
    case "attendance.left": {
      if (!register) return refuse("forbidden", "Only the chair or the minute taker keeps the register.");
      const target = targetOf(command.participantId);
      if (!target) return refuse("participant_not_found", "There is no such participant in this conference.");
      const presence = presenceOf(target.id);
      if (presence === "removed" || presence === "refused")
        return refuse("conflict", "The chair has not let that person in.");
      if (command.type === "attendance.left" && presence !== "in_room")
        return refuse("conflict", "That person is not in the room.");
      if (command.type !== "attendance.left" && presence === "in_room")
        return refuse("conflict", "That person is already in the room.");
      return OK;
    }
    case "participant.addInRoom":
      if (!register) return refuse("forbidden", "Only the chair or the minute taker keeps the register.");
      if (command.role === "professional" && !command.agency)
        return refuse("validation_failed", "A professional must name their agency.");
      return OK;
    case "hand.raise":
      return state.attendance[actorId]?.handRaisedAt
        ? refuse("conflict", "Your hand is already raised.")
        : OK;
    case "hand.lower":
      return state.attendance[actorId]?.handRaisedAt ? OK : refuse("conflict", "Your hand is not raised.");
    case "chat.send":
      if (!PROFESSIONAL_WRITERS.includes(actor.role))
        return refuse("forbidden", "The chat is for the professionals running the meeting.");
      return OK;
    case "chat.toRecord":
      if (!chair) return refuse("not_chair", "Only the chair adds a chat message to the record.");
      return state.chat.some((m) => m.id === command.messageId)
        ? OK
        : refuse("not_found", "There is no such message.");
    case "lobby.admit":
    case "lobby.refuse":
    case "participant.mute":
    case "participant.unmute":
    case "participant.remove": {
      if (!chair) return refuse("not_chair", "Only the chair can do this.");
      const target = state.participants[command.participantId];
      if (!target) return refuse("participant_not_found", "There is no such participant in this conference.");
      if (target.id === actorId) return refuse("conflict", "The chair cannot do this to themselves.");
      const presence = state.attendance[target.id]?.presence;
      if ((command.type === "lobby.admit" || command.type === "lobby.refuse") && presence !== "lobby") {
        return refuse("conflict", "That person is not waiting in the lobby.");
      }
      if (command.type === "participant.mute" && state.attendance[target.id]?.muted) {
        return refuse("conflict", "That person is already muted.");
      }
      if (command.type === "participant.unmute" && !state.attendance[target.id]?.muted) {
        return refuse("conflict", "That person is not muted.");
      }
      if (command.type === "participant.remove" && presence === "removed") {
        return refuse("conflict", "That person has already been removed.");
      }
      return OK;
    }
    case "agenda.move":
      if (!chair) return refuse("not_chair", "Only the chair can move the agenda.");
      if (command.index >= state.agenda.items.length)
        return refuse("validation_failed", "There is no such agenda item.");
      return OK;
    case "content.create":
      if (!PROFESSIONAL_WRITERS.includes(actor.role))
        return refuse("forbidden", "Your role cannot add to the mapping.");
      for (const child of command.children) {
        if (!state.conference.children.some((c) => c.id === child)) {
          return refuse("validation_failed", "That child is not part of this conference.");
        }
      }
      return OK;
    case "content.move": {
      if (!PROFESSIONAL_WRITERS.includes(actor.role))
        return refuse("forbidden", "Your role cannot reorder the mapping.");
      const meta = state.content[command.contentId];
      if (!meta || meta.removed) return refuse("content_not_found", "There is no such item.");
      if (command.before !== null && !state.content[command.before])
        return refuse("content_not_found", "There is no such item.");
      return OK;
    }
    case "content.attribute":
    case "content.children": {
      const meta = state.content[command.contentId];
      if (!meta || meta.removed) return refuse("content_not_found", "There is no such item.");
      if (!chair && meta.authorId !== actorId)
        return refuse("forbidden", "Only the item's author or the chair can do this.");
      if (command.type === "content.attribute") {
        const to = targetOf(command.authorId);
        if (!to || !PROFESSIONAL_WRITERS.includes(to.role))
          return refuse("validation_failed", "Items can be attributed to professionals only.");
      } else {
        for (const child of command.children) {
          if (!state.conference.children.some((c) => c.id === child))
            return refuse("validation_failed", "That child is not part of this conference.");
        }
      }
      return OK;
    }
    case "content.remove":
    case "content.share":
    case "content.unshare":
    case "content.withhold":
    case "content.release":
    case "content.youngPeople": {
      const meta = state.content[command.contentId];
      if (!meta || meta.removed) return refuse("content_not_found", "There is no such item.");
      if (command.type === "content.youngPeople" && !chair) {
        return refuse("not_chair", "Only the chair chooses what a young person sees.");
      }
      if (!chair) {
        if (meta.authorId !== actorId)
          return refuse("forbidden", "Only the item's author or the chair can do this.");
        if (meta.chairDecided) return refuse("forbidden", "The chair has decided who sees this item.");
        if (!PROFESSIONAL_WRITERS.includes(actor.role))
          return refuse("forbidden", "Your role cannot do this.");
      }
      if (command.type === "content.withhold" || command.type === "content.release") {
        for (const id of command.from) {
          if (!isFamily(state.participants[id]))
            return refuse("validation_failed", "Items can only be withheld from family members.");
        }
      }
      return OK;
    }
    case "exclusion.start":
    case "exclusion.end":
    case "exclusion.release": {
      if (!chair) return refuse("not_chair", "Only the chair decides exclusions.");
      const target = targetOf(command.participantId);
      if (!target || !isFamilyRole(target.role)) {
        return refuse(
          "validation_failed",
          "Only a parent, carer or young person can be excluded (the people with them go too).",
        );
      }
      const running = activeExclusion(state, target.id);
      if (command.type === "exclusion.start" && running)
        return refuse("conflict", "That person is already out of the meeting.");
      if (command.type === "exclusion.end" && !running)
        return refuse("conflict", "That person is not excluded.");
      if (command.type === "exclusion.release" && command.contentIds !== "all") {
        for (const id of command.contentIds) {
          if (!state.content[id]?.heldFrom.includes(target.id))
            return refuse("content_not_found", "That item is not held from this person.");
        }
      }
      return OK;
    }
    case "family.viewsForChair":
      if (!group)
        return refuse(
          "forbidden",
          "Only a family member, or the person with them, can send views to the chair.",
        );
      return OK;
    case "family.contribute":
      if (
        !principalOf(
          { participantId: actor.id, role: actor.role, supports: actor.supports },
          state.participants,
        )
      ) {
        return refuse(
          "forbidden",
          "Only a family member, or the person with them, can add the family's views.",
        );
      }
      return OK;
    case "split.part":
      if (!chair) return refuse("not_chair", "Only the chair decides who attends each part.");
      return canStartPart(state, command.present);
    case "split.end":
      if (!chair) return refuse("not_chair", "Only the chair decides who attends each part.");
      return outOfPart(state).length > 0 ? OK : refuse("conflict", "The conference is not split.");
    case "voice.write":
      return canBringVoice(state, actor, command, chair);
    case "voice.wish":
      return canWish(state, actor, command.contentId, command.wish, chair);
    case "voice.confirm":
      return canConfirm(state, command.contentId, chair);
    // Per subject child: scaling, views, the decision, dissent and what follows.
    case "scaling.set":
    case "scaling.setFor":
    case "scaling.close":
    case "scaling.reopen":
    case "scaling.share":
    case "views.open":
    case "views.close":
    case "view.give":
    case "view.giveFor":
    case "decision.record":
    case "decision.reopen":
    case "dissent.record":
    case "dissent.recordFor":
    case "outcome.set":
    case "outcome.childInNeed":
      return canForChild(state, actor, command, chair);
    // The record: minutes, the outline plan, sign-off, addenda and copies.
    case "minutes.open":
    case "minutes.addPart":
    case "plan.addAction":
    case "plan.changeAction":
    case "plan.removeAction":
    case "plan.moveAction":
    case "plan.share":
    case "record.signOff":
    case "record.addendum":
    case "record.copyChoice":
    case "record.consent":
    case "record.markSent":
      return canRecord(state, actor, command, chair);
    default: {
      const unreachable: never = command;
      return refuse("unknown_command", `Unknown command ${(unreachable as { type: string }).type}.`);
    }
  }
}

function isFamily(p: Participant | undefined): boolean {
  return p !== undefined && isFamilyRole(p.role);
}
