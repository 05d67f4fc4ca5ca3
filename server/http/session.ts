import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { Conference } from "../../shared/domain";
import { QuorumError } from "../../shared/errors";
import { DEVICE_COOKIE, parseCookies, SESSION_COOKIE, serializeCookie } from "../auth/cookies";
import { RateLimiter } from "../auth/rateLimit";
import { hashSecret } from "../auth/secrets";
import type { SessionContext, SessionService } from "../auth/sessions";
import { route } from "./errors";
import { parseBody } from "./validate";

const ExchangeBody = z.object({ token: z.string().max(200) }).strict();

/** What a signed-in person may know about themselves and their conference. */
export function sessionView(ctx: SessionContext) {
  const { participant: p, conference: c } = ctx;
  return {
    me: { participantId: p.id, name: p.name, role: p.role, ...(p.agency ? { agency: p.agency } : {}) },
    conference: conferenceSummary(c),
  };
}

export function conferenceSummary(c: Conference) {
  return { id: c.id, title: c.title, kind: c.kind, scheduledStart: c.scheduledStart, status: c.status };
}

export function sessionRouter(deps: {
  sessions: SessionService;
  secureCookies: boolean;
  isAllowedOrigin: (origin: string | undefined, required: boolean) => boolean;
  rateLimit: { perIp: number; perToken: number; windowMs: number };
}): Router {
  const { sessions } = deps;
  const r = Router();
  const perIp = new RateLimiter(deps.rateLimit.perIp, deps.rateLimit.windowMs);
  const perToken = new RateLimiter(deps.rateLimit.perToken, deps.rateLimit.windowMs);

  // A browser always sends Origin on these methods; a foreign one is cross-site and refused.
  const checkOrigin = (req: Request) => {
    if (!deps.isAllowedOrigin(req.get("origin"), false)) {
      throw new QuorumError("origin_forbidden", "This request came from a site that is not allowed.");
    }
  };

  r.post(
    "/",
    route(async (req, res) => {
      checkOrigin(req);
      const ip = req.ip ?? "unknown";
      const byAddress = perIp.check(ip);
      if (byAddress !== "allowed") {
        if (byAddress === "refused_first") await sessions.auditRateLimited("address", ip);
        throw new QuorumError("rate_limited", "Too many attempts. Wait a minute and try again.");
      }
      const { token } = parseBody(ExchangeBody, req);
      const tokenHash = hashSecret(token);
      const byLink = perToken.check(tokenHash);
      if (byLink !== "allowed") {
        if (byLink === "refused_first") await sessions.auditRateLimited("link", ip, tokenHash);
        throw new QuorumError(
          "rate_limited",
          "Too many attempts with this link. Wait a minute and try again.",
        );
      }
      const cookies = parseCookies(req.get("cookie"));
      const result = await sessions.exchange(
        token,
        cookies.get(DEVICE_COOKIE),
        cookies.get(SESSION_COOKIE),
        ip,
      );
      res.append(
        "Set-Cookie",
        serializeCookie(SESSION_COOKIE, result.sessionSecret, { secure: deps.secureCookies }),
      );
      res.append(
        "Set-Cookie",
        serializeCookie(DEVICE_COOKIE, result.deviceSecret, {
          secure: deps.secureCookies,
          maxAgeSeconds: 365 * 24 * 3600,
        }),
      );
      res.json(sessionView(result.context));
    }),
  );

  r.get(
    "/",
    route(async (req, res) => {
      res.json(sessionView(await requireSession(sessions, req)));
    }),
  );

  r.delete(
    "/",
    route(async (req, res) => {
      checkOrigin(req);
      const ctx = await requireSession(sessions, req);
      await sessions.signOut(ctx);
      clearSession(res, deps.secureCookies);
      res.json({ ok: true });
    }),
  );

  return r;
}

export async function requireSession(sessions: SessionService, req: Request): Promise<SessionContext> {
  const ctx = await sessions.authenticate(parseCookies(req.get("cookie")).get(SESSION_COOKIE));
  if (!ctx)
    throw new QuorumError("unauthenticated", "You are not signed in. Open the personal link you were sent.");
  return ctx;
}

function clearSession(res: Response, secure: boolean): void {
  res.append("Set-Cookie", serializeCookie(SESSION_COOKIE, "", { secure, expire: true }));
}
