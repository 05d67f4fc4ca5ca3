import { useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import type { ParticipantEntry } from "../../../shared/views";
import { Button } from "../components/Button";
import { Tag } from "../components/Tag";
import { CommandError } from "./CommandError";
import { RoomPanel } from "./Panel";
import { describePerson } from "./people";
import { TextForm } from "./TextForm";
import { useCommand } from "./useCommand";
import { useParticipants } from "./useRoomData";

function Waiting({ person, all }: { person: ParticipantEntry; all: Record<string, ParticipantEntry> }) {
  const cmd = useCommand();
  const message = useCommand();
  const [writing, setWriting] = useState(false);
  const target = { participantId: person.id };
  return (
    <li className="border-b border-border py-[10px]">
      <p className="type-body font-bold">{person.name}</p>
      <p className="type-small text-secondary">{describePerson(person, all)}</p>
      {person.late ? (
        <p className="mt-[5px]">
          <Tag colour="yellow">Arrived late</Tag>
        </p>
      ) : null}
      <div className="mt-[10px] flex flex-wrap gap-2">
        <Button disabled={cmd.busy} onClick={() => void cmd.run({ type: "lobby.admit", ...target })}>
          Admit<span className="sr-only"> {person.name}</span>
        </Button>
        <Button
          variant="secondary"
          disabled={cmd.busy}
          onClick={() => void cmd.run({ type: "lobby.refuse", ...target })}
        >
          Refuse<span className="sr-only"> {person.name}</span>
        </Button>
        {writing ? null : (
          <Button variant="secondary" onClick={() => setWriting(true)}>
            Message<span className="sr-only"> {person.name}</span>
          </Button>
        )}
      </div>
      <CommandError text={cmd.error} />
      {writing ? (
        <TextForm
          label={`Private message to ${person.name}`}
          submit="Send message"
          emptyError="Enter a message"
          max={TEXT_LIMITS.message}
          subject="The message"
          busy={message.busy}
          error={message.error}
          onCancel={() => setWriting(false)}
          onSubmit={async (text) => {
            const ack = await message.run({ type: "lobby.message", ...target, text });
            if (ack.ok) setWriting(false);
            return ack.ok;
          }}
        />
      ) : null}
    </li>
  );
}

/** People waiting to be let in, oldest first by name; the chair admits, refuses or sends a word. */
export function Lobby() {
  const all = useParticipants();
  const waiting = Object.values(all)
    .filter((p) => p.presence === "lobby")
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <RoomPanel id="lobby-title" title={`Waiting to join (${waiting.length})`}>
      {waiting.length === 0 ? (
        <p className="type-body text-secondary">Nobody is waiting.</p>
      ) : (
        <ul aria-label="Waiting to join">
          {waiting.map((p) => (
            <Waiting key={p.id} person={p} all={all} />
          ))}
        </ul>
      )}
    </RoomPanel>
  );
}
