import type * as Y from "yjs";
import type { FamilyPlanAction } from "../../../../shared/record";
import { formatDate } from "../../lib/time";
import { useYMap } from "../../sync/hooks";

/**
 * The plan in a family member's view, once the chair shares it (projection map `plan`): what will
 * happen, who will do it, by when and why; what happens if things do not change; the bottom lines.
 */
export function FamilyPlan({ doc, prefix }: { doc: Y.Doc | undefined; prefix: string }) {
  const plan = useYMap(doc, "plan") as {
    actions?: FamilyPlanAction[];
    contingency?: string;
    bottomLines?: string;
  };
  if (!plan.actions) return null;
  const id = `${prefix}plan`;
  return (
    <section aria-labelledby={id} className="mb-[40px]">
      <h2 id={id} className="mb-[15px] type-m">
        The plan
      </h2>
      <p className="mb-[15px] type-body">What everyone has agreed to do to keep the children safe.</p>
      {plan.actions.length === 0 ? <p className="type-body">No actions yet.</p> : null}
      <ol className="space-y-[15px]">
        {plan.actions.map((a) => (
          <li
            key={`${a.what}-${a.who}-${a.byWhen}`}
            className="border-l-[5px] border-brand py-[5px] pl-[15px] type-body"
          >
            <p className="font-bold">{a.what}</p>
            <p>Who: {a.who}</p>
            <p>By when: {a.byWhen === "ongoing" ? "All the time" : formatDate(a.byWhen)}</p>
            <p>Why: {a.outcome}</p>
            {a.children.length > 0 ? <p className="text-secondary">For {a.children.join(" and ")}</p> : null}
          </li>
        ))}
      </ol>
      {plan.contingency ? (
        <>
          <h3 className="mt-[20px] mb-[10px] type-s">If things do not change</h3>
          <p className="type-body whitespace-pre-wrap">{plan.contingency}</p>
        </>
      ) : null}
      {plan.bottomLines ? (
        <>
          <h3 className="mt-[20px] mb-[10px] type-s">Bottom lines</h3>
          <p className="mb-[5px] type-small text-secondary">Things that must happen, or must not happen.</p>
          <p className="type-body whitespace-pre-wrap">{plan.bottomLines}</p>
        </>
      ) : null}
    </section>
  );
}
