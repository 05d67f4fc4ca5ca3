import { type ChildCommand, recordedViews, scaleOwnerOf, tallyOf } from "../../shared/childPermissions";
import { checkDecision, checkScale, checkViewAllowed } from "../../shared/decision";
import { isProfessionalRole, type Participant } from "../../shared/domain";
import { newId } from "../../shared/ids";
import { isActiveChair } from "../../shared/permissions";
import type { Command } from "../../shared/protocol";
import { activeExclusion, type RoomEvent, type RoomState } from "../../shared/room";
import type { ContentMeta } from "../../shared/visibility";
import {
  decideConfirm,
  decideSplitEnd,
  decideSplitPart,
  decideVoice,
  decideWish,
  familyWithholding,
} from "./decideFamily";
import { decideRecord } from "./decideRecord";

export interface Decision {
  events: RoomEvent[];
  result?: Record<string, unknown>;
  /** What the audit entry records beyond actor, action and target. */
  audit: { target: string | null; detail: Record<string, unknown> };
}

/**
 * What an authorised command does, as events. Pure: `can` has already said yes; this only turns
 * the command into facts. The room persists the events with the audit entry in one transaction,
 * then folds them into its state.
 */
export function decide(state: RoomState, actorId: string, command: Command, at: number): Decision {
  switch (command.type) {
    case "confidentiality.accept": {
      const p = state.participants[actorId]!;
      // After the time the chair set, everyone but the chair waits, marked late (`000` ch.13).
      const late =
        state.settings.lateAfter !== null && at > Date.parse(state.settings.lateAfter) && p.role !== "chair";
      const automatic =
        p.role === "chair" ||
        (!late &&
          state.settings.autoAdmitProfessionals &&
          (isProfessionalRole(p.role) || p.role === "minute_taker"));
      return {
        events: [{ type: "confidentiality.accepted", participantId: actorId, admitted: automatic, late }],
        result: { admitted: automatic },
        audit: { target: actorId, detail: { admitted: automatic, late } },
      };
    }
    case "conference.start":
      return status("open");
    case "conference.break":
      return status("on_break");
    case "conference.resume":
      return status("open");
    case "conference.end":
      return status("ended");
    case "room.settings": {
      const { type: _type, ...settings } = command;
      return { events: [{ type: "room.settings", ...settings }], audit: { target: null, detail: settings } };
    }
    case "lobby.message":
    case "participant.warn": {
      const kind = command.type === "lobby.message" ? "lobby" : "warning";
      return {
        events: [
          { type: "participant.messaged", participantId: command.participantId, kind, text: command.text },
        ],
        audit: { target: command.participantId, detail: { kind, text: command.text } },
      };
    }
    case "participant.toLobby":
      return simple({ type: "participant.toLobby", participantId: command.participantId });
    case "participant.readmit":
      return simple({ type: "participant.readmitted", participantId: command.participantId });
    case "device.admit":
      return simple({ type: "device.admitted", participantId: command.participantId });
    case "attendance.inRoom":
      return simple({ type: "attendance.inRoom", participantId: command.participantId });
    case "attendance.apologies":
      return {
        events: [
          {
            type: "attendance.apologies",
            participantId: command.participantId,
            reportSubmitted: command.reportSubmitted,
          },
        ],
        audit: { target: command.participantId, detail: { reportSubmitted: command.reportSubmitted } },
      };
    case "attendance.left":
      return simple({ type: "participant.left", participantId: command.participantId });
    case "leave":
      return simple({ type: "participant.left", participantId: actorId });
    case "participant.addInRoom": {
      const participant: Participant = {
        id: newId(),
        conferenceId: state.conference.id,
        role: command.role,
        name: command.name,
        ...(command.agency !== undefined ? { agency: command.agency } : {}),
        directContact: command.directContact,
        inRoomOnly: true,
        createdAt: at,
      };
      return {
        events: [{ type: "participant.added", participant }],
        result: { participantId: participant.id },
        audit: { target: participant.id, detail: { role: participant.role, inRoomOnly: true } },
      };
    }
    case "quorum.proceedInquorate":
      return {
        events: [{ type: "quorum.proceeded", reason: command.reason, by: actorId }],
        audit: { target: null, detail: { reason: command.reason } },
      };
    case "hand.raise":
      return simple({ type: "hand.raised", participantId: actorId });
    case "hand.lower":
      return simple({ type: "hand.lowered", participantId: actorId });
    case "hand.dismiss":
      return simple({ type: "hand.lowered", participantId: command.participantId });
    case "chat.send": {
      const message = { id: newId(), authorId: actorId, text: command.text, at, inRecord: false };
      return {
        events: [{ type: "chat.sent", message }],
        result: { messageId: message.id },
        audit: { target: message.id, detail: {} },
      };
    }
    case "chat.toRecord":
      return {
        events: [{ type: "chat.recorded", messageId: command.messageId }],
        audit: { target: command.messageId, detail: {} },
      };
    case "chair.handover":
      return {
        events: [{ type: "chair.handedOver", from: actorId, to: command.participantId }],
        audit: { target: command.participantId, detail: { from: actorId } },
      };
    case "content.move": {
      const position = positionBefore(state, command.contentId, command.before);
      return {
        events: [{ type: "content.moved", contentId: command.contentId, position }],
        audit: { target: command.contentId, detail: { before: command.before } },
      };
    }
    case "content.attribute":
      return change(state, actorId, command.contentId, { authorId: command.authorId }, at, {});
    case "content.children":
      return change(state, actorId, command.contentId, { children: command.children }, at, {});
    case "lobby.admit":
      return simple({ type: "participant.admitted", participantId: command.participantId });
    case "lobby.refuse":
      return simple({ type: "participant.refused", participantId: command.participantId });
    case "participant.mute":
      return simple({ type: "participant.muted", participantId: command.participantId });
    case "participant.unmute":
      return simple({ type: "participant.unmuted", participantId: command.participantId });
    case "participant.remove":
      return {
        events: [{ type: "participant.removed", participantId: command.participantId }],
        audit: { target: command.participantId, detail: { reason: command.reason } },
      };
    case "agenda.move":
      return {
        events: [{ type: "agenda.moved", index: command.index }],
        audit: { target: null, detail: { item: state.agenda.items[command.index] } },
      };
    case "content.create": {
      const meta = newContent(actorId, at, {
        kind: command.kind,
        ...(command.area ? { area: command.area } : {}),
        children: command.children,
      });
      return {
        events: [{ type: "content.created", meta }],
        result: { contentId: meta.id },
        audit: { target: meta.id, detail: { kind: meta.kind, area: meta.area } },
      };
    }
    case "exclusion.start": {
      const exclusion = {
        id: newId(),
        participantId: command.participantId,
        ground: command.ground,
        note: command.note,
        by: actorId,
        startAt: at,
        endAt: null,
        planned: state.conference.status === "scheduled",
      };
      return {
        events: [{ type: "exclusion.started", exclusion }],
        result: { exclusionId: exclusion.id },
        audit: {
          target: command.participantId,
          detail: { ground: command.ground, note: command.note, planned: exclusion.planned },
        },
      };
    }
    case "exclusion.end": {
      const running = activeExclusion(state, command.participantId)!;
      return {
        events: [{ type: "exclusion.ended", participantId: command.participantId }],
        audit: {
          target: command.participantId,
          detail: { exclusionId: running.id, minutes: Math.round((at - running.startAt) / 60_000) },
        },
      };
    }
    case "exclusion.release": {
      const contentIds = command.contentIds === "all" ? null : command.contentIds;
      return {
        events: [{ type: "exclusion.released", participantId: command.participantId, contentIds }],
        audit: { target: command.participantId, detail: { contentIds: command.contentIds } },
      };
    }
    case "family.viewsForChair": {
      const meta = {
        ...newContent(actorId, at, { kind: "family_contribution", children: [] }),
        withheldFrom: familyWithholding(state, actorId),
      };
      return {
        events: [{ type: "content.created", meta, text: command.text }],
        result: { contentId: meta.id },
        audit: { target: meta.id, detail: { kind: "views_for_chair" } },
      };
    }
    case "family.contribute": {
      const meta = {
        ...newContent(actorId, at, { kind: "family_contribution", area: command.area, children: [] }),
        // In a split conference the other side never sees these words, nor that they were said.
        withheldFrom: familyWithholding(state, actorId),
      };
      return {
        events: [{ type: "content.created", meta, text: command.text }],
        result: { contentId: meta.id },
        audit: {
          target: meta.id,
          detail: { kind: meta.kind, area: meta.area, withheldFrom: meta.withheldFrom },
        },
      };
    }
    case "split.part":
      return decideSplitPart(state, actorId, command, at);
    case "split.end":
      return decideSplitEnd(state);
    case "voice.write": {
      const { type: _type, text, ...fields } = command;
      return decideVoice(state, actorId, { form: "words", text, file: null, ...fields }, at);
    }
    case "voice.wish":
      return decideWish(state, actorId, command, at);
    case "voice.confirm":
      return decideConfirm(state, actorId, command, at);
    case "content.remove":
      return change(state, actorId, command.contentId, { removed: true }, at, {});
    case "content.share":
      return change(state, actorId, command.contentId, { audience: "family" }, at, {});
    case "content.unshare":
      return change(state, actorId, command.contentId, { audience: "professionals" }, at, {});
    case "content.withhold": {
      const meta = state.content[command.contentId]!;
      const withheldFrom = [...new Set([...meta.withheldFrom, ...command.from])];
      return change(state, actorId, command.contentId, { withheldFrom }, at, {
        from: command.from,
        reason: command.reason,
      });
    }
    case "content.release": {
      const meta = state.content[command.contentId]!;
      const withheldFrom = meta.withheldFrom.filter((id) => !command.from.includes(id));
      return change(state, actorId, command.contentId, { withheldFrom }, at, { from: command.from });
    }
    case "content.youngPeople":
      return change(state, actorId, command.contentId, { forYoungPeople: command.visible }, at, {});
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
      return decideForChild(state, actorId, command);
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
      return decideRecord(state, actorId, command, at);
  }
}

/** Scaling, views, the decision, dissent and what follows, for one subject child. */
function decideForChild(state: RoomState, actorId: string, command: ChildCommand): Decision {
  const { childId } = command;
  const child = state.children[childId]!;
  const profile = state.conference.policyProfile;
  const about = (events: RoomEvent[], detail: Record<string, unknown> = {}): Decision => ({
    events,
    audit: { target: childId, detail },
  });
  switch (command.type) {
    case "scaling.set":
    case "scaling.setFor": {
      const owner =
        command.type === "scaling.set"
          ? scaleOwnerOf(state, state.participants[actorId]!)!
          : command.participantId;
      const checked = checkScale(command);
      if (!checked.ok) throw new Error("decide: a scale that can() refused");
      return {
        events: [
          { type: "scale.given", childId, participantId: owner, ...checked.value, enteredBy: actorId },
        ],
        audit: { target: owner, detail: { childId, score: checked.value.score } },
      };
    }
    case "scaling.close":
      return about([{ type: "scaling.closed", childId }]);
    case "scaling.reopen":
      return about([{ type: "scaling.reopened", childId }]);
    case "scaling.share": {
      const participantIds =
        command.participantIds === "all"
          ? Object.keys(child.scaling.entries)
          : [...new Set(command.participantIds)];
      return about([{ type: "scaling.shared", childId, participantIds, youngPeople: command.youngPeople }], {
        participantIds,
        youngPeople: command.youngPeople,
      });
    }
    case "views.open":
      return about([{ type: "views.opened", childId }]);
    case "views.close":
      return about([{ type: "views.closed", childId }]);
    case "view.give":
    case "view.giveFor": {
      const voter = state.participants[command.type === "view.give" ? actorId : command.participantId]!;
      const allowed = checkViewAllowed(
        profile,
        { id: voter.id, role: voter.role, agency: voter.agency, present: true },
        recordedViews(state, child),
        { replaceAgencyView: command.replaceAgencyView },
      );
      if (!allowed.ok) throw new Error("decide: a view that can() refused");
      const replaces = allowed.value.replaces;
      return {
        events: [
          {
            type: "view.given",
            childId,
            participantId: voter.id,
            view: command.view,
            ...(command.recommendedCategory ? { recommendedCategory: command.recommendedCategory } : {}),
            reason: command.reason,
            enteredBy: actorId,
            replaces,
          },
        ],
        audit: { target: voter.id, detail: { childId, view: command.view, replaces } },
      };
    }
    case "decision.record": {
      const tally = tallyOf(state, child);
      const { type: _type, ...input } = command;
      const checked = checkDecision(profile, input, tally);
      if (!checked.ok) throw new Error("decide: a decision that can() refused");
      const { childId: _child, ...decision } = checked.value;
      const decided = decision.plan ? "plan" : "no_plan";
      const overrodeMajority =
        profile.decisionRule.mode === "majority_of_professionals" &&
        tally.majority !== null &&
        tally.majority !== decided;
      // The tally the chair decided against is final: views close with the decision.
      const events: RoomEvent[] = child.views.status === "open" ? [{ type: "views.closed", childId }] : [];
      events.push({
        type: "decision.recorded",
        childId,
        decision: { ...decision, by: actorId, tally, overrodeMajority },
      });
      return about(events, { plan: decision.plan, categories: decision.categories, overrodeMajority });
    }
    case "decision.reopen":
      return about([{ type: "decision.reopened", childId, reason: command.reason, by: actorId }], {
        reason: command.reason,
      });
    case "dissent.record":
    case "dissent.recordFor": {
      const participantId = command.type === "dissent.record" ? actorId : command.participantId;
      return {
        events: [
          {
            type: "dissent.recorded",
            childId,
            participantId,
            reason: command.reason,
            escalate: command.escalate,
            view: child.views.entries[participantId]?.view ?? null,
            enteredBy: actorId,
          },
        ],
        audit: { target: participantId, detail: { childId, escalate: command.escalate } },
      };
    }
    case "outcome.set": {
      // The key worker is always in the core group.
      const coreGroup = [...new Set([command.keyWorkerId, ...command.coreGroup])];
      const outcome = {
        kind: "plan" as const,
        keyWorkerId: command.keyWorkerId,
        coreGroup,
        firstCoreGroupDate: command.firstCoreGroupDate,
        nextReviewDate: command.nextReviewDate,
        by: actorId,
      };
      const { by: _by, kind: _kind, ...detail } = outcome;
      return about([{ type: "outcome.recorded", childId, outcome }], detail);
    }
    case "outcome.childInNeed":
      return about(
        [
          {
            type: "outcome.recorded",
            childId,
            outcome: { kind: "child_in_need", recommendations: command.recommendations, by: actorId },
          },
        ],
        { recommendations: command.recommendations.length },
      );
  }
}

function status(next: "open" | "on_break" | "ended"): Decision {
  return {
    events: [{ type: "conference.status", status: next }],
    audit: { target: null, detail: { status: next } },
  };
}

/** A position just before `before` among the item's area (or last), between its neighbours. */
function positionBefore(state: RoomState, contentId: string, before: string | null): number {
  const meta = state.content[contentId]!;
  const siblings = Object.values(state.content)
    .filter((m) => !m.removed && m.id !== contentId && m.kind === meta.kind && m.area === meta.area)
    .map((m) => ({ id: m.id, position: state.order[m.id] ?? m.createdAt }))
    .sort((a, b) => a.position - b.position);
  if (before === null) return (siblings.at(-1)?.position ?? 0) + 1;
  const index = siblings.findIndex((s) => s.id === before);
  if (index < 0) return (siblings.at(-1)?.position ?? 0) + 1;
  const next = siblings[index]!.position;
  const previous = index > 0 ? siblings[index - 1]!.position : next - 2;
  return (previous + next) / 2;
}

function simple(event: RoomEvent & { participantId: string }): Decision {
  return { events: [event], audit: { target: event.participantId, detail: {} } };
}

function change(
  state: RoomState,
  actorId: string,
  contentId: string,
  changes: Partial<ContentMeta>,
  at: number,
  detail: Record<string, unknown>,
): Decision {
  // The chair's word is final: once the chair decides who sees an item, its author cannot undo it.
  const chairDecided = isActiveChair(state, actorId) ? { chairDecided: true } : {};
  return {
    events: [{ type: "content.changed", contentId, changes: { ...changes, ...chairDecided }, at }],
    audit: { target: contentId, detail: { ...changes, ...detail } },
  };
}

function newContent(
  authorId: string,
  at: number,
  fields: Pick<ContentMeta, "kind" | "children"> & Partial<Pick<ContentMeta, "area">>,
): ContentMeta {
  return {
    id: newId(),
    ...fields,
    authorId,
    createdAt: at,
    changedAt: at,
    audience: "professionals",
    withheldFrom: [],
    forYoungPeople: false,
    heldFrom: [],
    chairDecided: false,
    removed: false,
  };
}
