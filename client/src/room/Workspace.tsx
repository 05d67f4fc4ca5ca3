import { type ReactNode, useState } from "react";
import type { AgendaItem } from "../../../shared/room";
import { ChildsVoice } from "./ChildsVoice";
import { DecisionWorkspace } from "./decision/DecisionWorkspace";
import { FamilyViews } from "./FamilyViews";
import { Mapping } from "./Mapping";
import { useRoom } from "./RoomContext";
import { MinutesPart } from "./record/MinutesPart";
import { PlanPart } from "./record/PlanPart";

/**
 * The workspace of the current agenda item (SCREENS.md: the centre of the chair's console and of a
 * professional's view). Each agenda item opens the part of the conference it is about; anyone can
 * look at another part without moving the agenda, and is brought back when the chair moves it.
 *
 * To add a part: a key in `PARTS` with its label and component, and the agenda items it belongs to
 * in `PART_FOR_ITEM`.
 */
type PartKey = "mapping" | "childs_voice" | "decision" | "plan" | "minutes";

const PARTS: Record<
  PartKey,
  {
    label: string;
    render: (current: AgendaItem | undefined) => ReactNode;
    /** Only for some roles (all when absent). */
    for?: readonly string[];
  }
> = {
  mapping: {
    label: "Mapping, danger statement and safety goals",
    render: () => (
      <>
        <Mapping />
        <FamilyViews />
      </>
    ),
  },
  childs_voice: { label: "The child's voice", render: () => <ChildsVoice /> },
  decision: { label: "Scaling, views and decision", render: () => <DecisionWorkspace /> },
  plan: { label: "The plan", render: () => <PlanPart /> },
  minutes: {
    label: "Minutes",
    render: (current) => <MinutesPart current={current} />,
    for: ["chair", "minute_taker"],
  },
};

/** The part each agenda item opens; items not listed open the mapping. */
const PART_FOR_ITEM: Partial<Record<AgendaItem, PartKey>> = {
  childs_voice: "childs_voice",
  decision: "decision",
  next_steps: "decision",
  plan: "plan",
};

export function partFor(item: AgendaItem | undefined): PartKey {
  return (item && PART_FOR_ITEM[item]) ?? "mapping";
}

export function Workspace({ current }: { current: AgendaItem | undefined }) {
  const { me } = useRoom();
  // The minute taker is taking the minutes, whatever the item.
  const automatic = me.role === "minute_taker" ? "minutes" : partFor(current);
  // The person's own choice holds until the chair moves the agenda on.
  const [chosen, setChosen] = useState<{ item: AgendaItem | undefined; part: PartKey } | null>(null);
  const part = chosen && chosen.item === current ? chosen.part : automatic;
  const keys = (Object.keys(PARTS) as PartKey[]).filter((key) => PARTS[key].for?.includes(me.role) ?? true);
  return (
    <div>
      {keys.length > 1 ? (
        <nav aria-label="Parts of the conference" className="mb-5">
          <ul className="flex flex-wrap gap-x-5 gap-y-2 border-b border-border">
            {keys.map((key) => (
              <li key={key}>
                <button
                  type="button"
                  aria-current={key === part ? "page" : undefined}
                  onClick={() => setChosen({ item: current, part: key })}
                  className={`-mb-px min-h-[44px] border-b-4 px-1 pb-2 type-body underline-offset-4 focus-visible:bg-focus focus-visible:text-ink focus-visible:shadow-[0_4px_0_var(--color-ink)] focus-visible:outline-3 focus-visible:outline-transparent ${key === part ? "border-brand font-bold" : "border-transparent text-link underline hover:text-link-hover"}`}
                >
                  {PARTS[key].label}
                  {key === automatic ? <span className="sr-only"> (the current agenda item)</span> : null}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {PARTS[part].render(current)}
    </div>
  );
}
