import { useState } from "react";
import { TEXT_LIMITS } from "../../../../shared/protocol";
import type { RecordCopy } from "../../../../shared/recordCopy";
import { Button } from "../../components/Button";
import { Tag } from "../../components/Tag";
import { ApiError, request } from "../../lib/api";
import { errorWords } from "../../lib/errors";
import { formatDate, formatDateTime } from "../../lib/time";
import { useTitle } from "../../lib/useTitle";
import { CommandError } from "../CommandError";
import { useRoom } from "../RoomContext";
import { TextForm } from "../TextForm";
import { useCommand } from "../useCommand";
import { useConference } from "../useRoomData";
import { CopiesScreen } from "./CopiesScreen";
import { MinutesOfItem } from "./MinutesPart";
import { PlanPart } from "./PlanPart";
import { RecordView } from "./RecordView";
import { useRecordSection } from "./useRecord";

type Tab = "record" | "copies";

/**
 * After the conference (SCREENS.md "The record" and "Copies"), for the chair and the minute taker:
 * the minutes of every agenda item and the plan, finished together until the chair signs the record
 * off; then addenda. The chair also has the copies screen.
 */
export function RecordRoom() {
  const { status, me } = useRoom();
  const conference = useConference();
  const record = useRecordSection();
  const [tab, setTab] = useState<Tab>("record");
  useTitle(conference ? `The record: ${conference.title}` : "The record");
  if (!conference || !record)
    return (
      <p role="status" className="type-body">
        Loading the record…
      </p>
    );
  const chair = status.isChair;
  const tabs: [Tab, string][] = chair
    ? [
        ["record", "The record"],
        ["copies", "Copies"],
      ]
    : [["record", "The record"]];
  const items = conference.agenda.items;
  return (
    <div className="max-w-[960px]">
      <span className="mb-[5px] block type-m font-normal text-secondary">{conference.title}</span>
      <h1 className="mb-[15px] type-l">The record of the conference</h1>
      <div className="mb-[20px] flex flex-wrap items-center gap-3">
        {record.signedOff ? <Tag colour="green">Signed off</Tag> : <Tag colour="yellow">Being finished</Tag>}
        <p className="type-body">
          The conference has ended. The decision summary is due by{" "}
          {formatDate(conference.dates.decisionSummaryDue)}. The record is due by{" "}
          {formatDate(conference.dates.recordDue)}.
        </p>
      </div>
      {tabs.length > 1 ? (
        <nav aria-label="The record" className="mb-[25px]">
          <ul className="flex flex-wrap gap-x-5 border-b border-border">
            {tabs.map(([key, label]) => (
              <li key={key}>
                <button
                  type="button"
                  aria-current={key === tab ? "page" : undefined}
                  onClick={() => setTab(key)}
                  className={`-mb-px min-h-[44px] border-b-4 px-1 pb-2 type-body focus-visible:bg-focus focus-visible:outline-3 focus-visible:outline-transparent ${key === tab ? "border-brand font-bold" : "border-transparent text-link underline"}`}
                >
                  {label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {tab === "copies" && chair ? (
        <CopiesScreen />
      ) : (
        <>
          {record.signedOff ? (
            <p className="mb-[20px] border-l-[10px] border-success p-[15px] type-body">
              Signed off by {record.signedOff.byName} on {formatDateTime(record.signedOff.at)}. The record is
              locked; corrections are added as dated addenda.
            </p>
          ) : (
            <p className="mb-[20px] border-l-[10px] border-border p-[15px] type-body">
              {me.role === "minute_taker"
                ? "Finish the minutes and the plan with the chair. The chair signs the record off when it is ready."
                : "Check the minutes and the plan, write your summary, then sign the record off."}
            </p>
          )}
          <section aria-labelledby="summary-heading" className="mb-[30px]">
            <MinutesOfItem item="chairs_summary" headingLevel={2} />
          </section>
          <section aria-labelledby="minutes-heading" className="mb-[30px]">
            <h2 id="minutes-heading" className="mb-[15px] type-m">
              Minutes
            </h2>
            {items
              .filter((i) => i !== "chairs_summary")
              .map((item) => (
                <MinutesOfItem key={item} item={item} />
              ))}
          </section>
          <PlanPart />
          {chair ? <SignOff signedOff={record.signedOff !== null} /> : null}
          {record.addenda.length > 0 ? (
            <section aria-labelledby="addenda-heading" className="mb-[30px]">
              <h2 id="addenda-heading" className="mb-[10px] type-m">
                Addenda
              </h2>
              <ol className="space-y-[10px]">
                {record.addenda.map((a) => (
                  <li key={a.id} className="border-l-[5px] border-border pl-[15px] type-body">
                    <p className="font-bold">
                      {formatDateTime(a.at)}, {a.byName}
                    </p>
                    <p className="whitespace-pre-wrap">{a.text}</p>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          {chair && record.signedOff ? <AddendumForm /> : null}
        </>
      )}
    </div>
  );
}

function SignOff({ signedOff }: { signedOff: boolean }) {
  const { me } = useRoom();
  const cmd = useCommand();
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState<RecordCopy | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const review = async () => {
    try {
      setPreview(await request<RecordCopy>("GET", `/api/record/copies/${me.participantId}`));
      setPreviewError(null);
    } catch (err) {
      setPreviewError(
        err instanceof ApiError ? errorWords(err.code, err.message) : "The record could not be loaded.",
      );
    }
  };
  return (
    <section aria-labelledby="signoff-heading" className="mb-[30px]">
      <h2 id="signoff-heading" className="mb-[10px] type-m">
        {signedOff ? "The full record" : "Review and sign off"}
      </h2>
      <div className="mb-[15px] flex flex-wrap gap-3">
        <Button
          variant="secondary"
          onClick={() => void (preview ? setPreview(null) : review())}
          aria-expanded={preview !== null}
        >
          {preview ? "Hide the full record" : "Read the full record"}
        </Button>
        {!signedOff && !confirming ? (
          <Button onClick={() => setConfirming(true)}>Sign off the record</Button>
        ) : null}
      </div>
      <CommandError text={previewError} />
      {confirming && !signedOff ? (
        <div className="mb-[15px] border-l-[5px] border-error pl-[15px]">
          <p id="signoff-confirm" className="mb-[10px] type-body font-bold">
            Sign off the record? It will be locked: nobody can change the minutes or the plan after this.
            Corrections are added as dated addenda.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button
              variant="warning"
              disabled={cmd.busy}
              onClick={async () => {
                const ack = await cmd.run({ type: "record.signOff" });
                if (ack.ok) setConfirming(false);
              }}
            >
              Yes, sign off the record
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
          <CommandError text={cmd.error} />
        </div>
      ) : null}
      {preview ? (
        <section aria-label="The full record" className="border-2 border-border p-[15px]">
          <RecordView copy={preview} />
        </section>
      ) : null}
    </section>
  );
}

function AddendumForm() {
  const cmd = useCommand();
  return (
    <section aria-labelledby="addendum-heading" className="mb-[30px]">
      <h2 id="addendum-heading" className="mb-[10px] type-m">
        Add an addendum
      </h2>
      <p className="mb-[10px] type-body">
        A correction to the signed-off record. It is dated and kept with the record.
      </p>
      <TextForm
        label="Correction"
        submit="Add the addendum"
        multiline
        busy={cmd.busy}
        error={cmd.error}
        emptyError="Enter the correction"
        max={TEXT_LIMITS.addendum}
        subject="The correction"
        onSubmit={async (text) => (await cmd.run({ type: "record.addendum", text })).ok}
      />
    </section>
  );
}
