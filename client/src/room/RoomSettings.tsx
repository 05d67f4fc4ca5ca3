import { type FormEvent, useState } from "react";
import { Button } from "../components/Button";
import { Checkbox } from "../components/Checkbox";
import { londonLocalToIso } from "../lib/time";
import { CommandError } from "./CommandError";
import { RoomPanel } from "./Panel";
import { useCommand } from "./useCommand";
import { useConference } from "./useRoomData";

const hhmm = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" });

/** The chair's room settings: admit professionals automatically; late arrivals wait after a time. */
export function RoomSettings() {
  const conference = useConference();
  const auto = useCommand();
  const late = useCommand();
  const [time, setTime] = useState("");
  const [timeError, setTimeError] = useState<string | null>(null);
  if (!conference) return null;
  const { settings } = conference;
  const saveLate = async (event: FormEvent) => {
    event.preventDefault();
    const iso = londonLocalToIso(londonDate.format(Date.now()), time);
    if (!iso) {
      setTimeError("Enter a time like 10:15");
      return;
    }
    setTimeError(null);
    await late.run({ type: "room.settings", lateAfter: iso });
  };
  return (
    <RoomPanel id="settings-title" title="Settings">
      <Checkbox
        id="auto-admit"
        label="Admit professionals automatically"
        hint="Family members always wait for you."
        checked={settings.autoAdmitProfessionals}
        onChange={(checked) => void auto.run({ type: "room.settings", autoAdmitProfessionals: checked })}
        error={auto.error ?? undefined}
      />
      <form onSubmit={saveLate} noValidate>
        <p className="mb-[5px] type-body">
          {settings.lateAfter
            ? `Arrivals after ${hhmm.format(Date.parse(settings.lateAfter))} wait in the lobby, marked late.`
            : "No time set for late arrivals."}
        </p>
        <label htmlFor="late-after" className="mb-[5px] block type-body font-bold">
          Late arrivals after (UK time)
        </label>
        {timeError ? (
          <p id="late-after-error" className="mb-[5px] type-body font-bold text-error">
            <span className="sr-only">Error: </span>
            {timeError}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          <input
            id="late-after"
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            aria-describedby={timeError ? "late-after-error" : undefined}
            className="h-10 border-2 border-input-border px-[5px] type-body"
          />
          <Button type="submit" variant="secondary" disabled={late.busy}>
            Set time
          </Button>
          {settings.lateAfter ? (
            <Button
              variant="secondary"
              disabled={late.busy}
              onClick={() => void late.run({ type: "room.settings", lateAfter: null })}
            >
              Clear
            </Button>
          ) : null}
        </div>
        <CommandError text={late.error} />
      </form>
    </RoomPanel>
  );
}
