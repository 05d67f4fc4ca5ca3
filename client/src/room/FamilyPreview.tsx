import { useEffect, useState } from "react";
import { Select } from "../components/Select";
import { FamilyView } from "./FamilyView";
import { RoomPanel } from "./Panel";
import { isFamily } from "./people";
import { useRoom } from "./RoomContext";
import { useParticipants } from "./useRoomData";

/** The chair sees exactly what a chosen family member sees now (their projection, read-only). */
export function FamilyPreview() {
  const { connection, conferenceId } = useRoom();
  const family = Object.values(useParticipants()).filter(isFamily);
  const [who, setWho] = useState("");
  const name = who ? `${conferenceId}:view:${who}` : null;
  useEffect(() => {
    connection.setPreview(name);
    return () => connection.setPreview(null);
  }, [connection, name]);
  const doc = name ? connection.documentNamed(name)?.doc : undefined;
  return (
    <RoomPanel id="preview-title" title="Who can see what">
      <Select
        id="preview-as"
        label="Preview as"
        value={who}
        onChange={setWho}
        placeholder="Choose a family member"
        options={family.map((p) => ({ value: p.id, label: p.name }))}
      />
      {who ? (
        <section className="border-2 border-border p-[10px]" aria-label="Preview of the family view">
          <FamilyView doc={doc} interactive={false} />
        </section>
      ) : null}
    </RoomPanel>
  );
}
