import { type PlanAction, planActions } from "./record";
import type { RoomState } from "./room";

/**
 * The state document's `record` map (full view only): the plan's actions, whether the plan is shared
 * with the family, the sign-off and the addenda. The minutes are in the professional document; the
 * copies and the distribution log are served to the chair over HTTP (docs/API.md).
 */
export interface RecordSection {
  signedOff: { at: number; by: string; byName: string } | null;
  addenda: { id: string; at: number; by: string; byName: string; text: string }[];
  planShared: boolean;
  /** In order. */
  actions: (PlanAction & { byName: string })[];
}

export function recordSection(state: RoomState): RecordSection {
  const name = (id: string) => state.participants[id]?.name ?? "";
  const r = state.record;
  return {
    signedOff: r.signedOff ? { ...r.signedOff, byName: name(r.signedOff.by) } : null,
    addenda: r.addenda.map((a) => ({ ...a, byName: name(a.by) })),
    planShared: r.plan.shared,
    actions: planActions(r).map((a) => ({ ...a, byName: name(a.by) })),
  };
}
