import { CONFERENCE_KIND_LABEL, ROLE_LABEL } from "../../../shared/domain";
import { Button, ButtonGroup } from "../components/Button";
import { WarningText } from "../components/InsetText";
import { SummaryList } from "../components/SummaryList";
import { formatDateTime } from "../lib/time";
import type { SessionView } from "../lib/types";
import { useTitle } from "../lib/useTitle";
import { CommandError } from "./CommandError";
import { SignOut } from "./SignOut";
import { useCommand } from "./useCommand";

/**
 * Joining: who you are, which conference, and the confidentiality statement everyone accepts
 * before going in (`000` ch.4, `003` std 5).
 */
export function ConfidentialityStatement({
  session,
  rejoining,
  onSignedOut,
}: {
  session: SessionView;
  rejoining: boolean;
  onSignedOut: () => void;
}) {
  const { me, conference } = session;
  useTitle(conference.title);
  const accept = useCommand();
  return (
    <div className="max-w-[640px]">
      <span className="mb-[5px] block type-l font-normal text-secondary">
        {CONFERENCE_KIND_LABEL[conference.kind]}
      </span>
      <h1 className="mb-[30px] type-xl">{conference.title}</h1>
      <p className="mb-[30px] type-lead">
        You are signed in as {me.name}, {ROLE_LABEL[me.role]}
        {me.agency ? ` (${me.agency})` : ""}.
      </p>
      <SummaryList
        rows={[{ key: "Starts", value: `${formatDateTime(conference.scheduledStart)} (UK time)` }]}
      />
      {rejoining ? <p className="mb-5 type-body">You left the conference. You can join it again.</p> : null}
      <h2 className="mb-[15px] type-m">Before you join: this meeting is confidential</h2>
      <p className="mb-5 type-body">
        What is said in this conference, and the papers for it, are confidential. Do not share them with
        anyone who is not here.
      </p>
      <p className="mb-5 type-body">
        The information in this conference is shared and held under data protection law. It is shared only to
        help keep the children safe.
      </p>
      <p className="mb-5 type-body">
        A written record of the meeting is made. Each person invited gets a copy, which leaves out anything
        they may not see.
      </p>
      <WarningText>Do not record the meeting or let anyone else see or hear it.</WarningText>
      <CommandError text={accept.error} />
      <ButtonGroup>
        <Button disabled={accept.busy} onClick={() => void accept.run({ type: "confidentiality.accept" })}>
          I understand — join
        </Button>
        <SignOut onSignedOut={onSignedOut} />
      </ButtonGroup>
    </div>
  );
}
