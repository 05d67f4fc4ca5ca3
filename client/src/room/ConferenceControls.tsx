import { useState } from "react";
import { Button, ButtonGroup } from "../components/Button";
import { Tag } from "../components/Tag";
import { STATUS_COLOUR, STATUS_LABEL } from "../lib/labels";
import { Clock } from "./Clock";
import { CommandError } from "./CommandError";
import { useRoom } from "./RoomContext";
import { useCommand } from "./useCommand";

/** Always in view for the chair: the conference's status, start/break/resume, end, and the time. */
export function ConferenceControls({ title }: { title: string }) {
  const { status } = useRoom();
  const cmd = useCommand();
  const [confirmEnd, setConfirmEnd] = useState(false);
  const s = status.conferenceStatus;
  return (
    <div className="sticky top-0 z-10 mb-5 flex flex-wrap items-center gap-x-6 gap-y-3 border-b-2 border-ink bg-white py-[10px]">
      <h1 className="type-m">{title}</h1>
      <Tag colour={STATUS_COLOUR[s]}>{STATUS_LABEL[s]}</Tag>
      <Clock />
      <div className="ml-auto">
        {confirmEnd ? (
          <div className="flex flex-wrap items-center gap-3">
            <p id="end-confirm" className="type-body font-bold">
              End the conference for everyone?
            </p>
            <Button
              variant="warning"
              disabled={cmd.busy}
              onClick={() => void cmd.run({ type: "conference.end" })}
            >
              Yes, end the conference
            </Button>
            <Button variant="secondary" onClick={() => setConfirmEnd(false)}>
              No, carry on
            </Button>
          </div>
        ) : (
          <ButtonGroup>
            {s === "scheduled" ? (
              <Button disabled={cmd.busy} onClick={() => void cmd.run({ type: "conference.start" })}>
                Start the conference
              </Button>
            ) : null}
            {s === "open" ? (
              <Button
                variant="secondary"
                disabled={cmd.busy}
                onClick={() => void cmd.run({ type: "conference.break" })}
              >
                Take a break
              </Button>
            ) : null}
            {s === "on_break" ? (
              <Button disabled={cmd.busy} onClick={() => void cmd.run({ type: "conference.resume" })}>
                Resume
              </Button>
            ) : null}
            <Button variant="warning" onClick={() => setConfirmEnd(true)}>
              End the conference
            </Button>
          </ButtonGroup>
        )}
        <CommandError text={cmd.error} />
      </div>
    </div>
  );
}
