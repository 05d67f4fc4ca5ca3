import { useState } from "react";
import type { ContentEntry } from "../../../shared/views";
import type { MappingArea } from "../../../shared/visibility";
import { MAPPING_AREA_LABEL } from "../../../shared/visibility";
import { Button } from "../components/Button";
import { CommandError } from "./CommandError";
import { MappingItem } from "./MappingItem";
import { RoomPanel } from "./Panel";
import { useRoom } from "./RoomContext";
import { useCommand } from "./useCommand";
import { useConference, useContent, useParticipants } from "./useRoomData";

type Kind = "mapping_item" | "danger_statement" | "safety_goal";
interface Section {
  key: string;
  title: string;
  kind: Kind;
  area?: MappingArea;
  /** The item's name in labels: "Danger statement 1", "Grey areas, item 2". */
  itemLabel: (n: number) => string;
  addLabel: string;
}

const SECTIONS: Section[] = [
  {
    key: "danger",
    title: "Danger statement",
    kind: "danger_statement",
    itemLabel: (n) => `Danger statement ${n}`,
    addLabel: "Add a danger statement",
  },
  {
    key: "goals",
    title: "Safety goals",
    kind: "safety_goal",
    itemLabel: (n) => `Safety goal ${n}`,
    addLabel: "Add a safety goal",
  },
  ...(Object.entries(MAPPING_AREA_LABEL) as [MappingArea, string][]).map(([area, title]) => ({
    key: area,
    title,
    kind: "mapping_item" as const,
    area,
    itemLabel: (n: number) => `${title}, item ${n}`,
    addLabel: `Add to ${title.toLowerCase()}`,
  })),
];

function inSection(entry: ContentEntry, section: Section): boolean {
  return (
    !entry.removed &&
    entry.kind === section.kind &&
    (section.kind !== "mapping_item" || entry.area === section.area)
  );
}

/** The Signs of Safety mapping: the danger statement, safety goals and the seven areas, each in order. */
export function Mapping() {
  const { canWriteText, canAct } = useRoom();
  const content = useContent();
  const participants = useParticipants();
  const conference = useConference();
  const add = useCommand();
  const [created, setCreated] = useState<string | null>(null);
  const [addError, setAddError] = useState<{ section: string; text: string } | null>(null);
  const canAdd = canWriteText && canAct;
  const entries = Object.values(content);
  const create = async (section: Section) => {
    const ack = await add.run({
      type: "content.create",
      kind: section.kind,
      ...(section.area ? { area: section.area } : {}),
      children: [],
    });
    if (ack.ok) {
      setCreated(String(ack.result?.contentId ?? ""));
      setAddError(null);
    } else setAddError({ section: section.key, text: add.error ?? "" });
  };
  return (
    <RoomPanel id="mapping-title" title="Mapping">
      {canAdd ? (
        <p className="mb-[15px] border-l-[10px] border-border p-[10px] type-body">
          New items are seen by professionals only until they are shared with the family.
        </p>
      ) : null}
      {SECTIONS.map((section) => {
        const items = entries.filter((e) => inSection(e, section)).sort((a, b) => a.position - b.position);
        const headingId = `section-${section.key}`;
        return (
          <section key={section.key} aria-labelledby={headingId} className="mb-[20px]">
            <h3 id={headingId} className="mb-[5px] type-s">
              {section.title}
            </h3>
            {items.length === 0 ? <p className="type-small text-secondary">Nothing added yet.</p> : null}
            <ul aria-labelledby={headingId}>
              {items.map((entry, i) => (
                <MappingItem
                  key={entry.id}
                  entry={entry}
                  label={section.itemLabel(i + 1)}
                  previousId={items[i - 1]?.id ?? null}
                  nextNextId={items[i + 2]?.id ?? null}
                  isLast={i === items.length - 1}
                  participants={participants}
                  subjects={conference?.children ?? []}
                  autoFocus={entry.id === created}
                />
              ))}
            </ul>
            {canAdd ? (
              <Button
                variant="secondary"
                className="mt-[5px] min-h-9 px-2 py-1 type-small"
                disabled={add.busy}
                onClick={() => void create(section)}
              >
                {section.addLabel}
              </Button>
            ) : null}
            {addError?.section === section.key ? <CommandError text={add.error} /> : null}
          </section>
        );
      })}
    </RoomPanel>
  );
}
