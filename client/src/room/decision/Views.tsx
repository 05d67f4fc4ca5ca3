import { type FormEvent, type ReactNode, useState } from "react";
import type { ThresholdChoice } from "../../../../shared/decision";
import { DECISION_LIMITS } from "../../../../shared/decision";
import { isProfessionalRole } from "../../../../shared/domain";
import { CATEGORY_LABEL, type Category } from "../../../../shared/policy";
import { agencyKey } from "../../../../shared/quorum";
import { isTooLong, tooLongError } from "../../../../shared/textLimits";
import type { ChildEntry, ParticipantEntry, ViewRow } from "../../../../shared/views";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Select } from "../../components/Select";
import { Tag } from "../../components/Tag";
import { CommandError } from "../CommandError";
import { useRoom } from "../RoomContext";
import { Radios, SUMMARY, TextArea } from "./fields";
import { type Refusal, useChildCommand } from "./useChildCommand";
import type { Powers } from "./useChildren";
import { CATEGORIES, majorityWords, personWords, roleWords, tallyWords, VIEW_LABEL } from "./words";

const STATUS: Record<ChildEntry["views"]["status"], { tag: ReactNode; words: string }> = {
  not_open: { tag: <Tag colour="grey">Not asked yet</Tag>, words: "The chair has not asked for views yet." },
  open: { tag: <Tag colour="green">Open</Tag>, words: "Professionals can give and change their view." },
  closed: {
    tag: <Tag colour="grey">Closed</Tag>,
    words: "The chair has closed the views. They cannot change.",
  },
};

/**
 * The professionals' views on the threshold for one child (`001` 7.9.5, `003` std 2, `004`): the
 * live tally, each view with its reason, and who has not given one. The chair opens and closes the
 * question; a professional gives their own view (under one view per agency, or speaks for the agency
 * instead of a colleague); the chair or minute taker enters one for a professional in the room.
 */
export function Views({
  child,
  powers,
  people,
}: {
  child: ChildEntry;
  powers: Powers;
  people: Record<string, ParticipantEntry>;
}) {
  const { me } = useRoom();
  const { views } = child;
  const id = `views-${child.id}`;
  const toggle = useChildCommand();
  const decided = child.decision !== null;
  const { tally } = views;
  return (
    <section aria-labelledby={id} className="mb-[30px]">
      <h4 id={id} className="mb-[10px] type-s">
        Professionals' views
      </h4>
      <p className="mb-[10px] type-body">
        {STATUS[views.status].tag} {STATUS[views.status].words}
      </p>
      {views.status !== "not_open" ? (
        <div aria-live="polite" className="mb-[15px] border-l-[10px] border-brand p-[10px] type-body">
          <p data-testid={`tally-${child.id}`}>
            <strong>Tally:</strong> {tallyWords(tally)}.
          </p>
          <p>
            {majorityWords(tally)}{" "}
            {views.rule.mode === "majority_of_professionals"
              ? tally.decides === "majority"
                ? "Under these procedures the majority decides."
                : "Without a majority the chair decides."
              : "The chair decides."}
          </p>
        </div>
      ) : null}
      {views.entries.length > 0 ? (
        <ul aria-label={`Views on ${child.name}`} className="mb-[15px]">
          {views.entries.map((v) => (
            <li key={v.id} className="border-b border-border py-[10px]">
              <p className="type-body">
                <strong>{v.name}</strong>
                <span className="text-secondary">, {roleWords(v)}</span>
              </p>
              <p className="type-body font-bold">
                {VIEW_LABEL[v.view]}
                {v.recommendedCategory ? `: ${CATEGORY_LABEL[v.recommendedCategory]}` : ""}
              </p>
              <p className="type-body whitespace-pre-wrap">{v.reason}</p>
              {v.enteredBy ? (
                <p className="type-small text-secondary">Entered by {v.enteredBy.name}.</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {views.status === "open" && views.waitingFor.length > 0 ? (
        <p className="mb-[15px] type-body">
          <strong>No view yet from:</strong> {views.waitingFor.map((p) => personWords(p)).join("; ")}
        </p>
      ) : null}
      {powers.chair && !decided ? (
        <div className="mb-[15px]">
          <Button
            variant={views.status === "not_open" ? "primary" : "secondary"}
            disabled={toggle.busy}
            onClick={() =>
              void toggle.run({
                type: views.status === "open" ? "views.close" : "views.open",
                childId: child.id,
              })
            }
          >
            {views.status === "open"
              ? "Close views"
              : views.status === "closed"
                ? "Reopen views"
                : "Ask for views"}
            <span className="sr-only"> on {child.name}</span>
          </Button>
          <CommandError text={toggle.refusal?.text ?? null} />
        </div>
      ) : null}
      {powers.professional && views.status === "open" ? (
        <MyView child={child} me={people[me.participantId]} />
      ) : null}
      {powers.register && views.status === "open" ? <ViewFor child={child} people={people} /> : null}
    </section>
  );
}

/** The colleagues who have given their agency's view, under one view per agency. */
function agencyVoices(child: ChildEntry, person: ParticipantEntry | undefined): ViewRow[] {
  if (!child.views.rule.oneViewPerAgency || !person || !isProfessionalRole(person.role)) return [];
  if (!person.agency) return [];
  const key = agencyKey(person.agency);
  return child.views.entries.filter((v) => v.id !== person.id && v.agency && agencyKey(v.agency) === key);
}

function MyView({ child, me }: { child: ChildEntry; me: ParticipantEntry | undefined }) {
  const cmd = useChildCommand();
  const mine = child.views.entries.find((v) => v.id === me?.id) ?? null;
  const voices = agencyVoices(child, me);
  const [speakForAgency, setSpeakForAgency] = useState(false);
  const [startOpen] = useState(!mine);
  if (!me) return null;
  const id = `my-view-${child.id}`;
  const agency = voices[0]?.agency;
  return (
    <details className="mb-[15px]" open={startOpen}>
      <summary className={SUMMARY}>
        {mine ? "Change my view" : "Give my view"}
        <span className="sr-only"> on {child.name}</span>
      </summary>
      {voices.length > 0 ? (
        <div className="mt-[10px] border-l-[10px] border-border p-[10px] type-body">
          <p>
            One view per agency. {voices.map((v) => v.name).join(" and ")}{" "}
            {voices.length === 1 ? "speaks" : "speak"} for {agency}.
          </p>
          <Checkbox
            id={`${id}-agency`}
            label={`Speak for ${agency} instead`}
            hint={`Your view replaces ${voices.map((v) => v.name).join(" and ")}'s. Agree this with your colleague first.`}
            checked={speakForAgency}
            onChange={setSpeakForAgency}
          />
        </div>
      ) : null}
      {voices.length === 0 || speakForAgency ? (
        <ViewForm
          id={id}
          label={`My view on ${child.name}`}
          child={child}
          initial={mine}
          submit={mine ? "Change my view" : "Give my view"}
          busy={cmd.busy}
          refusal={cmd.refusal}
          onSubmit={async (view) =>
            (
              await cmd.run({
                type: "view.give",
                childId: child.id,
                ...view,
                replaceAgencyView: voices.length > 0 && speakForAgency,
              })
            ).ok
          }
        />
      ) : null}
    </details>
  );
}

function ViewFor({ child, people }: { child: ChildEntry; people: Record<string, ParticipantEntry> }) {
  const cmd = useChildCommand();
  const present = Object.values(people)
    .filter((p) => p.presence === "in_room" && isProfessionalRole(p.role))
    .sort((a, b) => a.name.localeCompare(b.name));
  const [who, setWho] = useState("");
  const [whoError, setWhoError] = useState<string | undefined>();
  const [replace, setReplace] = useState(false);
  const id = `view-for-${child.id}`;
  const person = people[who];
  const voices = agencyVoices(child, person);
  if (present.length === 0) return null;
  return (
    <details className="mb-[15px]">
      <summary className={SUMMARY}>
        Enter a view for a professional in the room<span className="sr-only"> ({child.name})</span>
      </summary>
      <ViewForm
        key={who}
        id={id}
        label={`Enter a view for a professional in the room, ${child.name}`}
        child={child}
        initial={child.views.entries.find((v) => v.id === who) ?? null}
        submit="Enter this view"
        busy={cmd.busy}
        refusal={cmd.refusal}
        before={
          <>
            <Select
              id={`${id}-who`}
              label="Whose view"
              value={who}
              onChange={(v) => {
                setWho(v);
                setWhoError(undefined);
                setReplace(false);
                cmd.clear();
              }}
              placeholder="Choose a professional in the room"
              options={present.map((p) => ({ value: p.id, label: personWords(p) }))}
              error={whoError}
            />
            {voices.length > 0 ? (
              <Checkbox
                id={`${id}-agency`}
                label={`They speak for ${voices[0]?.agency} instead of ${voices.map((v) => v.name).join(" and ")}`}
                checked={replace}
                onChange={setReplace}
              />
            ) : null}
          </>
        }
        onSubmit={async (view) => {
          if (!who) {
            setWhoError("Choose whose view this is");
            return false;
          }
          return (
            await cmd.run({
              type: "view.giveFor",
              childId: child.id,
              participantId: who,
              ...view,
              replaceAgencyView: replace,
            })
          ).ok;
        }}
      />
    </details>
  );
}

interface ViewInput {
  view: ThresholdChoice;
  recommendedCategory?: Category;
  reason: string;
}

function ViewForm({
  id,
  label,
  child,
  initial,
  submit,
  busy,
  refusal,
  onSubmit,
  before,
}: {
  id: string;
  label: string;
  child: ChildEntry;
  initial: ViewRow | null;
  submit: string;
  busy: boolean;
  refusal: Refusal | null;
  onSubmit: (view: ViewInput) => Promise<boolean>;
  before?: ReactNode;
}) {
  const [view, setView] = useState<ThresholdChoice | "">(initial?.view ?? "");
  const [category, setCategory] = useState<Category | "">(initial?.recommendedCategory ?? "");
  const [reason, setReason] = useState(initial?.reason ?? "");
  const [errors, setErrors] = useState<{ view?: string; reason?: string }>({});
  const [saved, setSaved] = useState(false);
  const agencyRefusal = refusal?.code === "agency_view_given" ? refusal.text : undefined;
  const handle = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const next = {
      ...(view ? {} : { view: `Choose whether ${child.name} needs a child protection plan` }),
      ...(!reason.trim()
        ? { reason: "Give the reason for your view" }
        : isTooLong(reason, DECISION_LIMITS.viewReason)
          ? { reason: tooLongError("The reason", DECISION_LIMITS.viewReason) }
          : {}),
    };
    setErrors(next);
    if (!view || Object.keys(next).length > 0) return;
    const ok = await onSubmit({
      view,
      ...(view === "plan" && category ? { recommendedCategory: category } : {}),
      reason: reason.trim(),
    });
    if (ok) setSaved(true);
  };
  return (
    <form onSubmit={handle} noValidate aria-label={label} className="mt-[15px]">
      {before}
      <Radios
        id={`${id}-view`}
        legend={`Does ${child.name} need a child protection plan?`}
        value={view}
        onChange={(v) => {
          setView(v);
          setSaved(false);
        }}
        choices={[
          { value: "plan", label: "Yes, a child protection plan is needed" },
          { value: "no_plan", label: "No, not needed (child in need)" },
          { value: "abstain", label: "I abstain" },
        ]}
        error={errors.view ?? agencyRefusal}
      />
      {view === "plan" ? (
        <Select
          id={`${id}-category`}
          label="Recommended category (optional)"
          value={category}
          onChange={(v) => setCategory(v as Category | "")}
          placeholder="No recommendation"
          options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
        />
      ) : null}
      <TextArea
        id={`${id}-reason`}
        label="Reason"
        value={reason}
        onChange={(v) => {
          setReason(v);
          setSaved(false);
        }}
        error={errors.reason}
        max={DECISION_LIMITS.viewReason}
      />
      <CommandError text={refusal && !agencyRefusal ? refusal.text : null} />
      {saved ? (
        <p role="status" className="mb-[15px] type-body font-bold">
          Saved.
        </p>
      ) : null}
      <Button type="submit" disabled={busy}>
        {submit}
      </Button>
    </form>
  );
}
