import type { ContentEntry, ParticipantEntry } from "../../../shared/views";
import { Tag } from "../components/Tag";

/** Who can see an item, in words: professionals only, shared with the family, withheld from someone. */
export function VisibilityTags({
  entry,
  participants,
}: {
  entry: ContentEntry;
  participants: Record<string, ParticipantEntry>;
}) {
  const name = (id: string) => participants[id]?.name ?? "a family member";
  return (
    <span className="flex flex-wrap gap-1">
      {entry.audience === "family" ? (
        <Tag colour="green">Shared with family</Tag>
      ) : (
        <Tag colour="grey">Professionals only</Tag>
      )}
      {entry.withheldFrom.map((id) => (
        <Tag key={`w-${id}`} colour="red">
          Withheld from {name(id)}
        </Tag>
      ))}
      {entry.heldFrom.map((id) => (
        <Tag key={`h-${id}`} colour="yellow">
          Held from {name(id)}
        </Tag>
      ))}
      {entry.audience === "family" && entry.forYoungPeople ? (
        <Tag colour="green">Young people see it</Tag>
      ) : null}
      {entry.voice && !entry.voice.confirmed ? <Tag colour="yellow">Waiting for the chair</Tag> : null}
      {entry.chairDecided ? <Tag colour="blue">Chair decided</Tag> : null}
    </span>
  );
}
