import type { ErrorRequestHandler, RequestHandler } from "express";
import { QuorumError } from "../../shared/errors";
import type { Logger } from "../log";

/** Body-parser and our own errors become `{ error: { code, message } }` with the right status. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = toQuorumError(err);
    if (e.status >= 500) log.error("request failed", err);
    if (res.headersSent) return;
    res.status(e.status).json(e.toBody());
  };
}

function toQuorumError(err: unknown): QuorumError {
  if (err instanceof QuorumError) return err;
  const type = (err as { type?: string } | null)?.type;
  switch (type) {
    case "entity.too.large":
      return new QuorumError("payload_too_large", "The request body is too large.");
    case "entity.parse.failed":
      return new QuorumError("bad_request", "The request body is not valid JSON.");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new QuorumError("unsupported_media_type", "The request body's encoding is not supported.");
    case "request.aborted":
      return new QuorumError("bad_request", "The request was aborted.");
    default:
      return new QuorumError("internal", "Something went wrong on our side. Nothing was changed.");
  }
}

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(new QuorumError("not_found", "There is nothing at this address.").toBody());
};

/** Wrap an async route so a rejection reaches the error handler. */
export function route(fn: (...args: Parameters<RequestHandler>) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}
