import { Button } from "../components/Button";
import { CommandError } from "./CommandError";
import { RoomPanel } from "./Panel";
import { describePerson } from "./people";
import { useRoom } from "./RoomContext";
import { useCommand } from "./useCommand";
import { useParticipants } from "./useRoomData";

/** Raise or lower my own hand; the label says what pressing it does. */
export function HandButton({ raised, onChange }: { raised: boolean; onChange?: (raised: boolean) => void }) {
  const { canAct } = useRoom();
  const cmd = useCommand();
  if (!canAct) return null;
  const toggle = async () => {
    const ack = await cmd.run({ type: raised ? "hand.lower" : "hand.raise" });
    // "Already raised" or "not raised" means our idea of the hand was out of date: follow the server.
    if (ack.ok || ack.error.code === "conflict") onChange?.(!raised);
  };
  return (
    <div className="mb-[15px]">
      <Button variant={raised ? "secondary" : "primary"} disabled={cmd.busy} onClick={() => void toggle()}>
        {raised ? "Lower my hand" : "Raise my hand"}
      </Button>
      {raised ? <p className="mt-[5px] type-body">Your hand is raised.</p> : null}
      <CommandError text={cmd.error?.startsWith("Someone else") ? null : cmd.error} />
    </div>
  );
}

/** Raised hands in the order they went up; the chair dismisses each after they have spoken. */
export function Hands() {
  const { status, me } = useRoom();
  const all = useParticipants();
  const cmd = useCommand();
  const queue = Object.values(all)
    .filter((p) => p.handRaisedAt !== null)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0));
  const mine = all[me.participantId]?.handRaisedAt != null;
  return (
    <RoomPanel id="hands-title" title={`Raised hands (${queue.length})`}>
      {status.isChair ? null : <HandButton raised={mine} />}
      {queue.length === 0 ? (
        <p className="type-body text-secondary">No hands raised.</p>
      ) : (
        <ol aria-label="Raised hands, first raised first">
          {queue.map((p, i) => (
            <li
              key={p.id}
              className="flex flex-wrap items-center justify-between gap-2 border-b border-border py-[5px]"
            >
              <span className="type-body">
                {i + 1}. <strong>{p.name}</strong>
                <span className="block type-small text-secondary">{describePerson(p, all)}</span>
              </span>
              {status.isChair ? (
                <Button
                  variant="secondary"
                  className="min-h-9 px-2 py-1 type-small"
                  disabled={cmd.busy}
                  onClick={() => void cmd.run({ type: "hand.dismiss", participantId: p.id })}
                >
                  Dismiss<span className="sr-only"> {p.name}'s hand</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <CommandError text={cmd.error} />
    </RoomPanel>
  );
}
