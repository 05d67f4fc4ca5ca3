import type { FamilyRoom } from "../../../shared/views";
import { COMPLAINT_WORDS } from "./familyWords";

/** How to complain about the process or the decision, and to whom (`000` ch.11, `001` 7.13). */
export function Complaints({ room, prefix }: { room: FamilyRoom; prefix: string }) {
  const words = room.principal.role === "young_person" ? COMPLAINT_WORDS.young : COMPLAINT_WORDS.family;
  const chair = room.present.find((p) => p.role === "chair")?.name ?? "the chair";
  return (
    <section aria-labelledby={`${prefix}complain`} className="mb-[40px]">
      <h2 id={`${prefix}complain`} className="mb-[15px] type-m">
        {words.heading}
      </h2>
      <p className="mb-[15px] type-body">{words.intro}</p>
      <ol className="mb-[15px] list-decimal space-y-[10px] pl-[20px] type-body">
        {words.steps(chair).map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {words.agencies ? <p className="type-body">{words.agencies}</p> : null}
    </section>
  );
}
