import type { ChildEntry, ConferenceSection, ParticipantEntry } from "../../../../shared/views";
import { Table } from "../../components/Table";
import { RoomPanel } from "../Panel";
import { useConference, useParticipants } from "../useRoomData";
import { Decision, decisionHeadline } from "./Decision";
import { Dissent } from "./Dissent";
import { Outcome } from "./Outcome";
import { Scaling } from "./Scaling";
import { type Powers, useChildEntries, usePowers } from "./useChildren";
import { Views } from "./Views";
import { ageWords, proceduresWords, summaryWords, tallyWords } from "./words";

/**
 * Scaling, views and the decision (the agenda's "Decision and recommendations" and "Next review
 * date and core group"): an overview of every subject child, then one section per child, so the
 * chair works child by child without losing sight of the others.
 */
export function DecisionWorkspace() {
  const conference = useConference();
  const entries = useChildEntries();
  const people = useParticipants();
  const powers = usePowers();
  if (!conference) return null;
  const subjects = conference.children
    .filter((c) => c.subject)
    .flatMap((c) => {
      const entry = entries[c.id];
      return entry ? [{ child: c, entry }] : [];
    });
  return (
    <RoomPanel id="decision-title" title="Scaling, views and decision">
      <p className="mb-[15px] type-body">{proceduresWords(conference.policy)}</p>
      {subjects.length === 0 ? (
        <p role="status" className="type-body">
          Loading the children…
        </p>
      ) : null}
      {subjects.length > 1 ? <Overview subjects={subjects} /> : null}
      {subjects.map(({ child, entry }) => (
        <ChildSection
          key={child.id}
          child={child}
          entry={entry}
          conference={conference}
          powers={powers}
          people={people}
        />
      ))}
    </RoomPanel>
  );
}

type Subject = { child: ConferenceSection["children"][number]; entry: ChildEntry };

function decisionStatus(entry: ChildEntry): string {
  if (entry.decision) return decisionHeadline(entry.decision);
  return entry.history.length > 0 ? "Reopened, not recorded again" : "Not recorded";
}

function viewsStatus(entry: ChildEntry): string {
  if (entry.views.status === "not_open") return "Not asked yet";
  return `${entry.views.status === "open" ? "Open" : "Closed"}: ${tallyWords(entry.views.tally)}`;
}

function Overview({ subjects }: { subjects: Subject[] }) {
  return (
    <Table
      caption="All the children"
      captionSize="s"
      head={["Child", "Scaling", "Views", "Decision"]}
      rows={subjects.map(({ child, entry }) => ({
        key: child.id,
        cells: [
          <a key="name" href={`#child-${child.id}`}>
            {child.name}
          </a>,
          `${entry.scaling.status === "open" ? "Open" : "Closed"}: ${summaryWords(entry.scaling.summary.all)}`,
          viewsStatus(entry),
          decisionStatus(entry),
        ],
      }))}
    />
  );
}

function ChildSection({
  child,
  entry,
  conference,
  powers,
  people,
}: {
  child: Subject["child"];
  entry: ChildEntry;
  conference: ConferenceSection;
  powers: Powers;
  people: Record<string, ParticipantEntry>;
}) {
  const headingId = `child-${child.id}`;
  const age = ageWords(child, conference.dates.conferenceDate);
  return (
    <section
      aria-labelledby={headingId}
      className="mb-[40px] border-t-[5px] border-brand pt-[15px]"
      data-testid={`child-section-${child.name}`}
    >
      <h3 id={headingId} tabIndex={-1} className="mb-[15px] scroll-mt-[140px] type-m">
        {child.name}
        {age ? <span className="block type-body font-normal text-secondary">{age}</span> : null}
      </h3>
      <Scaling child={entry} powers={powers} people={people} />
      <Views child={entry} powers={powers} people={people} />
      <Decision child={entry} policy={conference.policy} powers={powers} />
      <Dissent child={entry} powers={powers} people={people} />
      <Outcome child={entry} powers={powers} people={people} />
    </section>
  );
}
