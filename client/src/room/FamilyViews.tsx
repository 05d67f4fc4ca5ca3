import type { ContentEntry, ParticipantEntry } from "../../../shared/views";
import { MAPPING_AREA_LABEL } from "../../../shared/visibility";
import { ItemVisibilityControls } from "./ItemVisibilityControls";
import { RoomPanel } from "./Panel";
import { describePerson } from "./people";
import { useContentOfKind } from "./useFamilyData";
import { useParticipants } from "./useRoomData";
import { VisibilityTags } from "./VisibilityTags";

const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
});

function byWhom(entry: ContentEntry, all: Record<string, ParticipantEntry>): string {
  const p = all[entry.authorId];
  return p ? `${p.name}, ${describePerson(p, all)}` : "someone no longer listed";
}

function Contribution({
  entry,
  heading,
  all,
}: {
  entry: ContentEntry;
  heading: string;
  all: Record<string, ParticipantEntry>;
}) {
  const by = byWhom(entry, all);
  return (
    <li className="border-b border-border py-[10px]">
      <div className="mb-[5px] flex flex-wrap items-center justify-between gap-2">
        <p className="type-body font-bold">{heading}</p>
        <VisibilityTags entry={entry} participants={all} />
      </div>
      <p className="type-body whitespace-pre-wrap">{entry.text}</p>
      <p className="mt-[3px] type-small text-secondary">
        From {by}, at {clock.format(entry.createdAt)}
      </p>
      <ItemVisibilityControls
        entry={entry}
        label={`${heading}, from ${all[entry.authorId]?.name ?? ""}`}
        participants={all}
      />
    </li>
  );
}

/**
 * What the family have added (their worries, what is going well, next steps), for the professionals:
 * each seen by the family's own group and the professionals only, until the chair shares it. In a
 * split conference, words from one side are withheld from the other (shown as a tag).
 */
export function FamilyViews() {
  const all = useParticipants();
  const items = useContentOfKind("family_contribution").filter((e) => e.area !== undefined);
  return (
    <RoomPanel id="family-views-title" title={`What the family have said (${items.length})`}>
      {items.length === 0 ? (
        <p className="type-body text-secondary">Nothing from the family yet.</p>
      ) : (
        <ul aria-labelledby="family-views-title">
          {items.map((entry) => (
            <Contribution
              key={entry.id}
              entry={entry}
              heading={entry.area ? MAPPING_AREA_LABEL[entry.area] : "Views"}
              all={all}
            />
          ))}
        </ul>
      )}
    </RoomPanel>
  );
}

/** Views a family member sent for the chair to present (also while out of the meeting, `001` 7.6.13). */
export function ViewsForChair() {
  const all = useParticipants();
  const items = useContentOfKind("family_contribution").filter((e) => e.area === undefined);
  return (
    <RoomPanel id="views-for-chair-title" title={`Views sent to the chair (${items.length})`}>
      {items.length === 0 ? (
        <p className="type-body text-secondary">No views sent yet.</p>
      ) : (
        <ul aria-labelledby="views-for-chair-title" aria-live="polite">
          {items.map((entry) => (
            <Contribution key={entry.id} entry={entry} heading="Views for the chair" all={all} />
          ))}
        </ul>
      )}
    </RoomPanel>
  );
}
