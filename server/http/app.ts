import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Express } from "express";
import { QuorumError } from "../../shared/errors";
import type { Config } from "../config";
import type { Logger } from "../log";
import { errorHandler, notFound } from "./errors";
import { securityHeaders } from "./securityHeaders";

/**
 * The express app: security headers, a small JSON body limit, the API routers, and the built
 * client. Routers are passed in so this file only wires; behaviour lives with each router.
 */
export function createHttpApp(
  config: Config,
  log: Logger,
  routers: { path: string; router: express.Router }[],
): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.set("query parser", "simple");
  app.use(securityHeaders(config));

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  const api = express.Router();
  // JSON is UTF-8 (RFC 8259); body-parser would also decode UTF-7, -16 and -32, which lets a body's
  // bytes say something other than what a proxy or log inspecting them sees.
  api.use((req, _res, next) => {
    const hasBody = req.get("content-length") !== undefined || req.get("transfer-encoding") !== undefined;
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.get("content-type") ?? "")?.[1];
    if (hasBody && charset !== undefined && !/^utf-?8$/i.test(charset)) {
      next(new QuorumError("unsupported_media_type", "Send the body as UTF-8 JSON."));
      return;
    }
    next();
  });
  api.use(express.json({ limit: "64kb", strict: true, type: ["application/json", "application/*+json"] }));
  for (const r of routers) api.use(r.path, r.router);
  api.use(notFound);
  app.use("/api", api);

  const indexHtml = path.join(config.clientDir, "index.html");
  app.use(
    "/assets",
    express.static(path.join(config.clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }),
  );
  app.use(express.static(config.clientDir, { index: false }));
  // Client-side routes (/join, /conference, /admin...) all get the app's single page.
  app.get(/^\/(?!api\/|socket\.io\/|sync\/).*/, (_req, res) => {
    if (!existsSync(indexHtml)) {
      res
        .status(503)
        .type("text/plain")
        .send("The client has not been built. Run `npm run build`, then reload.");
      return;
    }
    res.sendFile(indexHtml);
  });
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
