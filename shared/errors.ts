/**
 * Error codes, defined once. The server sends `{ code, message }`; the client maps the code to
 * plain words (client/src/lib/errors.ts) and only falls back to the server's message.
 * A code never carries content the receiver may not see: messages name rules, not data.
 */
export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  unknown_field: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  admin_token_required: 401,
  token_invalid: 401,
  token_revoked: 401,
  session_expired: 401,
  device_mismatch: 403,
  forbidden: 403,
  not_chair: 403,
  not_in_room: 403,
  muted: 403,
  excluded: 403,
  protocol_outdated: 426,
  origin_forbidden: 403,
  not_found: 404,
  conference_not_found: 404,
  participant_not_found: 404,
  content_not_found: 404,
  unknown_command: 400,
  conflict: 409,
  conference_ended: 409,
  // Per subject child: scaling, views, the decision and what follows (shared/childPermissions.ts).
  child_not_found: 404,
  scaling_closed: 409,
  views_not_open: 409,
  views_closed: 409,
  decision_recorded: 409,
  decision_not_recorded: 409,
  inquorate: 409,
  outcome_not_applicable: 409,
  date_before_conference: 422,
  date_not_working_day: 422,
  core_group_date_too_late: 422,
  review_date_too_late: 422,
  // The rules of shared/decision.ts (DECISION_ERROR_CODES; validation_failed is above).
  not_eligible_voter: 403,
  not_present: 409,
  agency_view_given: 409,
  category_required: 422,
  category_duplicate: 422,
  category_exactly_one: 422,
  category_without_plan: 422,
  emotional_secondary_needs_concern: 422,
  emotional_concern_not_applicable: 422,
  override_reason_required: 422,
  override_not_applicable: 422,
  scale_out_of_range: 422,
  scale_reason_required: 422,
  // The record (shared/recordPermissions.ts).
  record_locked: 409,
  record_not_signed_off: 409,
  no_copy: 403,
  consent_required: 403,
  copy_not_chosen: 403,
  record_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; issues?: { path: string; message: string }[] };
}

/** An expected failure, carried as a value or thrown at a boundary and turned into a response. */
export class QuorumError extends Error {
  readonly code: ErrorCode | string;
  readonly status: number;
  readonly issues: { path: string; message: string }[] | undefined;
  constructor(code: ErrorCode | string, message: string, issues?: { path: string; message: string }[]) {
    super(message);
    this.name = "QuorumError";
    this.code = code;
    this.status = (ERROR_CODES as Record<string, number>)[code] ?? 400;
    this.issues = issues;
  }
  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
  }
}

export type Result<T, E = { code: string; message: string }> =
  | { ok: true; value: T }
  | { ok: false; error: E };
