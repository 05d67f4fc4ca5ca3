import { useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { Button } from "../components/Button";
import { Tag } from "../components/Tag";
import { RoomPanel } from "./Panel";
import { TextForm } from "./TextForm";
import { useCommand } from "./useCommand";
import { useConference } from "./useRoomData";

/** Quorum in words (the tag's colour only repeats them), and going ahead without it with a reason. */
export function Quorum({ chair }: { chair: boolean }) {
  const conference = useConference();
  const cmd = useCommand();
  const [asking, setAsking] = useState(false);
  if (!conference) return null;
  const { quorum, inquorate } = conference;
  return (
    <RoomPanel id="quorum-title" title="Quorum">
      <p className="mb-[5px]" aria-live="polite">
        {quorum.quorate ? <Tag colour="green">Quorate</Tag> : <Tag colour="red">Not quorate</Tag>}
      </p>
      <p className="type-body">
        {quorum.count} of {quorum.minimum} agencies present
        {quorum.agencies.length > 0 ? `: ${quorum.agencies.join(", ")}` : ""}.
      </p>
      {quorum.reason ? <p className="mt-[5px] type-small text-secondary">{quorum.reason}</p> : null}
      {inquorate ? (
        <p className="mt-[10px] type-body">
          <strong>Going ahead without a quorum.</strong> Reason: {inquorate.reason}. An early review must
          follow.
        </p>
      ) : null}
      {chair && !quorum.quorate && !inquorate ? (
        asking ? (
          <TextForm
            label="Why go ahead without a quorum?"
            submit="Proceed without quorum"
            emptyError="Enter the reason for going ahead without a quorum"
            max={TEXT_LIMITS.reason}
            subject="The reason"
            error={cmd.error}
            busy={cmd.busy}
            onCancel={() => setAsking(false)}
            onSubmit={async (reason) => {
              const ack = await cmd.run({ type: "quorum.proceedInquorate", reason });
              if (ack.ok) setAsking(false);
              return ack.ok;
            }}
          />
        ) : (
          <Button variant="secondary" className="mt-[10px]" onClick={() => setAsking(true)}>
            Proceed without quorum
          </Button>
        )
      ) : null}
    </RoomPanel>
  );
}
