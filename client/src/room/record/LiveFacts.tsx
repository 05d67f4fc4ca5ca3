import { ROLE_LABEL } from "../../../../shared/domain";
import { formatDateTime } from "../../lib/time";
import { RoomPanel } from "../Panel";
import { useConference, useParticipants } from "../useRoomData";
import { useChildren, useExclusions, useRecordSection } from "./useRecord";

/**
 * What the app fills in for the record by itself, beside the minutes (SCREENS.md, minute taker's
 * view): attendance and apologies, quorum, exclusions, scaling, views, the decision, dissent and
 * the plan. The minute taker writes the words; these come straight from the room.
 */
export function LiveFacts() {
  const conference = useConference();
  const people = Object.values(useParticipants());
  const exclusions = Object.values(useExclusions()).sort((a, b) => a.startAt - b.startAt);
  const children = Object.values(useChildren());
  const record = useRecordSection();
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? "someone";
  const attended = people.filter((p) => p.admittedAt !== null);
  const apologies = people.filter((p) => p.presence === "apologies");
  const q = conference?.quorum;
  return (
    <RoomPanel id="live-facts-title" title="Filled in from the room">
      <h3 className="mb-[5px] type-s">Attendance</h3>
      <p className="type-small">
        {attended.length} attended{attended.length > 0 ? `: ${attended.map((p) => p.name).join(", ")}` : ""}.
      </p>
      <p className="mb-[10px] type-small">
        Apologies:{" "}
        {apologies.length === 0
          ? "none"
          : apologies.map((p) => `${p.name}${p.reportSubmitted ? " (report sent)" : ""}`).join(", ")}
        .
      </p>
      <h3 className="mb-[5px] type-s">Quorum</h3>
      <p className="mb-[10px] type-small">
        {q ? q.reason : "Loading…"}
        {conference?.inquorate
          ? ` The chair went ahead without a quorum: ${conference.inquorate.reason}`
          : ""}
      </p>
      <h3 className="mb-[5px] type-s">Exclusions</h3>
      {exclusions.length === 0 ? <p className="mb-[10px] type-small">None.</p> : null}
      <ul className="mb-[10px] space-y-1 type-small">
        {exclusions.map((e) => (
          <li key={e.id}>
            {name(e.participantId)}: {e.groundLabel}. From {formatDateTime(e.startAt)}
            {e.endAt !== null ? ` for ${e.minutes} minutes` : ", still out"}.
          </li>
        ))}
      </ul>
      {children.map((child) => (
        <div key={child.id} className="mb-[10px]">
          <h3 className="mb-[5px] type-s">{child.name}</h3>
          <p className="type-small">
            Scaling: {child.scaling.entries.length} given
            {child.scaling.summary.all
              ? ` (from ${child.scaling.summary.all.min} to ${child.scaling.summary.all.max}, median ${child.scaling.summary.all.median})`
              : ""}
            .
          </p>
          <p className="type-small">
            Views: {child.views.tally.plan} plan, {child.views.tally.noPlan} no plan,{" "}
            {child.views.tally.abstain} abstain.
          </p>
          <p className="type-small">Decision: {child.decision ? child.decision.familyText : "not yet"}</p>
          {child.dissent.length > 0 ? (
            <p className="type-small">
              Dissent: {child.dissent.map((d) => `${d.name} (${d.agency ?? ROLE_LABEL[d.role]})`).join(", ")}
            </p>
          ) : null}
        </div>
      ))}
      <h3 className="mb-[5px] type-s">Plan</h3>
      <p className="type-small">
        {record
          ? `${record.actions.length} actions${record.planShared ? ", shared with the family" : ""}.`
          : "Loading…"}
      </p>
    </RoomPanel>
  );
}
