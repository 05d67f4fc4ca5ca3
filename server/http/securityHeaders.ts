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
  return (req, res, next) => {
    headers(req, res, (err?: unknown) => {
      if (err) return next(err);
      res.setHeader("Cache-Control", "no-store");
      next();
    });
  };
}
