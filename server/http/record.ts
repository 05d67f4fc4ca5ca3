import { type Response, Router } from "express";
import { z } from "zod";
import { buildDecisionSummary } from "../../shared/decisionSummary";
import { ROLE_LABEL } from "../../shared/domain";
import { QuorumError } from "../../shared/errors";
import { isActiveChair } from "../../shared/permissions";
import { COPY_FORMATS, type CopyFormat, copyChoiceOf, type RecordDocumentKind } from "../../shared/record";
import {
  audienceOf,
  buildRecordCopy,
  type CopyAudience,
  leftOutOf,
  missedParts,
  NEVER_IN_FAMILY_COPIES,
} from "../../shared/recordCopy";
import { buildExport } from "../../shared/recordExport";
import { copyEligibility, ownCopyRefusal } from "../../shared/recordPermissions";
import type { CopiesOverview } from "../../shared/recordView";
import type { RoomState } from "../../shared/room";
import { conferenceDates } from "../../shared/views";
import { hasFullView, principalOf } from "../../shared/visibility";
import type { SessionContext, SessionService } from "../auth/sessions";
import { decisionSummaryDocument, type RenderDoc, recordDocument } from "../record/document";
import type { RecordRenderer } from "../record/renderer";
import type { ConferenceRoom } from "../rooms/ConferenceRoom";
import type { RoomManager } from "../rooms/RoomManager";
import { route } from "./errors";
import { copyDisposition, exportDisposition } from "./fileNames";
import { requireSession } from "./session";
import { parseInput, pathId } from "./validate";

const FormatQuery = z.object({ format: z.enum(COPY_FORMATS).default("json") }).strict();
const NoQuery = z.object({}).strict();

/**
 * The record over HTTP (docs/API.md "The record"): a person's own copy and decision summary, the
 * chair's copies screen and any recipient's copy, and the JSON export. Session cookie auth, like the
 * audit log. Every refusal is audited and says only which rule refused, never what a copy holds.
 */
export function recordRouter(deps: {
  sessions: SessionService;
  rooms: RoomManager;
  renderer: RecordRenderer;
  now: () => number;
}): Router {
  const r = Router();
  /** People whose file is being made: one at a time each, so nobody can queue up the renderer. */
  const rendering = new Set<string>();

  const context = async (req: Parameters<typeof requireSession>[1]) => {
    const ctx = await requireSession(deps.sessions, req);
    const room = await deps.rooms.get(ctx.conference.id);
    if (!room) throw new QuorumError("conference_not_found", "There is no such conference.");
    return { ctx, room };
  };
  const refuse = async (ctx: SessionContext, action: string, target: string, error: QuorumError) => {
    await deps.sessions.auditRefusal(ctx, action, target);
    throw error;
  };
  const requireChair = async (ctx: SessionContext, room: ConferenceRoom, action: string) => {
    if (!isActiveChair(room.state, ctx.participant.id))
      await refuse(
        ctx,
        action,
        ctx.participant.id,
        new QuorumError("not_chair", "Only the chair can do this."),
      );
  };

  /** The signed-in person's own copy of the record, once it is signed off and may be given to them. */
  r.get(
    "/copy",
    route(async (req, res) => {
      const { ctx, room } = await context(req);
      const { format } = parseInput(FormatQuery, req.query, "query");
      const me = ctx.participant.id;
      if (!room.state.record.signedOff)
        await refuse(
          ctx,
          "record.copy",
          me,
          new QuorumError(
            "record_not_signed_off",
            "Your copy is ready once the chair has signed the record off.",
          ),
        );
      const eligible = copyEligibility(room.state, me);
      if (!eligible.ok)
        await refuse(ctx, "record.copy", me, new QuorumError(eligible.code, ownRefusal(eligible.code)));
      const removed = ownCopyRefusal(room.state, me);
      if (removed) await refuse(ctx, "record.copy", me, new QuorumError(removed.code, removed.reason));
      const audience = audienceOf(room.state, me)!;
      await send(res, room, me, me, "record", format, copyDoc(room, audience, me));
    }),
  );

  /** The decision summary: the same for everyone, once the conference has ended. */
  r.get(
    "/decision-summary",
    route(async (req, res) => {
      const { ctx, room } = await context(req);
      const { format } = parseInput(FormatQuery, req.query, "query");
      const me = ctx.participant.id;
      if (room.state.conference.status !== "ended")
        await refuse(
          ctx,
          "record.decisionSummary",
          me,
          new QuorumError("conflict", "The decision summary is ready once the conference has ended."),
        );
      const eligible = copyEligibility(room.state, me);
      if (!eligible.ok)
        await refuse(
          ctx,
          "record.decisionSummary",
          me,
          new QuorumError(eligible.code, ownRefusal(eligible.code)),
        );
      const removed = ownCopyRefusal(room.state, me);
      if (removed)
        await refuse(ctx, "record.decisionSummary", me, new QuorumError(removed.code, removed.reason));
      const summary = buildDecisionSummary(room.state);
      await send(res, room, me, me, "decision_summary", format, {
        json: summary,
        doc: () => decisionSummaryDocument(summary),
      });
    }),
  );

  /** The chair's copies screen: every invitee, what their copy leaves out and why, consent, sent. */
  r.get(
    "/copies",
    route(async (req, res) => {
      const { ctx, room } = await context(req);
      await requireChair(ctx, room, "record.copies");
      parseInput(NoQuery, req.query, "query");
      res.json(copiesOverview(room.state));
    }),
  );

  /** Any recipient's copy, for the chair: on screen at any time (a draft until sign-off). */
  r.get(
    "/copies/:participantId",
    route(async (req, res) => {
      const { ctx, room } = await context(req);
      await requireChair(ctx, room, "record.copyFor");
      const id = pathId(req, "participantId");
      const { format } = parseInput(FormatQuery, req.query, "query");
      const state = room.state;
      // Another conference's people are not found here; asking is audited (an IDOR probe).
      if (!Object.hasOwn(state.participants, id))
        await refuse(
          ctx,
          "record.copyFor",
          id,
          new QuorumError("participant_not_found", "There is no such participant in this conference."),
        );
      const audience = previewAudience(state, id);
      if (!audience) throw new QuorumError("no_copy", "This person does not receive the record.");
      // A file is what gets sent: only for someone who may be given it.
      const eligible = copyEligibility(state, id);
      if (format !== "json" && !eligible.ok)
        await refuse(ctx, "record.copyFor", id, new QuorumError(eligible.code, eligible.reason));
      await send(res, room, ctx.participant.id, id, "record", format, copyDoc(room, audience, id));
    }),
  );

  /** The whole conference as JSON, in the versioned export schema (shared/recordExport.ts). */
  r.get(
    "/export",
    route(async (req, res) => {
      const { ctx, room } = await context(req);
      await requireChair(ctx, room, "record.export");
      parseInput(NoQuery, req.query, "query");
      const body = buildExport(room.state, room.recordTexts(), deps.now());
      await room.auditExport(ctx.participant.id);
      res.setHeader("Content-Disposition", exportDisposition(room.state.conference.title));
      res.json(body);
    }),
  );

  return r;

  async function send(
    res: Response,
    room: ConferenceRoom,
    actorId: string,
    recipientId: string,
    document: RecordDocumentKind,
    format: CopyFormat,
    content: { json: unknown; doc: () => RenderDoc },
  ): Promise<void> {
    const recipient = { id: recipientId, name: room.state.participants[recipientId]?.name ?? "" };
    if (format === "json") {
      // Reading it on screen is not giving a copy: only files are logged as downloads.
      res.json(content.json);
      return;
    }
    if (rendering.has(actorId))
      throw new QuorumError(
        "rate_limited",
        "Your last file is still being made. Wait for it, then try again.",
      );
    rendering.add(actorId);
    let file: Buffer;
    try {
      file = await deps.renderer.render(format, content.doc());
    } finally {
      rendering.delete(actorId);
    }
    await room.recordDownload(actorId, { recipientId, document, format });
    res.setHeader(
      "Content-Disposition",
      copyDisposition(room.state.conference.title, document === "record" ? recipient : null, format),
    );
    res
      .type(
        format === "pdf"
          ? "application/pdf"
          : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      )
      .send(file);
  }
}

function copyDoc(room: ConferenceRoom, audience: CopyAudience, recipientId: string) {
  const copy = buildRecordCopy(room.state, room.recordTexts(), audience, recipientId);
  return { json: copy, doc: () => recordDocument(copy) };
}

function ownRefusal(code: string): string {
  switch (code) {
    case "consent_required":
      return "Your copy can be given once the consent of the person you are with has been recorded. Ask the chair.";
    case "copy_not_chosen":
      return "The chair decides whether you receive a copy. Ask the chair or your social worker.";
    default:
      return "There is no copy of the record for you.";
  }
}

/** The audience of someone's copy as it would be, whether or not it may be given yet (the chair's preview). */
function previewAudience(state: RoomState, id: string): CopyAudience | null {
  const p = state.participants[id];
  if (!p || p.role === "observer") return null;
  if (hasFullView(p.role)) return { kind: "full" };
  const principal = principalOf(
    { participantId: p.id, role: p.role, supports: p.supports },
    state.participants,
  );
  if (!principal) return null;
  return {
    kind: "family",
    principalId: principal,
    exclusionParts: copyChoiceOf(state.record, principal).exclusionParts,
  };
}

/** The chair's copies screen. */
export function copiesOverview(state: RoomState): CopiesOverview {
  const name = (id: string) => state.participants[id]?.name ?? "";
  const dates = conferenceDates(state);
  const log = state.record.distribution.map((e) => ({ ...e, byName: name(e.by) }));
  return {
    ended: state.conference.status === "ended",
    signedOff: state.record.signedOff
      ? { ...state.record.signedOff, byName: name(state.record.signedOff.by) }
      : null,
    dates: {
      conferenceDate: dates.conferenceDate,
      decisionSummaryDue: dates.decisionSummaryDue,
      planDue: dates.planDue,
      recordDue: dates.recordDue,
    },
    neverInFamilyCopies: NEVER_IN_FAMILY_COPIES,
    invitees: Object.values(state.participants)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((p) => {
        const audience = previewAudience(state, p.id);
        const eligible = copyEligibility(state, p.id);
        const choice = state.record.choices[p.id];
        const consent = state.record.consents[p.id];
        const principal = audience?.kind === "family" ? audience.principalId : null;
        return {
          id: p.id,
          name: p.name,
          role: p.role,
          roleLabel: ROLE_LABEL[p.role],
          agency: p.agency ?? null,
          with: p.supports ? { id: p.supports, name: name(p.supports) } : null,
          copy: audience?.kind ?? null,
          eligible: eligible.ok,
          refusal: eligible.ok ? null : { code: eligible.code, reason: eligible.reason },
          leftOut: audience ? leftOutOf(state, audience) : [],
          missedParts: principal && principal === p.id ? missedParts(state, principal) : 0,
          choice: choice
            ? {
                exclusionParts: choice.exclusionParts,
                childCopy: choice.childCopy,
                byName: name(choice.by),
                at: choice.at,
              }
            : null,
          consent: consent ? { ...consent, byName: name(consent.by) } : null,
          log: log.filter((e) => e.recipientId === p.id),
        };
      }),
  };
}
