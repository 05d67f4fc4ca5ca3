import type { VoiceEntry } from "../../../shared/childsVoice";
import type { ContentEntry, ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { Tag } from "../components/Tag";
import { CommandError } from "./CommandError";
import { ItemVisibilityControls } from "./ItemVisibilityControls";
import { RoomPanel } from "./Panel";
import { describePerson } from "./people";
import { useRoom } from "./RoomContext";
import { useCommand } from "./useCommand";
import { useContentOfKind } from "./useFamilyData";
import { useConference, useParticipants } from "./useRoomData";
import { VisibilityTags } from "./VisibilityTags";
import { VoiceFile, wishWords } from "./VoiceFile";
import { VoiceForm } from "./VoiceForm";

const FORM_LABEL: Record<VoiceEntry["form"], string> = {
  words: "Words",
  letter: "Letter",
  picture: "Picture",
};

function whoseVoice(
  entry: ContentEntry,
  all: Record<string, ParticipantEntry>,
  childName: (id: string) => string,
) {
  const yp = entry.voice?.youngPersonId ? all[entry.voice.youngPersonId] : undefined;
  if (yp) return yp.name;
  return entry.children.map(childName).join(" and ") || "a child";
}

function VoiceItem({
  entry,
  all,
  childName,
}: {
  entry: ContentEntry;
  all: Record<string, ParticipantEntry>;
  childName: (id: string) => string;
}) {
  const { status, canAct } = useRoom();
  const confirm = useCommand();
  const voice = entry.voice!;
  const whose = whoseVoice(entry, all, childName);
  const author = all[entry.authorId];
  const name = (id: string) => all[id]?.name ?? "a family member";
  const label = voice.title || `${FORM_LABEL[voice.form]} from ${whose}`;
  return (
    <li className="border-b border-border py-[15px]">
      <div className="mb-[5px] flex flex-wrap items-center justify-between gap-2">
        <h3 className="type-s">{label}</h3>
        <VisibilityTags entry={entry} participants={all} />
      </div>
      <p className="mb-[10px] type-small text-secondary">
        <Tag colour="grey">{FORM_LABEL[voice.form]}</Tag> {whose}&apos;s views
        {author && author.id !== voice.youngPersonId
          ? `, brought by ${author.name} (${describePerson(author, all)})`
          : ""}
      </p>
      {entry.text ? <p className="mb-[10px] type-body whitespace-pre-wrap">{entry.text}</p> : null}
      {voice.file ? <VoiceFile contentId={entry.id} file={voice.file} form={voice.form} alt={label} /> : null}
      <p className="mt-[10px] type-body">
        {voice.youngPersonId ? `${whose} wants ` : "They want "}
        <strong>{wishWords(voice.wish, name)}</strong> to see it.{" "}
        {voice.confirmed ? "The chair has confirmed this." : "Waiting for the chair to confirm."}
      </p>
      {status.isChair && canAct && !voice.confirmed ? (
        <Button
          className="mt-[5px]"
          disabled={confirm.busy}
          onClick={() => void confirm.run({ type: "voice.confirm", contentId: entry.id })}
        >
          Confirm {voice.youngPersonId ? `${whose}'s` : "their"} choice
          <span className="sr-only"> ({label})</span>
        </Button>
      ) : null}
      <CommandError text={confirm.error} />
      <ItemVisibilityControls entry={entry} label={label} participants={all} />
    </li>
  );
}

/**
 * The child's voice (agenda item 2): what a young person, or their advocate or social worker for them,
 * brought into the meeting — words, letters and pictures — with who the young person wants to see
 * each and the chair's confirmation. Kept for the record.
 */
export function ChildsVoice() {
  const { status, me, canAct } = useRoom();
  const all = useParticipants();
  const conference = useConference();
  const items = useContentOfKind("childs_voice");
  const childName = (id: string) => conference?.children.find((c) => c.id === id)?.name ?? "a child";
  const canBring = canAct && (status.isChair || me.role === "social_worker" || me.role === "team_manager");
  const people = Object.values(all);
  return (
    <RoomPanel id="childs-voice-title" title="The child's voice">
      {items.length === 0 ? (
        <p className="mb-[15px] type-body text-secondary">Nothing from the children yet.</p>
      ) : (
        <ul aria-labelledby="childs-voice-title" className="mb-[15px]">
          {items.map((entry) => (
            <VoiceItem key={entry.id} entry={entry} all={all} childName={childName} />
          ))}
        </ul>
      )}
      {canBring ? (
        <details>
          <summary className="cursor-pointer type-body text-link underline focus-visible:bg-focus focus-visible:text-ink focus-visible:outline-3 focus-visible:outline-transparent">
            Add a child's views
          </summary>
          <div className="mt-[15px]">
            <VoiceForm
              mode="for"
              family={people
                .filter((p) => p.role === "parent" || p.role === "carer")
                .map((p) => ({ id: p.id, name: p.name }))}
              speakers={people
                .filter((p) => p.role === "young_person")
                .map((p) => ({ id: p.id, name: p.name }))}
              household={(conference?.children ?? []).map((c) => ({ id: c.id, name: c.name }))}
            />
          </div>
        </details>
      ) : null}
    </RoomPanel>
  );
}
