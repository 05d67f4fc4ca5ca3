import type { RecordSection } from "../../../../shared/recordView";
import type { ChildEntry } from "../../../../shared/views";
import { useYMap } from "../../sync/hooks";
import { useRoom } from "../RoomContext";

/** The state document's `record` map (plan actions, sign-off, addenda), or null until it syncs. */
export function useRecordSection(): RecordSection | null {
  const fields = useYMap(useRoom().stateDoc, "record") as Partial<RecordSection>;
  return fields.actions ? (fields as RecordSection) : null;
}

export function useChildren(): Record<string, ChildEntry> {
  return useYMap<ChildEntry>(useRoom().stateDoc, "children");
}

export interface ExclusionRow {
  id: string;
  participantId: string;
  groundLabel: string;
  note: string;
  startAt: number;
  endAt: number | null;
  minutes: number | null;
}

export function useExclusions(): Record<string, ExclusionRow> {
  return useYMap<ExclusionRow>(useRoom().stateDoc, "exclusions");
}

/**
 * Who may write the record now: during the meeting, a writer of the professional document in the
 * room; after the end, the chair and the minute taker until sign-off (the server decides; this only
 * reflects the document access it granted).
 */
export function useCanWriteRecord(): boolean {
  const { connection, status, canWriteText, canAct } = useRoom();
  if (status.conferenceStatus !== "ended") return canWriteText && canAct;
  return connection.document("professional")?.access === "write";
}
