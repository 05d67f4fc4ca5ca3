import type * as Y from "yjs";
import type { FamilyRoom } from "../../../shared/views";
import { useRoom } from "./RoomContext";
import { type FamilyItemView, useFamilyItems } from "./useRoomData";
import { VoiceFile, wishWords } from "./VoiceFile";
import { VoiceForm } from "./VoiceForm";

type Voice = FamilyItemView & { id: string };

function VoiceCard({ item, room }: { item: Voice; room: FamilyRoom }) {
  const voice = item.voice!;
  const own = voice.whose === "You";
  const name = (id: string) => room.family?.find((p) => p.id === id)?.name ?? "someone";
  const label = voice.title || (own ? "Your views" : `${voice.whose}'s views`);
  return (
    <li className="border-l-[5px] border-brand py-[5px] pl-[15px]">
      <h3 className="mb-[5px] type-s">{label}</h3>
      {item.text ? <p className="mb-[10px] type-body whitespace-pre-wrap">{item.text}</p> : null}
      {voice.file ? <VoiceFile contentId={item.id} file={voice.file} form={voice.form} alt={label} /> : null}
      {own && voice.wish ? (
        <p className="mt-[10px] type-body">
          You want <strong>{wishWords(voice.wish, name)}</strong> to see it.{" "}
          {voice.confirmed ? "The chair has agreed." : "The chair will check this."}
        </p>
      ) : (
        <p className="mt-[5px] type-small text-secondary">From: {own ? "You" : voice.whose}</p>
      )}
    </li>
  );
}

/**
 * The child's voice in the family view: what the children have said that this person may see; for a
 * young person, their own views (and who they want to see them) and a place to add more — words, a
 * letter or a picture.
 */
export function FamilyVoice({
  doc,
  room,
  heading,
  prefix,
  interactive,
}: {
  doc: Y.Doc | undefined;
  room: FamilyRoom;
  heading: string;
  prefix: string;
  interactive: boolean;
}) {
  const items = Object.entries(useFamilyItems(doc))
    .map(([id, item]) => ({ id, ...item }))
    .filter((i) => i.kind === "childs_voice" && i.voice)
    .sort((a, b) => a.position - b.position);
  const young = room.principal.role === "young_person";
  if (!young && items.length === 0) return null;
  return (
    <section aria-labelledby={`${prefix}voices`} className="mb-[40px]">
      <h2 id={`${prefix}voices`} className="mb-[15px] type-m">
        {heading}
      </h2>
      {items.length === 0 ? (
        <p className="mb-[15px] type-body">You can add your views here: some words, a letter or a picture.</p>
      ) : (
        <ul className="mb-[20px] space-y-[15px]">
          {items.map((item) => (
            <VoiceCard key={item.id} item={item} room={room} />
          ))}
        </ul>
      )}
      {young && interactive ? <AddMyViews room={room} /> : null}
    </section>
  );
}

function AddMyViews({ room }: { room: FamilyRoom }) {
  const { canAct } = useRoom();
  if (!canAct) return null;
  return (
    <details className="border-2 border-border p-[10px]">
      <summary className="min-h-11 cursor-pointer py-[8px] type-body font-bold text-link underline focus-visible:bg-focus focus-visible:text-ink focus-visible:outline-3 focus-visible:outline-transparent">
        Add my views
      </summary>
      <div className="mt-[15px]">
        <VoiceForm mode="self" family={(room.family ?? []).map((p) => ({ id: p.id, name: p.name }))} />
      </div>
    </details>
  );
}
