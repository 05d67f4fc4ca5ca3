import { useState } from "react";
import type { ContentEntry, ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { CommandError } from "./CommandError";
import { isFamily } from "./people";
import { useRoom } from "./RoomContext";
import { useCommand } from "./useCommand";
import { WithholdForm } from "./WithholdForm";

const small = "min-h-9 px-2 py-1 type-small";

/**
 * Who sees one item, for the chair (and, unless the chair has decided, its professional author):
 * share with the family or stop, withhold from or release to a family member, and — the chair
 * only — whether young people see it. What this person may not do is not shown.
 */
export function ItemVisibilityControls({
  entry,
  label,
  participants,
  allowAuthor = true,
}: {
  entry: ContentEntry;
  /** The item's name for screen readers: "Going well, from Jo Example". */
  label: string;
  participants: Record<string, ParticipantEntry>;
  allowAuthor?: boolean;
}) {
  const { canAct, status, me } = useRoom();
  const cmd = useCommand();
  const [withholding, setWithholding] = useState(false);
  const manage =
    canAct && (status.isChair || (allowAuthor && entry.authorId === me.participantId && !entry.chairDecided));
  if (!manage) return null;
  const family = Object.values(participants).filter(isFamily);
  const withholdable = family.filter((p) => !entry.withheldFrom.includes(p.id));
  const youngPeople = family.some((p) => p.role === "young_person");
  const target = { contentId: entry.id };
  const sr = <span className="sr-only"> ({label})</span>;
  return (
    <div className="mt-[5px]">
      <div className="flex flex-wrap gap-2">
        {entry.audience === "professionals" ? (
          <Button
            className={small}
            disabled={cmd.busy}
            onClick={() => void cmd.run({ type: "content.share", ...target })}
          >
            Share with family{sr}
          </Button>
        ) : (
          <Button
            variant="secondary"
            className={small}
            disabled={cmd.busy}
            onClick={() => void cmd.run({ type: "content.unshare", ...target })}
          >
            Stop sharing{sr}
          </Button>
        )}
        {status.isChair && youngPeople && entry.audience === "family" ? (
          <YoungPeopleButton entry={entry} label={label} />
        ) : null}
        {withholdable.length > 0 ? (
          <Button variant="secondary" className={small} onClick={() => setWithholding(true)}>
            Withhold from…{sr}
          </Button>
        ) : null}
        {entry.withheldFrom.map((pid) => (
          <Button
            key={pid}
            variant="secondary"
            className={small}
            disabled={cmd.busy}
            onClick={() => void cmd.run({ type: "content.release", ...target, from: [pid] })}
          >
            Release to {participants[pid]?.name ?? "family member"}
            {sr}
          </Button>
        ))}
      </div>
      <CommandError text={cmd.error} />
      {withholding ? (
        <WithholdForm contentId={entry.id} family={withholdable} onDone={() => setWithholding(false)} />
      ) : null}
    </div>
  );
}

/** The chair chooses which shared items a young person sees (`003` std 3): off until chosen. */
export function YoungPeopleButton({ entry, label }: { entry: ContentEntry; label: string }) {
  const cmd = useCommand();
  const visible = entry.forYoungPeople;
  return (
    <>
      <Button
        variant="secondary"
        className={small}
        disabled={cmd.busy}
        aria-pressed={visible}
        onClick={() => void cmd.run({ type: "content.youngPeople", contentId: entry.id, visible: !visible })}
      >
        {visible ? "Hide from young people" : "Show to young people"}
        <span className="sr-only"> ({label})</span>
      </Button>
      <CommandError text={cmd.error} />
    </>
  );
}
