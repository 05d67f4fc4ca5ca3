import { closeWords } from "../lib/closeCodes";
import { errorWords } from "../lib/errors";
import type { ConnectionProblem } from "../sync/RoomConnection";
import { useRoom } from "./RoomContext";

const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
});

/** Words for a connection problem (close codes and error codes have their own plain words). */
export function problemWords(problem: ConnectionProblem): string {
  if (problem.kind === "document") return closeWords(problem.closeCode);
  if (problem.code === "network") return "The connection to the conference was lost. Reconnecting…";
  return errorWords(problem.code, problem.message);
}

/** Muted, warned, on a break, or a connection problem: said at the top of every in-room screen. */
export function RoomBanners() {
  const { status, connection } = useRoom();
  const warnings = status.messages.filter((m) => m.kind === "warning");
  const problem = connection.problem;
  const offline = !connection.socket.connected;
  return (
    <div aria-live="polite">
      {problem || offline ? (
        <div className="mb-5 border-l-[5px] border-error bg-light-grey p-[15px]">
          <p className="type-body font-bold">
            {problem ? problemWords(problem) : "The connection to the conference was lost. Reconnecting…"}
          </p>
        </div>
      ) : null}
      {status.muted ? (
        <div className="mb-5 border-[5px] border-brand">
          <p className="bg-brand px-[15px] py-[5px] type-body font-bold text-white">Muted</p>
          <p className="p-[15px] type-body font-bold">
            The chair has muted you. You can still see and hear the conference.
          </p>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div className="mb-5 border-[5px] border-error p-[15px]">
          <h2 className="mb-[10px] type-s">Warning from the chair</h2>
          <ul className="space-y-[5px]">
            {warnings.map((w) => (
              <li key={`${w.at}-${w.text}`} className="type-body">
                {w.text} <span className="type-small text-secondary">({clock.format(w.at)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {status.conferenceStatus === "on_break" ? (
        <div className="mb-5 border-l-[10px] border-border p-[15px]">
          <p className="type-body font-bold">The conference is on a break. It will carry on soon.</p>
        </div>
      ) : null}
    </div>
  );
}
