import { useState } from "react";
import { MINUTES_MAP } from "../../../../shared/record";
import type { ContentEntry, ParticipantEntry } from "../../../../shared/views";
import { Button } from "../../components/Button";
import { CommandError } from "../CommandError";
import { isFamily } from "../people";
import { useRoom } from "../RoomContext";
import { useCommand } from "../useCommand";
import { VisibilityTags } from "../VisibilityTags";
import { WithholdForm } from "../WithholdForm";
import { RichTextEditor, useFragment } from "./RichTextEditor";

const small = "min-h-9 px-2 py-1 type-small";

/**
 * One minute section (the minutes of an agenda item, or a part of them): its rich text written
 * together, who can see it, and — for its author or the chair — share, withhold or remove it.
 */
export function MinuteSection({
  entry,
  label,
  removable,
  participants,
  canWrite,
}: {
  entry: ContentEntry;
  label: string;
  removable: boolean;
  participants: Record<string, ParticipantEntry>;
  canWrite: boolean;
}) {
  const { professionalDoc, status, me } = useRoom();
  const fragment = useFragment(professionalDoc, MINUTES_MAP, entry.id);
  const cmd = useCommand();
  const [panel, setPanel] = useState<null | "withhold" | "remove">(null);
  const id = `minutes-${entry.id}`;
  const manage = canWrite && (status.isChair || (entry.authorId === me.participantId && !entry.chairDecided));
  const withholdable = Object.values(participants)
    .filter(isFamily)
    .filter((p) => !entry.withheldFrom.includes(p.id));
  const target = { contentId: entry.id };
  return (
    <section aria-labelledby={`${id}-label`} className="mb-[20px] border-b border-border pb-[15px]">
      <div className="mb-[5px] flex flex-wrap items-center justify-between gap-2">
        <h4 id={`${id}-label`} className="type-body font-bold">
          {label}
        </h4>
        <VisibilityTags entry={entry} participants={participants} />
      </div>
      {fragment ? (
        <RichTextEditor fragment={fragment} labelId={`${id}-label`} editable={canWrite} />
      ) : (
        <p role="status" className="type-small text-secondary">
          Loading…
        </p>
      )}
      {manage ? (
        <div className="mt-[5px] flex flex-wrap gap-2">
          {entry.audience === "professionals" ? (
            <Button
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "content.share", ...target })}
            >
              Share with family<span className="sr-only"> ({label})</span>
            </Button>
          ) : (
            <Button
              variant="secondary"
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "content.unshare", ...target })}
            >
              Professionals only<span className="sr-only"> ({label})</span>
            </Button>
          )}
          {withholdable.length > 0 ? (
            <Button variant="secondary" className={small} onClick={() => setPanel("withhold")}>
              Withhold from…<span className="sr-only"> ({label})</span>
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
              <span className="sr-only"> ({label})</span>
            </Button>
          ))}
          {removable ? (
            <Button variant="warning" className={small} onClick={() => setPanel("remove")}>
              Remove<span className="sr-only"> ({label})</span>
            </Button>
          ) : null}
        </div>
      ) : null}
      <CommandError text={cmd.error} />
      {panel === "withhold" ? (
        <WithholdForm contentId={entry.id} family={withholdable} onDone={() => setPanel(null)} />
      ) : null}
      {panel === "remove" ? (
        <div className="my-[10px] border-l-[5px] border-error pl-[10px]">
          <p className="mb-[10px] type-body font-bold">Remove {label}? It will not be in the record.</p>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="warning"
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "content.remove", ...target })}
            >
              Yes, remove it
            </Button>
            <Button variant="secondary" onClick={() => setPanel(null)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
