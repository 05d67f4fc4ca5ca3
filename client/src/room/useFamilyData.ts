import type { Exclusion } from "../../../shared/room";
import type { ContentEntry, FamilyChild, FamilyRoom, ParticipantEntry } from "../../../shared/views";
import { useYMap } from "../sync/hooks";
import { isFamily } from "./people";
import { useRoom } from "./RoomContext";
import { useContent, useParticipants } from "./useRoomData";

/** An exclusion period as the state document holds it (views.ts exclusionEntries). */
export type ExclusionEntry = Exclusion & { groundLabel: string; minutes: number | null };

export function useExclusions(): Record<string, ExclusionEntry> {
  return useYMap<ExclusionEntry>(useRoom().stateDoc, "exclusions");
}

/** Exclusions running now, oldest first. */
export function useRunningExclusions(): ExclusionEntry[] {
  return Object.values(useExclusions())
    .filter((e) => e.endAt === null)
    .sort((a, b) => a.startAt - b.startAt);
}

/** The family members of this conference (parents, carers, young people), by name. */
export function useFamilyMembers(): ParticipantEntry[] {
  return Object.values(useParticipants())
    .filter(isFamily)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Content items of one kind, not removed, in display order. */
export function useContentOfKind(kind: ContentEntry["kind"]): ContentEntry[] {
  return Object.values(useContent())
    .filter((e) => e.kind === kind && !e.removed)
    .sort((a, b) => a.position - b.position);
}

/** The per-child sections of a family projection (their scale, the shared scales, the decision). */
export function useFamilyChildren(doc: Parameters<typeof useYMap>[0]): Record<string, FamilyChild> {
  return useYMap<FamilyChild>(doc, "children");
}

export function isYoungPersonView(room: FamilyRoom | null): boolean {
  return room?.principal.role === "young_person";
}
