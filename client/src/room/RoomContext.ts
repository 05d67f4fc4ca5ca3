import { createContext, useContext } from "react";
import type * as Y from "yjs";
import type { PersonalStatus } from "../../../shared/protocol";
import type { Me } from "../lib/types";
import type { RoomConnection } from "../sync/RoomConnection";

/** What every part of the room needs: the connection, who I am, my status and the open documents. */
export interface RoomValue {
  connection: RoomConnection;
  me: Me;
  status: PersonalStatus;
  conferenceId: string;
  /** The state document (full view only). */
  stateDoc: Y.Doc | undefined;
  /** The professional document and whether I may write to it now. */
  professionalDoc: Y.Doc | undefined;
  canWriteText: boolean;
  /** My family member's projection (restricted view only). */
  viewDoc: Y.Doc | undefined;
  /** I may send commands that change things: in the room, not muted, conference not ended. */
  canAct: boolean;
}

export const RoomContext = createContext<RoomValue | null>(null);

export function useRoom(): RoomValue {
  const value = useContext(RoomContext);
  if (!value) throw new Error("useRoom outside a conference room");
  return value;
}
