import type { ParticipantEntry } from "../../../shared/views";
import { Tag } from "../components/Tag";
import { AddInRoom } from "./AddInRoom";
import { RoomPanel } from "./Panel";
import { PersonActions } from "./PersonActions";
import { byName, describePerson } from "./people";
import { useRunningExclusions } from "./useFamilyData";
import { useParticipants } from "./useRoomData";

const GROUPS: { title: string; test: (p: ParticipantEntry) => boolean }[] = [
  { title: "Present", test: (p) => p.presence === "in_room" && !p.inRoomOnly },
  { title: "In the room without a device", test: (p) => p.presence === "in_room" && p.inRoomOnly },
  { title: "Apologies", test: (p) => p.presence === "apologies" },
  { title: "Left", test: (p) => p.presence === "left" },
  { title: "Not arrived", test: (p) => p.presence === "invited" },
  { title: "Removed or not let in", test: (p) => p.presence === "removed" || p.presence === "refused" },
];

function PersonTags({ person }: { person: ParticipantEntry }) {
  const tags: { text: string; colour: "grey" | "red" | "yellow" | "green" | "blue" }[] = [];
  if (person.muted) tags.push({ text: "Muted", colour: "red" });
  if (person.role === "observer") tags.push({ text: "Observer", colour: "grey" });
  if (person.late) tags.push({ text: "Late", colour: "yellow" });
  if (person.warnings > 0)
    tags.push({ text: person.warnings === 1 ? "Warned" : `Warned ${person.warnings} times`, colour: "red" });
  if (person.presence === "apologies")
    tags.push(
      person.reportSubmitted
        ? { text: "Report sent", colour: "green" }
        : { text: "No report", colour: "grey" },
    );
  if (person.presence === "in_room" && !person.inRoomOnly && !person.online)
    tags.push({ text: "Offline", colour: "grey" });
  if (tags.length === 0) return null;
  return (
    <span className="mt-[2px] flex flex-wrap gap-1">
      {tags.map((t) => (
        <Tag key={t.text} colour={t.colour}>
          <span className="type-small">{t.text}</span>
        </Tag>
      ))}
    </span>
  );
}

/** A supporter, advocate or interpreter is listed under the person they are with. */
function ordered(people: ParticipantEntry[]): ParticipantEntry[] {
  const sorted = [...people].sort(byName);
  const ids = new Set(sorted.map((p) => p.id));
  const out: ParticipantEntry[] = [];
  for (const p of sorted) {
    if (p.supports && ids.has(p.supports)) continue;
    out.push(p, ...sorted.filter((s) => s.supports === p.id));
  }
  return out;
}

/** The attendance register: who is present, in the room without a device, sent apologies or left. */
export function Register({ canAdd }: { canAdd: boolean }) {
  const all = useParticipants();
  const people = Object.values(all).filter((p) => p.presence !== "lobby");
  const out = new Set(useRunningExclusions().map((e) => e.participantId));
  return (
    <RoomPanel id="register-title" title="Register">
      {GROUPS.map((group) => {
        const members = ordered(people.filter(group.test));
        if (members.length === 0) return null;
        return (
          <div key={group.title} className="mb-[15px]">
            <h3 className="mb-[5px] type-body font-bold text-secondary">
              {group.title} ({members.length})
            </h3>
            <ul aria-label={group.title}>
              {members.map((p) => (
                <li key={p.id} className={`border-b border-border py-[6px] ${p.supports ? "pl-[15px]" : ""}`}>
                  <p className="type-body font-bold">{p.name}</p>
                  <p className="type-small text-secondary">{describePerson(p, all)}</p>
                  <PersonTags person={p} />
                  {out.has(p.id) || (p.supports !== null && out.has(p.supports)) ? (
                    <Tag colour="yellow">
                      <span className="type-small">Out of the meeting</span>
                    </Tag>
                  ) : null}
                  <PersonActions person={p} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {canAdd ? <AddInRoom /> : null}
    </RoomPanel>
  );
}
