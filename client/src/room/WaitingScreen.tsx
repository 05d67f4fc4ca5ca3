import { useTitle } from "../lib/useTitle";
import { useRoom } from "./RoomContext";

const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
});

/** The lobby, as the person waiting sees it: the chair lets them in, and may send a private word. */
export function WaitingScreen({ title }: { title: string }) {
  useTitle("Waiting to join");
  const { status } = useRoom();
  const messages = status.messages.filter((m) => m.kind === "lobby");
  return (
    <div className="max-w-[640px]">
      <span className="mb-[5px] block type-m font-normal text-secondary">{title}</span>
      <h1 className="mb-[30px] type-l">The chair will let you in</h1>
      <p className="mb-5 type-body">
        Please wait here. You will join the conference as soon as the chair lets you in. Keep this page open.
      </p>
      {status.late ? (
        <p className="mb-5 border-l-[10px] border-border p-[15px] type-body">
          You arrived after the time the chair set for late arrivals. The chair will decide whether you can
          join.
        </p>
      ) : null}
      <section aria-labelledby="lobby-messages" className="mt-[30px]">
        <h2 id="lobby-messages" className="mb-[15px] type-m">
          Messages from the chair
        </h2>
        <div aria-live="polite">
          {messages.length === 0 ? (
            <p className="type-body text-secondary">No messages yet.</p>
          ) : (
            <ul className="space-y-[15px]">
              {messages.map((m) => (
                <li key={`${m.at}-${m.text}`} className="border-l-[5px] border-brand bg-light-grey p-[15px]">
                  <p className="type-body">{m.text}</p>
                  <p className="mt-[5px] type-small text-secondary">Sent at {clock.format(m.at)}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </div>
  );
}
