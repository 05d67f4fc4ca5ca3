import type { ConferenceStatus } from "../../../shared/domain";
import type { TagColour } from "../components/Tag";

/** Conference status in words (the tag colour only repeats them). */
export const STATUS_LABEL: Record<ConferenceStatus, string> = {
  scheduled: "Scheduled",
  open: "Open",
  on_break: "On a break",
  ended: "Ended",
};

export const STATUS_COLOUR: Record<ConferenceStatus, TagColour> = {
  scheduled: "blue",
  open: "green",
  on_break: "yellow",
  ended: "grey",
};
