import { ERROR_CODES, type ErrorCode } from "../../../shared/errors";

/**
 * Plain words for every error code the server sends (shared/errors.ts). The map is typed as a
 * Record over ErrorCode, so adding a code in shared/ without words here fails the typecheck.
 * The server's own message is only a fallback for codes this client does not know yet.
 */
const ERROR_WORDS: Record<ErrorCode, string> = {
  bad_request: "Something in the request was not right. Nothing was changed. Reload the page and try again.",
  validation_failed: "Some of the details are not right. Check the details shown and try again.",
  unknown_field: "Some of the details were not expected. Reload the page and try again.",
  payload_too_large: "That is too much to send at once. Send less, or split it into parts.",
  unsupported_media_type: "Something in the request was not right. Reload the page and try again.",
  unauthenticated: "You are not signed in. Open the personal link you were sent to join your conference.",
  admin_token_required: "The administrator token was not accepted. Check it and enter it again.",
  token_invalid:
    "This link does not work. Check that you opened the whole link from your invitation, or ask the conference team for a new one.",
  token_revoked: "This link has been withdrawn. Ask the chair or the conference team for a new link.",
  session_expired: "You have been signed out. Open your personal link again to come back.",
  device_mismatch:
    "This link has already been used on another device. Ask the chair to let you in on this device.",
  forbidden: "You cannot do that in this conference.",
  not_chair: "Only the chair can do that.",
  not_in_room: "You can do that once you are in the conference room.",
  muted: "The chair has muted you, so you cannot add anything at the moment.",
  excluded: "You are out of the meeting for now. You can send your views to the chair.",
  protocol_outdated: "This page is out of date. Reload the page to get the latest version.",
  origin_forbidden: "This request came from a site that is not allowed. Open Quorum from your personal link.",
  not_found: "We could not find that. It may have been removed.",
  conference_not_found: "We could not find that conference. Check the address, or ask the conference team.",
  participant_not_found: "We could not find that person in this conference. Reload the page and try again.",
  content_not_found: "We could not find that item. It may have been removed.",
  unknown_command: "This page is out of date. Reload the page to get the latest version.",
  conflict: "Someone else changed this at the same time. Reload the page and try again.",
  conference_ended: "The conference has ended, so nothing more can be added.",
  child_not_found: "We could not find that child in this conference. Reload the page and try again.",
  scaling_closed: "Scaling for this child has closed, so a scale cannot be added or changed now.",
  views_not_open: "The chair has not asked for views on this child yet.",
  views_closed: "Views on this child have closed, so a view cannot be given or changed now.",
  decision_recorded: "The decision for this child has already been recorded, so this cannot change now.",
  decision_not_recorded: "This can be done once the decision for this child has been recorded.",
  inquorate: "The conference is not quorate. Record why you are going ahead without a quorum first.",
  outcome_not_applicable: "This does not apply to the decision made for this child.",
  date_before_conference: "Choose a date that is not before the conference.",
  date_not_working_day: "Choose a working day: not a weekend or a bank holiday.",
  core_group_date_too_late: "The first core group meeting must be sooner. Choose an earlier date.",
  review_date_too_late: "The review conference must be sooner. Choose an earlier date.",
  not_eligible_voter:
    "Only professionals give a view on the threshold. The chair makes the decision; family members, supporters, observers and the minute taker do not vote.",
  not_present: "That person is not in the conference room now, so this cannot be done for them.",
  agency_view_given:
    "Your agency has already given its view. Agree with your colleague who speaks for the agency, or replace the agency's view.",
  category_required: "A child protection plan needs a category of abuse or neglect. Choose one.",
  category_duplicate: "Each category can be chosen only once.",
  category_exactly_one: "The local procedures for this conference allow exactly one category. Choose one.",
  category_without_plan: "A category is recorded only with a child protection plan. Clear the categories.",
  emotional_secondary_needs_concern:
    "Emotional abuse is a second category only where the concern is substantial. Say what the concern is, or remove emotional abuse.",
  emotional_concern_not_applicable:
    "A substantial emotional concern is recorded only when emotional abuse is a second category.",
  override_reason_required:
    "This decision differs from the majority of professionals. Record why the chair is deciding otherwise.",
  override_not_applicable:
    "There is no majority to decide against, so there is nothing to override. Put your reasons in the rationale.",
  scale_out_of_range: "A safety scale is a whole number from 0 to 10.",
  scale_reason_required: "Give a reason for your safety scale.",
  record_locked: "The record has been signed off and is locked. The chair can add a dated addendum.",
  record_not_signed_off: "The record has not been signed off yet.",
  no_copy: "There is no copy of the record for this person.",
  consent_required: "This copy can be given only once the family member's consent has been recorded.",
  copy_not_chosen: "The chair has not chosen to give this young person a copy.",
  record_too_large:
    "This record is too long to make into a file. You can read it on screen, or ask the chair for a copy.",
  rate_limited: "There have been too many attempts. Wait a minute, then try again.",
  internal: "Something went wrong on our side. Nothing was changed. Try again in a few minutes.",
};

/** Failures that happen in the browser, before or instead of an answer from the server. */
export const CLIENT_ERROR_WORDS = {
  network_error: "We could not reach Quorum. Check your internet connection, then try again.",
  bad_response: "Quorum sent an answer this page could not read. Reload the page and try again.",
} as const;
export type ClientErrorCode = keyof typeof CLIENT_ERROR_WORDS;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** Words for a person: ours for a known code, else the server's message, else a general line. */
export function errorWords(code: string, serverMessage?: string): string {
  if (isErrorCode(code)) return ERROR_WORDS[code];
  if (Object.hasOwn(CLIENT_ERROR_WORDS, code)) return CLIENT_ERROR_WORDS[code as ClientErrorCode];
  return serverMessage || ERROR_WORDS.internal;
}
