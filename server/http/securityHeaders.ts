import type { RequestHandler } from "express";
import helmet from "helmet";
import type { Config } from "../config";

/**
 * Security headers and `Cache-Control: no-store` for every HTTP answer: the express app uses it, and
 * so does engine.io for the answers it writes itself under /socket.io/ (tests: test/security/http).
 */
export function securityHeaders(config: Pick<Config, "secureCookies">): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  // The headers are the same for every answer: helmet runs once, here, and each answer replays
  // what it did (twelve middlewares a request cost a health probe's whole budget under load).
  const ops = recordHeaders(headers);
  return (_req, res, next) => {
    for (const op of ops) {
      if (op.kind === "set") res.setHeader(op.name, op.value);
      else res.removeHeader(op.name);
    }
    res.setHeader("Cache-Control", "no-store");
    next();
  };
}

type HeaderOp =
  | { kind: "set"; name: string; value: string | number | readonly string[] }
  | { kind: "remove"; name: string };

/** Run a header middleware against a recording response: what it sets and removes, in order. */
function recordHeaders(handler: RequestHandler): HeaderOp[] {
  const ops: HeaderOp[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      ops.push({ kind: "set", name, value });
      return res;
    },
    removeHeader(name: string) {
      ops.push({ kind: "remove", name });
    },
  };
  let outcome: { err: unknown } | undefined;
  handler(
    { headers: {}, method: "GET", url: "/" } as Parameters<RequestHandler>[0],
    res as unknown as Parameters<RequestHandler>[1],
    (err?: unknown) => {
      outcome = { err };
    },
  );
  if (!outcome || outcome.err) throw new Error("security headers: helmet did not answer at once");
  return ops;
}
