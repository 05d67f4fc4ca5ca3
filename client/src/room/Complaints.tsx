import { COMPLAINT_WORDS } from "./familyWords";

/**
 * How to complain about the process or the decision, and to whom (`000` ch.11, `001` 7.13). Shown in
 * the family view and on the waiting screen of someone out of the meeting (`001` 7.6.11).
 */
export function Complaints({
  young,
  chair,
  prefix,
}: {
  young: boolean;
  chair: string | undefined;
  prefix: string;
}) {
  const words = young ? COMPLAINT_WORDS.young : COMPLAINT_WORDS.family;
  return (
    <section aria-labelledby={`${prefix}complain`} className="mb-[40px]">
      <h2 id={`${prefix}complain`} className="mb-[15px] type-m">
        {words.heading}
      </h2>
      <p className="mb-[15px] type-body">{words.intro}</p>
      <ol className="mb-[15px] list-decimal space-y-[10px] pl-[20px] type-body">
        {words.steps(chair ?? "the chair").map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {words.agencies ? <p className="type-body">{words.agencies}</p> : null}
    </section>
  );
}
