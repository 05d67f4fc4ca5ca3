import type * as Y from "yjs";
import { isAttachedRole, ROLE_LABEL } from "../../../../shared/domain";
import type { FamilyChild, FamilyDecision } from "../../../../shared/views";
import { useRoom } from "../RoomContext";
import { useFamilyRoom } from "../useRoomData";
import { ScaleForm } from "./ScaleForm";
import { useChildCommand } from "./useChildCommand";
import { useFamilyChildren } from "./useChildren";
import { longDate, roleWords } from "./words";

/**
 * For a family member (and the supporter, advocate or interpreter with them), per child: the
 * decision in plain words and what happens next, their safety scale while the chair asks for it, and
 * the scales the chair shared. One column; plain English; the chair's preview shows it read-only.
 */
export function FamilyChildren({ doc, interactive }: { doc: Y.Doc | undefined; interactive: boolean }) {
  const children = Object.entries(useFamilyChildren(doc));
  const room = useFamilyRoom(doc);
  const { me, canAct } = useRoom();
  if (children.length === 0 || !room) return null;
  // A supporter, advocate or interpreter enters the scale of the person they are with.
  const forOther = interactive && isAttachedRole(me.role) ? room.principal.name : null;
  const prefix = interactive ? "family" : "preview-family";
  return (
    <>
      {children.map(([childId, child]) => (
        <ChildPart
          key={childId}
          id={`${prefix}-${childId}`}
          childId={childId}
          child={child}
          forOther={forOther}
          canScale={interactive && canAct && child.scaling.open}
        />
      ))}
    </>
  );
}

function ChildPart({
  id,
  childId,
  child,
  forOther,
  canScale,
}: {
  id: string;
  childId: string;
  child: FamilyChild;
  forOther: string | null;
  canScale: boolean;
}) {
  const mine = child.scaling.mine;
  return (
    <section aria-labelledby={`${id}-title`} className="mb-[40px]" data-testid={`family-child-${child.name}`}>
      <h2 id={`${id}-title`} className="mb-[15px] type-m">
        {child.name}
      </h2>
      {child.decision ? <DecisionWords id={id} name={child.name} decision={child.decision} /> : null}
      {child.reconsidering ? (
        <p className="mb-[20px] border-l-[10px] border-brand p-[15px] type-body">
          The chair is looking at the decision about {child.name} again. They will tell you what they decide.
        </p>
      ) : null}
      <h3 className="mb-[10px] type-s">{forOther ? `${forOther}'s safety scale` : "Your safety scale"}</h3>
      {mine ? (
        <div className="mb-[15px] border-l-[5px] border-brand py-[5px] pl-[15px] type-body">
          <p>
            {forOther ? `${forOther} said` : "You said"}: <strong>{mine.score} out of 10</strong>
          </p>
          <p className="whitespace-pre-wrap">{mine.reason}</p>
          {mine.enteredBy && mine.enteredBy !== "You" ? (
            <p className="type-small text-secondary">{mine.enteredBy} wrote this down.</p>
          ) : null}
        </div>
      ) : null}
      {canScale ? (
        <FamilyScaleForm id={`${id}-scale`} childId={childId} child={child} forOther={forOther} />
      ) : (
        <p className="mb-[15px] type-body">
          {child.scaling.open
            ? "The chair will ask everyone how safe they think the children are."
            : "The chair has closed this part. Scales cannot change now."}
        </p>
      )}
      {child.scaling.shared.length > 0 ? (
        <>
          <h3 className="mt-[20px] mb-[10px] type-s">What others said</h3>
          <ul className="space-y-[10px]">
            {child.scaling.shared.map((s) => (
              <li
                key={`${s.name}-${s.role}`}
                className="border-l-[5px] border-border py-[5px] pl-[15px] type-body"
              >
                <p>
                  <strong>{s.name}</strong>, {roleWords(s)}: <strong>{s.score} out of 10</strong>
                </p>
                <p className="whitespace-pre-wrap">{s.reason}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function FamilyScaleForm({
  id,
  childId,
  child,
  forOther,
}: {
  id: string;
  childId: string;
  child: FamilyChild;
  forOther: string | null;
}) {
  const cmd = useChildCommand();
  const mine = child.scaling.mine;
  return (
    <ScaleForm
      id={id}
      label={`${forOther ? `${forOther}'s` : "Your"} scale for ${child.name}`}
      legend={
        forOther
          ? `How safe does ${forOther} think ${child.name} is today?`
          : `How safe do you think ${child.name} is today?`
      }
      reasonLabel={forOther ? `Why did ${forOther} choose this number?` : "Why did you choose this number?"}
      reasonHint="The professionals will see what you write."
      submit={mine ? "Change the scale" : "Send the scale"}
      initial={mine}
      busy={cmd.busy}
      refusal={cmd.refusal}
      onSubmit={async (score, reason) => (await cmd.run({ type: "scaling.set", childId, score, reason })).ok}
    />
  );
}

function DecisionWords({ id, name, decision: d }: { id: string; name: string; decision: FamilyDecision }) {
  return (
    <div className="mb-[20px] border-[5px] border-ink p-[15px]">
      <h3 id={`${id}-decision`} className="mb-[10px] type-s">
        What the conference decided
      </h3>
      <p className="mb-[10px] type-m" data-testid="family-decision-text">
        {d.text}
      </p>
      <p className="mb-[15px] type-body">{d.explanation}</p>
      {d.plan ? (
        <>
          <h3 className="mb-[10px] type-s">What happens next</h3>
          <ul className="mb-[15px] list-disc space-y-[10px] pl-5 type-body">
            {d.keyWorker ? (
              <li>
                {d.keyWorker.name} ({ROLE_LABEL[d.keyWorker.role].toLowerCase()}) is {name}'s key worker. They
                make sure the plan happens. Ask them if you have questions.
              </li>
            ) : (
              <li>The chair will tell you who the key worker is. They make sure the plan happens.</li>
            )}
            {d.firstCoreGroupDate ? (
              <li>
                The first core group meeting is on {longDate(d.firstCoreGroupDate)}. The core group is the
                people who work with you on the plan
                {d.coreGroup.length > 0 ? `: ${d.coreGroup.map((p) => p.name).join(", ")}` : ""}.
              </li>
            ) : d.keyWorker && d.coreGroup.length > 0 ? (
              <li>
                The core group is the people who work with you on the plan:{" "}
                {d.coreGroup.map((p) => p.name).join(", ")}.
              </li>
            ) : null}
            {d.nextReviewDate ? (
              <li>
                The next review conference is on {longDate(d.nextReviewDate)}. It looks at how the plan is
                going.
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
      <p className="type-body">{d.disagree}</p>
    </div>
  );
}
