import type { RecordCopy } from "../../../../shared/recordCopy";
import type { RichBlock } from "../../../../shared/richText";
import { formatDate, formatDateTime } from "../../lib/time";

/**
 * A copy of the record on screen, as the server built it for one recipient (GET /api/record/copies/:id):
 * the same sections in the same order as the PDF and the Word file.
 */
export function RecordView({ copy, headingLevel = 3 }: { copy: RecordCopy; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  const person = (p: { name: string; roleLabel: string; agency: string | null } | null) =>
    p ? [p.name, p.roleLabel, p.agency].filter(Boolean).join(", ") : "not recorded";
  return (
    <article
      className="type-body"
      aria-label={`Copy of the record${copy.recipient ? ` for ${copy.recipient.name}` : ""}`}
    >
      <p className="mb-[10px]">
        {copy.signedOff
          ? `Signed off by ${copy.signedOff.by ?? "the chair"} on ${formatDateTime(copy.signedOff.at)}.`
          : "Draft: not signed off yet."}
      </p>
      {copy.notes.map((n) => (
        <p key={n} className="mb-[10px] italic">
          {n}
        </p>
      ))}
      <H className="mt-[20px] mb-[10px] type-s">Who attended</H>
      <ul className="list-disc pl-[20px]">
        {copy.attendance.attended.map((p) => (
          <li key={`${p.name}-${p.role}`}>{person(p)}</li>
        ))}
      </ul>
      {copy.attendance.apologies.length > 0 ? (
        <p className="mt-[5px]">Apologies: {copy.attendance.apologies.map((p) => person(p)).join("; ")}</p>
      ) : null}
      <p className="mt-[5px]">
        {copy.quorum.quorate ? "Quorate" : "Not quorate"}
        {copy.quorum.agencies.length > 0 ? `: ${copy.quorum.agencies.join(", ")}` : ": no agency took part"}.
      </p>
      {copy.exclusions.length > 0 ? (
        <>
          <H className="mt-[20px] mb-[10px] type-s">Exclusions</H>
          <ul className="list-disc pl-[20px]">
            {copy.exclusions.map((e) => (
              <li key={`${e.who}-${e.startAt}`}>
                {e.who}: {e.ground} ({formatDateTime(e.startAt)}
                {e.minutes !== null ? `, ${e.minutes} minutes` : ""}){e.note ? `. ${e.note}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {copy.children.map((c) => (
        <section key={c.id}>
          <H className="mt-[20px] mb-[10px] type-s">The decision for {c.name}</H>
          <p className="font-bold">{c.decision?.text ?? "No decision recorded."}</p>
          {c.decision?.rationale ? <p>Reasons: {c.decision.rationale}</p> : null}
          {c.outcome?.kind === "plan" ? (
            <ul className="list-disc pl-[20px]">
              <li>Key worker: {person(c.outcome.keyWorker)}</li>
              <li>Core group: {c.outcome.coreGroup.map(person).join("; ")}</li>
              <li>
                First core group meeting:{" "}
                {c.outcome.firstCoreGroupDate ? formatDate(c.outcome.firstCoreGroupDate) : "not set"}
              </li>
              <li>Next review conference: {formatDate(c.outcome.nextReviewDate)}</li>
            </ul>
          ) : null}
          {c.outcome?.kind === "child_in_need" ? (
            <ul className="list-disc pl-[20px]">
              {c.outcome.recommendations.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          {c.scaling.length > 0 ? (
            <>
              <Sub className="mt-[10px] font-bold">Safety scaling</Sub>
              <ul className="list-disc pl-[20px]">
                {c.scaling.map((s) => (
                  <li key={`${s.name}-${s.role}`}>
                    {person(s)}: {s.score} — {s.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {c.dissent.length > 0 ? (
            <p>Dissent: {c.dissent.map((d) => `${person(d)}: ${d.reason}`).join("; ")}</p>
          ) : null}
        </section>
      ))}
      <H className="mt-[20px] mb-[10px] type-s">The chair's summary</H>
      {copy.chairsSummary.length === 0 ? <p>Not in this copy.</p> : null}
      {copy.chairsSummary.map((s) => (
        <Blocks key={s.id} blocks={s.blocks} />
      ))}
      {[
        ["Danger statement", copy.dangerStatements],
        ["Safety goals", copy.safetyGoals],
        ["The child's voice", copy.childsVoice],
        ...copy.mapping.map((a) => [a.label, a.items] as const),
        ["Views sent to the chair", copy.familyViews],
      ].map(([title, items]) =>
        (items as RecordCopy["dangerStatements"]).length > 0 ? (
          <section key={title as string}>
            <H className="mt-[20px] mb-[10px] type-s">{title as string}</H>
            <ul className="list-disc pl-[20px]">
              {(items as RecordCopy["dangerStatements"]).map((i) => (
                <li key={i.id} className="whitespace-pre-wrap">
                  {i.text} <span className="text-secondary">({i.by})</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null,
      )}
      <H className="mt-[20px] mb-[10px] type-s">The plan</H>
      <ol className="list-decimal pl-[20px]">
        {copy.plan.actions.map((a) => (
          <li key={a.id}>
            {a.what} — {a.who}, by {a.byWhen === "ongoing" ? "ongoing" : formatDate(a.byWhen)}. {a.outcome}
          </li>
        ))}
      </ol>
      <Sub className="mt-[10px] font-bold">Contingency plan</Sub>
      <Blocks blocks={copy.plan.contingency} />
      <Sub className="mt-[10px] font-bold">Bottom lines</Sub>
      <Blocks blocks={copy.plan.bottomLines} />
      <H className="mt-[20px] mb-[10px] type-s">Minutes</H>
      {copy.minutes.every((m) => m.agendaItem === "chairs_summary") ? <p>No minutes in this copy.</p> : null}
      {copy.minutes
        .filter((m) => m.agendaItem !== "chairs_summary")
        .map((m) => (
          <section key={m.agendaItem}>
            <Sub className="mt-[10px] font-bold">{m.label}</Sub>
            {m.sections.map((s) => (
              <Blocks key={s.id} blocks={s.blocks} />
            ))}
          </section>
        ))}
      {copy.addenda.length > 0 ? (
        <>
          <H className="mt-[20px] mb-[10px] type-s">Addenda</H>
          {copy.addenda.map((a) => (
            <p key={`${a.at}`} className="whitespace-pre-wrap">
              <strong>
                {formatDateTime(a.at)}, {a.by}:
              </strong>{" "}
              {a.text}
            </p>
          ))}
        </>
      ) : null}
    </article>
  );
}

function Blocks({ blocks }: { blocks: RichBlock[] }) {
  if (blocks.length === 0) return <p className="text-secondary">Nothing written.</p>;
  return (
    <div className="space-y-[5px]">
      {blocks.map((b, i) => {
        const text = b.runs.map((r, j) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs of a block are static text in order
          <span key={`${i}-${j}`} className={`${r.bold ? "font-bold" : ""} ${r.italic ? "italic" : ""}`}>
            {r.text}
          </span>
        ));
        // Blocks of a signed or drafted copy are static: their order is their identity.
        const key = `${b.type}-${i}`;
        if (b.type === "bullet" || b.type === "numbered")
          return (
            <p key={key} className={b.depth > 0 ? "pl-[40px]" : "pl-[20px]"}>
              {b.type === "bullet" ? "• " : `${b.number}. `}
              {text}
            </p>
          );
        if (b.type === "quote")
          return (
            <p key={key} className="border-l-[5px] border-border pl-[10px] italic">
              {text}
            </p>
          );
        return (
          <p key={key} className={b.type === "heading" ? "font-bold" : ""}>
            {text}
          </p>
        );
      })}
    </div>
  );
}
