import type * as Y from "yjs";
import { isProfessionalRole } from "../../../../shared/domain";
import type { ChildEntry, FamilyChild } from "../../../../shared/views";
import { useYMap } from "../../sync/hooks";
import { useRoom } from "../RoomContext";

/** The state document's `children`: one ChildEntry per subject child (full view). */
export function useChildEntries(): Record<string, ChildEntry> {
  return useYMap<ChildEntry>(useRoom().stateDoc, "children");
}

/** A family projection's `children`: one FamilyChild per subject child. */
export function useFamilyChildren(doc: Y.Doc | undefined): Record<string, FamilyChild> {
  return useYMap<FamilyChild>(doc, "children");
}

/**
 * What this person may do in the decision workspace. The server decides every command; this only
 * keeps controls a person cannot use off the screen (SCREENS.md).
 */
export interface Powers {
  /** The active chair, able to act now. */
  chair: boolean;
  /** The chair or the minute taker: enters scales and views for people in the room without a device. */
  register: boolean;
  /** A professional who gives their own scale and view, and may dissent. */
  professional: boolean;
}

export function usePowers(): Powers {
  const { me, status, canAct } = useRoom();
  const chair = canAct && status.isChair;
  return {
    chair,
    register: canAct && (status.isChair || me.role === "minute_taker"),
    professional: canAct && isProfessionalRole(me.role),
  };
}
