import type { ContentEntry, ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { CommandError } from "./CommandError";
import { Exclusions } from "./Exclusions";
import { FamilyPreview } from "./FamilyPreview";
import { ViewsForChair } from "./FamilyViews";
import { ItemSummary } from "./ItemSummary";
import { RoomPanel } from "./Panel";
import { SplitConference } from "./SplitConference";
import { useCommand } from "./useCommand";
import { useContent, useParticipants } from "./useRoomData";

function WithheldItem({ entry, all }: { entry: ContentEntry; all: Record<string, ParticipantEntry> }) {
  const cmd = useCommand();
  return (
    <li className="border-b border-border py-[5px]">
      <ItemSummary entry={entry} />
      <div className="mt-[5px] flex flex-wrap gap-2">
        {entry.withheldFrom.map((pid) => (
          <Button
            key={pid}
            variant="secondary"
            className="min-h-9 px-2 py-1 type-small"
            disabled={cmd.busy}
            onClick={() => void cmd.run({ type: "content.release", contentId: entry.id, from: [pid] })}
          >
            Release to {all[pid]?.name ?? "family member"}
          </Button>
        ))}
      </div>
      <CommandError text={cmd.error} />
    </li>
  );
}

/** Items withheld from someone in the family (the chair has the final say, `001` 7.6.16). */
function Withheld() {
  const all = useParticipants();
  const items = Object.values(useContent())
    .filter((e) => !e.removed && e.withheldFrom.length > 0)
    .sort((a, b) => a.position - b.position);
  return (
    <RoomPanel id="withheld-title" title={`Withheld (${items.length})`}>
      {items.length === 0 ? (
        <p className="type-body text-secondary">Nothing is withheld from anyone.</p>
      ) : (
        <ul aria-labelledby="withheld-title">
          {items.map((e) => (
            <WithheldItem key={e.id} entry={e} all={all} />
          ))}
        </ul>
      )}
    </RoomPanel>
  );
}

/**
 * The chair's right column, "who can see what now" (SCREENS.md): who is out of the meeting and what
 * is held from them, the split conference, views sent to the chair, what is withheld, and the room
 * exactly as a chosen family member sees it.
 */
export function WhoCanSee() {
  return (
    <>
      <Exclusions />
      <SplitConference />
      <ViewsForChair />
      <Withheld />
      <FamilyPreview />
    </>
  );
}
