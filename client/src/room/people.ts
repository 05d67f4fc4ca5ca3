import { ROLE_LABEL } from "../../../shared/domain";
import type { ParticipantEntry } from "../../../shared/views";

/** "Social worker, Children's social care"; "Advocate, with Jo Example"; "Parent". */
export function describePerson(p: ParticipantEntry, all: Record<string, ParticipantEntry>): string {
  const role = ROLE_LABEL[p.role];
  if (p.supports) {
    const with_ = all[p.supports];
    return with_ ? `${role}, with ${with_.name}` : role;
  }
  return p.agency ? `${role}, ${p.agency}` : role;
}

export function byName(a: ParticipantEntry, b: ParticipantEntry): number {
  return a.name.localeCompare(b.name);
}

/** Family members: the people a projection is made for. */
export function isFamily(p: ParticipantEntry): boolean {
  return p.role === "parent" || p.role === "carer" || p.role === "young_person";
}
