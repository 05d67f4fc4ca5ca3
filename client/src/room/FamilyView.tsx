import { useState } from "react";
import type * as Y from "yjs";
import { ROLE_LABEL } from "../../../shared/domain";
import { useTitle } from "../lib/useTitle";
import { Complaints } from "./Complaints";
import { Contribute } from "./Contribute";
import { FamilyChildren } from "./decision/FamilyChildren";
import { FamilyVoice } from "./FamilyVoice";
import { FAMILY_AGENDA_WORDS, VIEW_WORDS, YOUNG_AGENDA_WORDS } from "./familyWords";
import { HandButton } from "./Hands";
import { RoomBanners } from "./RoomBanners";
import { useRoom } from "./RoomContext";
import { FamilyPlan } from "./record/FamilyPlan";
import { type FamilyItemView, useFamilyItems, useFamilyRoom } from "./useRoomData";

const KIND_LABEL: Record<string, string> = {
  danger_statement: "What we are worried could happen",
  safety_goal: "What needs to be true for the children to be safe",
  family_contribution: "Your views",
  minute_section: "Notes of the meeting",
};

type Item = FamilyItemView & { id: string };

function groupByArea(items: Item[]): [string, Item[]][] {
  const groups = new Map<string, Item[]>();
  for (const item of [...items].sort((a, b) => a.position - b.position)) {
    const label = item.areaLabel ?? KIND_LABEL[item.kind] ?? "Other";
    groups.set(label, [...(groups.get(label) ?? []), item]);
  }
  return [...groups];
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mb-[40px]">
      <h2 id={id} className="mb-[15px] type-m">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * What a family member (or the person with them) sees: who is here, what we are talking about now,
 * what has been shared with them, and a place to add what they think. One column, for a phone.
 * The chair's preview renders the same component with `interactive` off.
 */
export function FamilyView({ doc, interactive }: { doc: Y.Doc | undefined; interactive: boolean }) {
  const room = useFamilyRoom(doc);
  const items = Object.entries(useFamilyItems(doc)).map(([id, item]) => ({ id, ...item }));
  const [handRaised, setHandRaised] = useState(false);
  if (!room)
    return (
      <p role="status" className="type-body">
        Loading the conference…
      </p>
    );
  const current = room.agenda.items[room.agenda.current];
  // A young person's view: the same shape in simpler words (SCREENS.md), narrower content (the server's).
  const young = room.principal.role === "young_person";
  const w = young ? VIEW_WORDS.young : VIEW_WORDS.family;
  const now = current ? (young ? YOUNG_AGENDA_WORDS : FAMILY_AGENDA_WORDS)[current] : null;
  const shared = items.filter((i) => !i.mine && i.kind !== "childs_voice");
  const mine = items.filter((i) => i.mine && i.kind !== "childs_voice");
  const prefix = interactive ? "" : "preview-";
  return (
    <div className="max-w-[640px]">
      {interactive ? <FamilyTitle title={room.title} /> : null}
      {interactive ? <RoomBanners /> : null}
      {interactive ? (
        <>
          <span className="mb-[5px] block type-m font-normal text-secondary">{room.title}</span>
          <h1 className="mb-[30px] type-l">{w.heading}</h1>
        </>
      ) : null}
      <Section id={`${prefix}now`} title={w.now}>
        <div aria-live="polite" className="border-l-[10px] border-brand p-[15px]">
          <p className="mb-[5px] type-m" data-testid="family-current-item">
            {now?.title}
          </p>
          <p className="type-body">{now?.words}</p>
        </div>
        {interactive ? (
          <div className="mt-[20px]">
            <p className="mb-[10px] type-body">{w.hand}</p>
            <HandButton raised={handRaised} onChange={setHandRaised} />
          </div>
        ) : null}
      </Section>
      <FamilyChildren doc={doc} interactive={interactive} />
      <Section id={`${prefix}who`} title={w.who}>
        <ul className="space-y-[10px]">
          {room.present.map((p) => (
            <li key={`${p.name}-${p.role}`} className="border-b border-border pb-[10px] type-body">
              <strong>{p.name}</strong>
              <span className="block text-secondary">
                {ROLE_LABEL[p.role]}
                {p.agency ? `, ${p.agency}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section id={`${prefix}shared`} title={w.shared}>
        {shared.length === 0 ? (
          <p className="type-body">{w.nothingShared}</p>
        ) : (
          groupByArea(shared).map(([label, group]) => (
            <div key={label} className="mb-[20px]">
              <h3 className="mb-[10px] type-s">{label}</h3>
              <ul className="space-y-[10px]">
                {group.map((item) => (
                  <li key={item.id} className="border-l-[5px] border-border py-[5px] pl-[15px]">
                    <p className="type-body whitespace-pre-wrap">{item.text}</p>
                    <p className="mt-[5px] type-small text-secondary">From: {item.by}</p>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </Section>
      <FamilyVoice doc={doc} room={room} heading={w.voices} prefix={prefix} interactive={interactive} />
      <FamilyPlan doc={doc} prefix={prefix} />
      <Section id={`${prefix}yours`} title={w.yours}>
        <p className="mb-[15px] type-body">{w.yoursNote}</p>
        {mine.length > 0 ? (
          <div className="mb-[20px]">
            <h3 className="mb-[10px] type-s">{w.added}</h3>
            <ul className="space-y-[10px]">
              {mine.map((item) => (
                <li key={item.id} className="border-l-[5px] border-brand py-[5px] pl-[15px]">
                  <p className="type-small text-secondary">{item.areaLabel}</p>
                  <p className="type-body whitespace-pre-wrap">{item.text}</p>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {interactive ? <ContributeIfAllowed /> : null}
      </Section>
      <Complaints young={young} chair={room.present.find((p) => p.role === "chair")?.name} prefix={prefix} />
    </div>
  );
}

function FamilyTitle({ title }: { title: string }) {
  useTitle(title);
  return null;
}

function ContributeIfAllowed() {
  const { canAct } = useRoom();
  return canAct ? <Contribute /> : null;
}
