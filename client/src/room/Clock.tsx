import { useEffect, useState } from "react";

const format = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});

/** The time now in UK time, refreshed each minute ("10:42 am"). */
export function Clock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="type-body">
      <span className="text-secondary">Time </span>
      <time className="font-bold" dateTime={new Date(now).toISOString()}>
        {format.format(now).replace(" ", "")}
      </time>
    </p>
  );
}
