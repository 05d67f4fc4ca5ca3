import { useState } from "react";
import { AGENDA_LABEL, type AgendaItem } from "../../../../shared/room";
import { Button } from "../../components/Button";
import { Select } from "../../components/Select";
import { CommandError } from "../CommandError";
import { RoomPanel } from "../Panel";
import { useCommand } from "../useCommand";
import { useConference, useContent, useParticipants } from "../useRoomData";
import { LiveFacts } from "./LiveFacts";
import { MinuteSection } from "./MinuteSection";
import { useCanWriteRecord } from "./useRecord";

/**
 * The minutes during the meeting (SCREENS.md, minute taker's view): the minutes of one agenda item —
 * the current one unless the minute taker picks another — beside what the app fills in itself.
 */
export function MinutesPart({ current }: { current: AgendaItem | undefined }) {
  const conference = useConference();
  const [chosen, setChosen] = useState<{ item: AgendaItem | undefined; pick: AgendaItem } | null>(null);
  const items = conference?.agenda.items ?? [];
  const item = chosen && chosen.item === current ? chosen.pick : (current ?? items[0]);
  return (
    <div className="@container">
      <div className="grid gap-x-[20px] @min-[720px]:grid-cols-[minmax(0,1fr)_260px]">
        <div className="min-w-0">
          <RoomPanel id="minutes-title" title="Minutes">
            <Select
              id="minutes-item"
              label="Agenda item"
              value={item ?? ""}
              onChange={(v) => setChosen({ item: current, pick: v as AgendaItem })}
              options={items.map((i) => ({ value: i, label: AGENDA_LABEL[i] }))}
            />
            {item ? <MinutesOfItem item={item} /> : null}
          </RoomPanel>
        </div>
        <LiveFacts />
      </div>
    </div>
  );
}

/** Every section of one agenda item's minutes, with starting them and adding a part. */
export function MinutesOfItem({ item, headingLevel = 3 }: { item: AgendaItem; headingLevel?: 2 | 3 }) {
  const content = useContent();
  const participants = useParticipants();
  const canWrite = useCanWriteRecord();
  const cmd = useCommand();
  const sections = Object.values(content)
    .filter((c) => c.kind === "minute_section" && c.agendaItem === item && !c.removed)
    .sort((a, b) => a.createdAt - b.createdAt);
  const label = AGENDA_LABEL[item];
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="mb-[25px]">
      <Heading className={`mb-[10px] ${headingLevel === 2 ? "type-m" : "type-s"}`}>{label}</Heading>
      {sections.length === 0 ? (
        <p className="mb-[10px] type-body text-secondary">No minutes written for this item yet.</p>
      ) : null}
      {sections.map((entry, i) => (
        <MinuteSection
          key={entry.id}
          entry={entry}
          label={i === 0 ? `Minutes: ${label}` : `Minutes: ${label}, part ${i + 1}`}
          removable={i > 0}
          participants={participants}
          canWrite={canWrite}
        />
      ))}
      {canWrite ? (
        <div className="flex flex-wrap gap-2">
          {sections.length === 0 ? (
            <Button
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "minutes.open", agendaItem: item })}
            >
              Start the minutes<span className="sr-only"> of {label}</span>
            </Button>
          ) : (
            <Button
              variant="secondary"
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "minutes.addPart", agendaItem: item, children: [] })}
            >
              Add a part<span className="sr-only"> to the minutes of {label}</span>
            </Button>
          )}
        </div>
      ) : null}
      {canWrite && sections.length > 0 ? (
        <p className="mt-[5px] type-small text-secondary">
          A part can be shared, withheld or kept for professionals on its own. While a family member is out of
          the meeting, write in a new part: anything written then is held from them.
        </p>
      ) : null}
      <CommandError text={cmd.error} />
    </div>
  );
}
