import { newId } from "../../shared/ids";
import { actionPositionBefore, planActions } from "../../shared/record";
import type { RecordCommand } from "../../shared/recordPermissions";
import type { RoomEvent, RoomState } from "../../shared/room";
import type { ContentMeta } from "../../shared/visibility";
import type { Decision } from "./decide";

/**
 * What an authorised record command does, as events (the minutes, the outline plan, sign-off,
 * addenda and copies). Pure, like `decide`: `can` has already said yes.
 */
export function decideRecord(
  state: RoomState,
  actorId: string,
  command: RecordCommand,
  at: number,
): Decision {
  switch (command.type) {
    case "minutes.open": {
      // One section per agenda item, made on first use: the earliest live one is the item's section.
      const existing = Object.values(state.content)
        .filter((m) => m.kind === "minute_section" && m.agendaItem === command.agendaItem && !m.removed)
        .sort((a, b) => a.createdAt - b.createdAt)[0];
      if (existing)
        return {
          events: [],
          result: { contentId: existing.id, created: false },
          audit: { target: existing.id, detail: { agendaItem: command.agendaItem } },
        };
      return section(actorId, at, command.agendaItem, [], false);
    }
    case "minutes.addPart":
      return section(actorId, at, command.agendaItem, command.children, true);
    case "plan.addAction": {
      const { type: _type, ...fields } = command;
      const id = newId();
      const position = (planActions(state.record).at(-1)?.position ?? 0) + 1;
      return {
        events: [{ type: "plan.actionAdded", action: { id, ...fields, position, by: actorId } }],
        result: { actionId: id },
        audit: { target: id, detail: { byWhen: fields.byWhen, children: fields.children } },
      };
    }
    case "plan.changeAction": {
      const { type: _type, actionId, ...given } = command;
      const changes = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
      return {
        events: [{ type: "plan.actionChanged", actionId, changes }],
        audit: { target: actionId, detail: { fields: Object.keys(changes) } },
      };
    }
    case "plan.removeAction":
      return {
        events: [{ type: "plan.actionRemoved", actionId: command.actionId }],
        audit: { target: command.actionId, detail: {} },
      };
    case "plan.moveAction": {
      const position = actionPositionBefore(state.record, command.actionId, command.before);
      return {
        events: [{ type: "plan.actionMoved", actionId: command.actionId, position }],
        audit: { target: command.actionId, detail: { before: command.before } },
      };
    }
    case "plan.share":
      return {
        events: [{ type: "plan.shared", shared: command.shared }],
        audit: { target: null, detail: { shared: command.shared } },
      };
    case "record.signOff":
      return { events: [{ type: "record.signedOff", by: actorId }], audit: { target: null, detail: {} } };
    case "record.addendum": {
      const addendumId = newId();
      return {
        events: [{ type: "record.addendumAdded", addendumId, text: command.text, by: actorId }],
        result: { addendumId },
        audit: { target: addendumId, detail: {} },
      };
    }
    case "record.copyChoice": {
      const { type: _type, participantId, ...choice } = command;
      const chosen = Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== undefined));
      return {
        events: [{ type: "record.copyChosen", participantId, ...chosen, by: actorId }],
        audit: { target: participantId, detail: chosen },
      };
    }
    case "record.consent":
      return {
        events: [
          {
            type: "record.consentRecorded",
            participantId: command.participantId,
            given: command.given,
            note: command.note,
            by: actorId,
          },
        ],
        audit: { target: command.participantId, detail: { given: command.given } },
      };
    case "record.markSent": {
      const entry = {
        id: newId(),
        recipientId: command.participantId,
        document: command.document,
        format: command.format,
        action: "sent" as const,
        via: command.via,
        by: actorId,
      };
      return {
        events: [{ type: "record.distributed", entry }],
        result: { entryId: entry.id },
        audit: {
          target: command.participantId,
          detail: { document: entry.document, format: entry.format, via: entry.via },
        },
      };
    }
  }
}

function section(
  actorId: string,
  at: number,
  agendaItem: string,
  children: string[],
  part: boolean,
): Decision {
  // Professionals only until shared, like every new piece of content.
  const meta: ContentMeta = {
    id: newId(),
    kind: "minute_section",
    agendaItem,
    children,
    authorId: actorId,
    createdAt: at,
    changedAt: at,
    audience: "professionals",
    withheldFrom: [],
    forYoungPeople: false,
    heldFrom: [],
    chairDecided: false,
    removed: false,
  };
  const events: RoomEvent[] = [{ type: "content.created", meta }];
  return {
    events,
    result: { contentId: meta.id, created: true },
    audit: { target: meta.id, detail: { kind: meta.kind, agendaItem, part } },
  };
}
