import { useCallback, useSyncExternalStore } from "react";
import * as Y from "yjs";
import { excerpt } from "../../../shared/textChange";
import type { ContentEntry } from "../../../shared/views";
import { MAPPING_AREA_LABEL } from "../../../shared/visibility";
import { useRoom } from "./RoomContext";

const KIND_LABEL: Record<ContentEntry["kind"], string> = {
  mapping_item: "Mapping item",
  danger_statement: "Danger statement",
  safety_goal: "Safety goal",
  family_contribution: "From the family",
  childs_voice: "The child's voice",
  minute_section: "Minutes",
};

/** The live text of an item: its own text (family, child's voice) or its professional Y.Text. */
function useItemText(entry: ContentEntry): string {
  const { professionalDoc } = useRoom();
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!professionalDoc) return () => {};
      const texts = professionalDoc.getMap("texts");
      texts.observeDeep(onChange);
      return () => texts.unobserveDeep(onChange);
    },
    [professionalDoc],
  );
  const read = () => {
    if (entry.text !== undefined) return entry.text;
    const text = professionalDoc?.getMap("texts").get(entry.id);
    return text instanceof Y.Text ? text.toString() : "";
  };
  return useSyncExternalStore(subscribe, read);
}

/** What an item is, in a line: "Worries: past harm: “Police were called in May…”". */
export function itemTitle(entry: ContentEntry): string {
  if (entry.voice) return entry.voice.title || `${KIND_LABEL.childs_voice} (${entry.voice.form})`;
  return entry.area ? MAPPING_AREA_LABEL[entry.area] : KIND_LABEL[entry.kind];
}

export function ItemSummary({ entry }: { entry: ContentEntry }) {
  const text = useItemText(entry).trim();
  const short = excerpt(text, 80);
  return (
    <span>
      <strong>{itemTitle(entry)}</strong>
      {short ? <span className="block type-small text-secondary">“{short}”</span> : null}
    </span>
  );
}
