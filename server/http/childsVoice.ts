import { createHash } from "node:crypto";
import express, { type Request, Router } from "express";
import { z } from "zod";
import { VOICE_FILE_TYPES, VOICE_MAX_BYTES } from "../../shared/childsVoice";
import { QuorumError } from "../../shared/errors";
import { Id } from "../../shared/ids";
import { Audience } from "../../shared/visibility";
import type { SessionContext, SessionService } from "../auth/sessions";
import type { ConferenceRoom } from "../rooms/ConferenceRoom";
import type { RoomManager } from "../rooms/RoomManager";
import type { Store } from "../storage/store";
import { route } from "./errors";
import { fileNameFor, sniffFileType } from "./fileTypes";
import { requireSession } from "./session";
import { parseInput, pathId } from "./validate";

/** A comma-separated list of ids in one query parameter (`children=a,b`). */
const IdList = z
  .string()
  .max(2000)
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(Id).max(20));

/** The details of an uploaded letter or picture, in the query string (the body is the file). */
export const VoiceUploadQuery = z
  .object({
    form: z.enum(["letter", "picture"]),
    title: z.string().trim().max(200).default(""),
    youngPersonId: Id.optional(),
    children: IdList.default([]),
    audience: Audience,
    notShownTo: IdList.default([]),
  })
  .strict();

/** The same answer for "no such file" and "not yours to see": a refusal tells nothing. */
const nothingHere = () => new QuorumError("not_found", "There is nothing at this address.");

/**
 * The child's voice files: upload a letter or picture (`POST /api/conference/childs-voice`), and
 * fetch one (`GET /api/conference/childs-voice/:contentId/file`) if the visibility model lets the
 * requester see it now (shared/voiceAccess.ts).
 */
export function childsVoiceRouter(deps: {
  sessions: SessionService;
  rooms: RoomManager;
  store: Store;
  isAllowedOrigin: (origin: string | undefined, required: boolean) => boolean;
}): Router {
  const r = Router();
  // Any Content-Type: what the file is, is decided from its bytes. JSON was parsed (and size-limited)
  // before this router, so a JSON body arrives here as an object and is refused below.
  const raw = express.raw({ type: () => true, limit: VOICE_MAX_BYTES });

  const inFlight = new UploadsInFlight();

  r.post(
    "/",
    // Who is asking, and whether they may send this at all, before reading up to 5 MiB: a body
    // nobody may send is never buffered, and one person cannot make the server hold many at once.
    route(async (req, res, next) => {
      // A cookie-bearing write: a browser always sends Origin on it, and only ours may.
      if (!deps.isAllowedOrigin(req.get("origin"), true))
        throw new QuorumError("origin_forbidden", "This request came from a site that is not allowed.");
      const ctx = await requireSession(deps.sessions, req);
      const query = parseInput(VoiceUploadQuery, req.query, "query");
      const room = await deps.rooms.get(ctx.conference.id);
      if (!room) throw new QuorumError("conference_not_found", "There is no such conference.");
      const fields = {
        title: query.title,
        youngPersonId: query.youngPersonId ?? null,
        children: query.children,
        wish: { audience: query.audience, notShownTo: query.notShownTo },
      };
      if (!inFlight.begin(ctx.participant.id))
        throw new QuorumError(
          "rate_limited",
          "Another file is still being sent. Wait for it to finish, then try again.",
        );
      res.on("close", () => inFlight.end(ctx.participant.id));
      const refusal = await room.voiceUploadRefusal(ctx.participant.id, fields);
      if (refusal && !refusal.ok) throw new QuorumError(refusal.error.code, refusal.error.message);
      res.locals.upload = { ctx, room, form: query.form, fields };
      next();
    }),
    raw,
    route(async (req, res) => {
      const { ctx, room, form, fields } = res.locals.upload as {
        ctx: SessionContext;
        room: ConferenceRoom;
        form: "letter" | "picture";
        fields: Parameters<ConferenceRoom["voiceUploadRefusal"]>[1];
      };
      // The body may have taken long to arrive: the session must still stand (not signed out, its
      // link not revoked, no second device let in meanwhile) before anything is stored.
      const now = await requireSession(deps.sessions, req);
      if (now.sessionId !== ctx.sessionId)
        throw new QuorumError(
          "unauthenticated",
          "You are not signed in. Open the personal link you were sent.",
        );
      const bytes = body(req);
      const mime = sniffFileType(bytes);
      if (!mime || !VOICE_FILE_TYPES.includes(mime))
        throw new QuorumError(
          "unsupported_media_type",
          "Send a picture (PNG or JPEG) or a letter (PDF, PNG or JPEG).",
        );
      const ack = await room.addVoiceFile(
        ctx.participant.id,
        { form, ...fields, file: { mime, size: bytes.byteLength } },
        { bytes, sha256: createHash("sha256").update(bytes).digest("hex") },
      );
      if (!ack.ok) throw new QuorumError(ack.error.code, ack.error.message);
      res.status(201).json(ack.result);
    }),
  );

  r.get(
    "/:contentId/file",
    route(async (req, res) => {
      const ctx = await requireSession(deps.sessions, req);
      let contentId: string;
      try {
        contentId = pathId(req, "contentId");
      } catch {
        throw nothingHere();
      }
      const room = await deps.rooms.get(ctx.conference.id);
      const entry = room?.state.childsVoice[contentId];
      if (!room || !entry?.file || !room.mayOpenVoiceFile(ctx.participant.id, contentId)) {
        await deps.sessions.auditRefusal(ctx, "voice.file", contentId);
        throw nothingHere();
      }
      const file = await deps.store.getAttachment(ctx.conference.id, contentId);
      if (!file) throw nothingHere();
      const name = fileNameFor(entry.file.mime, entry.form);
      // Shown as an image, or downloaded (a PDF); never run as a page of this site.
      res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
      res.setHeader(
        "Content-Disposition",
        `${entry.file.mime === "application/pdf" ? "attachment" : "inline"}; filename="${name}"`,
      );
      res.type(entry.file.mime);
      res.setHeader("Content-Length", String(file.bytes.byteLength));
      res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    }),
  );

  return r;
}

/**
 * Uploads being received: at most two per person and eight in all at any moment, so the 5 MiB
 * bodies the server holds while reading are bounded whoever floods it.
 */
class UploadsInFlight {
  static readonly PER_PERSON = 2;
  static readonly IN_ALL = 8;
  private readonly byPerson = new Map<string, number>();
  private total = 0;

  begin(participantId: string): boolean {
    const mine = this.byPerson.get(participantId) ?? 0;
    if (mine >= UploadsInFlight.PER_PERSON || this.total >= UploadsInFlight.IN_ALL) return false;
    this.byPerson.set(participantId, mine + 1);
    this.total += 1;
    return true;
  }

  end(participantId: string): void {
    const mine = this.byPerson.get(participantId) ?? 0;
    if (mine <= 1) this.byPerson.delete(participantId);
    else this.byPerson.set(participantId, mine - 1);
    this.total = Math.max(0, this.total - 1);
  }
}

function body(req: Request): Uint8Array {
  if (!Buffer.isBuffer(req.body))
    throw new QuorumError(
      "unsupported_media_type",
      "Send the file itself as the request body, not JSON or a form.",
    );
  if (req.body.byteLength === 0) throw new QuorumError("validation_failed", "The file is empty.");
  return new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength);
}
