import { Router } from "express";
import { AddParticipantInput, ConferenceInput } from "../../shared/domain";
import { QuorumError } from "../../shared/errors";
import { buildExport } from "../../shared/recordExport";
import { RateLimiter } from "../auth/rateLimit";
import { secretsEqual } from "../auth/secrets";
import type { ConferenceService } from "../conferences";
import type { RoomManager } from "../rooms/RoomManager";
import type { Store } from "../storage/store";
import { route } from "./errors";
import { parseBody, pathId } from "./validate";

/**
 * The administrator's endpoints (the convening sheet). They need the admin token as a bearer
 * credential; wrong tokens are audited and rate limited per address.
 */
export function adminRouter(deps: {
  adminToken: string;
  conferences: ConferenceService;
  store: Store;
  rateLimit: { perIp: number; windowMs: number };
  now: () => number;
  /** For the JSON export of a conference (the record). */
  rooms?: RoomManager;
}): Router {
  const { conferences, store } = deps;
  const r = Router();
  const failures = new RateLimiter(deps.rateLimit.perIp, deps.rateLimit.windowMs);

  r.use(
    route(async (req, _res, next) => {
      const header = req.get("authorization") ?? "";
      const match = /^Bearer (.{1,512})$/.exec(header);
      if (match?.[1] && secretsEqual(match[1], deps.adminToken)) return next();
      const ip = req.ip ?? "unknown";
      if (!failures.take(ip))
        throw new QuorumError("rate_limited", "Too many attempts. Wait a minute and try again.");
      await store.appendAudit({
        conferenceId: null,
        at: deps.now(),
        actor: null,
        action: "admin.authenticate",
        target: null,
        outcome: "refused",
        detail: { address: ip, path: req.path.slice(0, 200) },
      });
      throw new QuorumError("admin_token_required", "This needs the administrator token.");
    }),
  );

  r.post(
    "/conferences",
    route(async (req, res) => {
      const input = parseBody(ConferenceInput, req);
      res.status(201).json(await conferences.create(input, "admin"));
    }),
  );

  r.get(
    "/conferences",
    route(async (_req, res) => {
      const rows = await store.listConferences();
      res.json({
        conferences: rows.map(({ id, kind, title, scheduledStart, status }) => ({
          id,
          kind,
          title,
          scheduledStart,
          status,
        })),
      });
    }),
  );

  r.get(
    "/conferences/:conferenceId",
    route(async (req, res) => {
      const id = pathId(req, "conferenceId");
      const conference = await conferences.get(id);
      res.json({
        conference,
        participants: await conferences.participants(id),
        invitations: await conferences.invitations(id),
      });
    }),
  );

  /** The whole conference as JSON, in the versioned export schema (docs/API.md "Export"). */
  r.get(
    "/conferences/:conferenceId/export",
    route(async (req, res) => {
      const id = pathId(req, "conferenceId");
      const room = await deps.rooms?.get(id);
      if (!room) throw new QuorumError("conference_not_found", "There is no such conference.");
      const body = buildExport(room.state, room.recordTexts(), deps.now());
      await room.auditExport("admin");
      res.setHeader("Content-Disposition", `attachment; filename="conference-${id}-export.json"`);
      res.json(body);
    }),
  );

  r.post(
    "/conferences/:conferenceId/participants",
    route(async (req, res) => {
      const id = pathId(req, "conferenceId");
      const input = parseBody(AddParticipantInput, req);
      res.status(201).json(await conferences.addParticipant(id, input, "admin"));
    }),
  );

  r.post(
    "/conferences/:conferenceId/participants/:participantId/link",
    route(async (req, res) => {
      const link = await conferences.reissueLink(
        pathId(req, "conferenceId"),
        pathId(req, "participantId"),
        "admin",
      );
      res.status(201).json({ link });
    }),
  );

  r.delete(
    "/conferences/:conferenceId/participants/:participantId/link",
    route(async (req, res) => {
      const revoked = await conferences.revokeLink(
        pathId(req, "conferenceId"),
        pathId(req, "participantId"),
        "admin",
      );
      res.json({ revoked });
    }),
  );

  return r;
}
