import { Router } from "express";
import { z } from "zod";
import { QuorumError } from "../../shared/errors";
import { isActiveChair } from "../../shared/permissions";
import type { SessionService } from "../auth/sessions";
import type { RoomManager } from "../rooms/RoomManager";
import type { Store } from "../storage/store";
import { route } from "./errors";
import { requireSession } from "./session";
import { parseInput } from "./validate";

const AuditQuery = z
  .object({
    afterId: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

/** Endpoints for a signed-in participant about their own conference. */
export function conferenceRouter(deps: {
  sessions: SessionService;
  rooms: RoomManager;
  store: Store;
}): Router {
  const r = Router();

  /** The audit log, for the active chair only (SCREENS.md "Audit"). */
  r.get(
    "/audit",
    route(async (req, res) => {
      const ctx = await requireSession(deps.sessions, req);
      const room = await deps.rooms.get(ctx.conference.id);
      if (!room || !isActiveChair(room.state, ctx.participant.id)) {
        await deps.sessions.auditRefusal(ctx, "audit.read", ctx.conference.id);
        throw new QuorumError("not_chair", "Only the chair can read the audit log.");
      }
      const query = parseInput(AuditQuery, req.query, "query");
      const entries = await deps.store.listAudit(ctx.conference.id, {
        ...(query.afterId !== undefined ? { afterId: query.afterId } : {}),
        limit: query.limit,
      });
      res.json({ entries });
    }),
  );

  return r;
}
