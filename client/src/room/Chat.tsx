import { TEXT_LIMITS } from "../../../shared/protocol";
import { Button } from "../components/Button";
import { Tag } from "../components/Tag";
import { CommandError } from "./CommandError";
import { RoomPanel } from "./Panel";
import { useRoom } from "./RoomContext";
import { TextForm } from "./TextForm";
import { useCommand } from "./useCommand";
import { useChat, useParticipants } from "./useRoomData";

const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
});
const WRITERS = new Set(["chair", "minute_taker", "social_worker", "team_manager", "professional"]);

/** The practical chat for the professionals running the meeting; not in the record unless the chair adds it. */
export function Chat() {
  const { status, me, canAct } = useRoom();
  const messages = Object.values(useChat()).sort((a, b) => a.at - b.at);
  const participants = useParticipants();
  const send = useCommand();
  const record = useCommand();
  return (
    <RoomPanel id="chat-title" title="Practical chat">
      <p className="mb-[10px] type-small text-secondary">
        For practical matters. Not part of the record unless the chair adds a message.
      </p>
      <ol aria-label="Chat messages" className="mb-[10px] max-h-[320px] overflow-y-auto">
        {messages.length === 0 ? <li className="type-body text-secondary">No messages yet.</li> : null}
        {messages.map((m) => (
          <li key={m.id} className="border-b border-border py-[5px]">
            <p className="type-small text-secondary">
              <strong className="text-ink">{participants[m.authorId]?.name ?? "Someone"}</strong> at{" "}
              {clock.format(m.at)}
            </p>
            <p className="type-body break-words">{m.text}</p>
            {m.inRecord ? (
              <Tag colour="green">In the record</Tag>
            ) : status.isChair && canAct ? (
              <Button
                variant="secondary"
                className="min-h-9 px-2 py-1 type-small"
                disabled={record.busy}
                onClick={() => void record.run({ type: "chat.toRecord", messageId: m.id })}
              >
                Add to record
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
      <CommandError text={record.error} />
      {canAct && WRITERS.has(me.role) ? (
        <TextForm
          label="Message"
          submit="Send"
          emptyError="Enter a message"
          max={TEXT_LIMITS.message}
          subject="The message"
          busy={send.busy}
          error={send.error}
          onSubmit={async (text) => (await send.run({ type: "chat.send", text })).ok}
        />
      ) : null}
    </RoomPanel>
  );
}
