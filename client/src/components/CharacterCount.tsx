import { useEffect, useState } from "react";
import { countWords, isTooLong, limitHint } from "../../../shared/textLimits";

/** The id of the limit's hint, for the box's `aria-describedby`. */
export function countInfoId(id: string): string {
  return `${id}-info`;
}

/** How long the count waits after the last key before a screen reader is told it (as GOV.UK Frontend). */
const ANNOUNCE_AFTER_MS = 1000;

/**
 * The GOV.UK character count, under a text box: "You have 1,990 characters remaining", and when
 * over, "You have 5 characters too many" in bold red — the words say it, not only the colour. The
 * box itself is never cut short (no `maxLength`: nothing pasted is lost); its form refuses to send
 * while it is over (`isTooLong`, with `tooLongError` as the message). Counting is the server's
 * (shared/textLimits.ts). A screen reader hears "You can enter up to 2,000 characters" with the
 * box (point the box's `aria-describedby` at `countInfoId(id)`), and the count politely once
 * typing pauses, not at every key.
 */
export function CharacterCount({ id, value, max }: { id: string; value: string; max: number }) {
  const words = countWords(value, max);
  const over = isTooLong(value, max);
  const [announced, setAnnounced] = useState(words);
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(words), ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [words]);
  return (
    <>
      <div id={countInfoId(id)} className="sr-only">
        {limitHint(max)}
      </div>
      <div
        aria-hidden="true"
        data-testid={`${id}-count`}
        className={`mt-[5px] type-body ${over ? "font-bold text-error" : "text-secondary"}`}
      >
        {words}
      </div>
      <div className="sr-only" aria-live="polite">
        {announced}
      </div>
    </>
  );
}
