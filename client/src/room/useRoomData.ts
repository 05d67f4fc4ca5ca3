import type * as Y from "yjs";
import type { ChatMessage } from "../../../shared/room";
import type {
  ConferenceSection,
  ContentEntry,
  FamilyItem,
  FamilyRoom,
  ParticipantEntry,
} from "../../../shared/views";
import { useYMap } from "../sync/hooks";
import { useRoom } from "./RoomContext";

/** The state document's `conference` fields, or null until it has synced. */
export function useConference(): ConferenceSection | null {
  const { stateDoc } = useRoom();
  const fields = useYMap(stateDoc, "conference") as Partial<ConferenceSection>;
  return fields.id ? (fields as ConferenceSection) : null;
}

export function useParticipants(): Record<string, ParticipantEntry> {
  return useYMap<ParticipantEntry>(useRoom().stateDoc, "participants");
}

export function useContent(): Record<string, ContentEntry> {
  return useYMap<ContentEntry>(useRoom().stateDoc, "content");
}

export function useChat(): Record<string, ChatMessage> {
  return useYMap<ChatMessage>(useRoom().stateDoc, "chat");
}

/** A family projection's item: its fields and its text as a string. */
export type FamilyItemView = FamilyItem & { text: string };

export function useFamilyRoom(doc: Y.Doc | undefined): FamilyRoom | null {
  const fields = useYMap(doc, "room") as Partial<FamilyRoom>;
  return fields.agenda ? (fields as FamilyRoom) : null;
}

export function useFamilyItems(doc: Y.Doc | undefined): Record<string, FamilyItemView> {
  return useYMap<FamilyItemView>(doc, "items");
}

/** "Social worker, Children's social care" / "Parent". */
export function roleAndAgency(
  p: { role: ParticipantEntry["role"]; agency: string | null },
  label: Record<string, string>,
): string {
  return p.agency ? `${label[p.role]}, ${p.agency}` : (label[p.role] ?? "");
}
