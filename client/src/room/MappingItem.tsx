import { useEffect, useRef, useState } from "react";
import type { ConferenceSection, ContentEntry, ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { Tag } from "../components/Tag";
import { CommandError } from "./CommandError";
import { YoungPeopleButton } from "./ItemVisibilityControls";
import { describePerson, isFamily } from "./people";
import { useRoom } from "./RoomContext";
import { useCommand } from "./useCommand";
import { useYText } from "./useYText";
import { VisibilityTags } from "./VisibilityTags";
import { WithholdForm } from "./WithholdForm";

const small = "min-h-9 px-2 py-1 type-small";

/**
 * One mapping item (or danger statement, or safety goal): its text edited together live, its author,
 * who can see it, and what this person may do with it.
 */
export function MappingItem({
  entry,
  label,
  previousId,
  nextNextId,
  isLast,
  participants,
  subjects: children,
  autoFocus,
}: {
  entry: ContentEntry;
  label: string;
  previousId: string | null;
  /** The item after the next one: moving down puts this item before it. */
  nextNextId: string | null;
  isLast: boolean;
  participants: Record<string, ParticipantEntry>;
  subjects: ConferenceSection["children"];
  autoFocus: boolean;
}) {
  const { professionalDoc, canWriteText, canAct, status, me } = useRoom();
  const ref = useRef<HTMLTextAreaElement>(null);
  const ready = useYText(ref, professionalDoc, entry.id);
  const cmd = useCommand();
  const [panel, setPanel] = useState<null | "withhold" | "remove">(null);
  useEffect(() => {
    if (autoFocus && ready) ref.current?.focus();
  }, [autoFocus, ready]);

  const author = participants[entry.authorId];
  const manage = canAct && (status.isChair || (entry.authorId === me.participantId && !entry.chairDecided));
  const reorder = canAct && canWriteText;
  const family = Object.values(participants).filter(isFamily);
  const withholdable = family.filter((p) => !entry.withheldFrom.includes(p.id));
  const id = `item-${entry.id}`;
  const subject = children.filter((c) => c.subject);
  const target = { contentId: entry.id };

  return (
    <li className="border-b border-border py-[10px]">
      <div className="mb-[5px] flex flex-wrap items-center justify-between gap-2">
        <label htmlFor={id} className="type-body font-bold">
          {label}
        </label>
        <VisibilityTags entry={entry} participants={participants} />
      </div>
      <textarea
        ref={ref}
        id={id}
        rows={2}
        readOnly={!canWriteText}
        aria-describedby={`${id}-by`}
        placeholder={ready ? undefined : "Loading…"}
        className={`block w-full resize-y rounded-none border-2 px-[5px] py-[3px] type-body ${canWriteText ? "border-input-border bg-white" : "border-border bg-light-grey"}`}
      />
      <p id={`${id}-by`} className="mt-[3px] type-small text-secondary">
        By {author ? `${author.name}, ${describePerson(author, participants)}` : "someone no longer listed"}
        {canWriteText ? "" : " (read only)"}
      </p>
      {subject.length > 1 ? (
        <p className="mt-[3px] flex flex-wrap items-center gap-1 type-small">
          About:{" "}
          {entry.children.length === 0 ? (
            <Tag colour="grey">All the children</Tag>
          ) : (
            entry.children.map((cid) => (
              <Tag key={cid} colour="blue">
                {subject.find((c) => c.id === cid)?.name ?? "a child"}
              </Tag>
            ))
          )}
        </p>
      ) : null}
      {manage || reorder ? (
        <div className="mt-[5px] flex flex-wrap gap-2">
          {manage && entry.audience === "professionals" ? (
            <Button
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "content.share", ...target })}
            >
              Share with family<span className="sr-only"> ({label})</span>
            </Button>
          ) : null}
          {manage && entry.audience === "family" ? (
            <Button
              variant="secondary"
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "content.unshare", ...target })}
            >
              Stop sharing<span className="sr-only"> ({label})</span>
            </Button>
          ) : null}
          {status.isChair && entry.audience === "family" && family.some((p) => p.role === "young_person") ? (
            <YoungPeopleButton entry={entry} label={label} />
          ) : null}
          {manage && withholdable.length > 0 ? (
            <Button variant="secondary" className={small} onClick={() => setPanel("withhold")}>
              Withhold from…<span className="sr-only"> ({label})</span>
            </Button>
          ) : null}
          {manage
            ? entry.withheldFrom.map((pid) => (
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
              ))
            : null}
          {reorder && previousId ? (
            <Button
              variant="secondary"
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "content.move", ...target, before: previousId })}
            >
              Move up<span className="sr-only"> ({label})</span>
            </Button>
          ) : null}
          {reorder && !isLast ? (
            <Button
              variant="secondary"
              className={small}
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "content.move", ...target, before: nextNextId })}
            >
              Move down<span className="sr-only"> ({label})</span>
            </Button>
          ) : null}
          {manage ? (
            <Button variant="warning" className={small} onClick={() => setPanel("remove")}>
              Remove<span className="sr-only"> ({label})</span>
            </Button>
          ) : null}
        </div>
      ) : null}
      {manage && subject.length > 1 ? (
        <details className="mt-[5px]">
          <summary className="cursor-pointer type-small text-link underline">
            Which children<span className="sr-only"> for {label}</span>
          </summary>
          <div className="mt-[5px] flex flex-wrap gap-4">
            {subject.map((c) => (
              <div key={c.id} className="flex items-center gap-2">
                <input
                  id={`${id}-child-${c.id}`}
                  type="checkbox"
                  className="size-6 accent-ink"
                  checked={entry.children.includes(c.id)}
                  onChange={(e) =>
                    void cmd.run({
                      type: "content.children",
                      ...target,
                      children: e.target.checked
                        ? [...entry.children, c.id]
                        : entry.children.filter((x) => x !== c.id),
                    })
                  }
                />
                <label htmlFor={`${id}-child-${c.id}`} className="type-small">
                  {c.name}
                </label>
              </div>
            ))}
          </div>
        </details>
      ) : null}
      <CommandError text={cmd.error} />
      {panel === "withhold" ? (
        <WithholdForm contentId={entry.id} family={withholdable} onDone={() => setPanel(null)} />
      ) : null}
      {panel === "remove" ? (
        <div className="my-[10px] border-l-[5px] border-error pl-[10px]">
          <p id={`${id}-remove`} className="mb-[10px] type-body font-bold">
            Remove {label}? Nobody will see it after this.
          </p>
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
    </li>
  );
}
