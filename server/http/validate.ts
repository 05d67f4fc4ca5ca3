import type { Request } from "express";
import type { z } from "zod";
import { QuorumError } from "../../shared/errors";
import { ID_PATTERN } from "../../shared/ids";
import { lengthRule } from "../../shared/textLimits";

/** zod issues as `{ path, message }`, with the path dotted (`invitees.2.agency`). */
export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 50).map((i) => {
    const path = i.path.map(String).join(".");
    if (i.code === "unrecognized_keys") {
      return { path: [path, ...i.keys].filter(Boolean).join("."), message: "is not a field we accept" };
    }
    return { path, message: i.message };
  });
}

/**
 * A text over its limit, as a sentence the sender understands ("Your words must be 2,000
 * characters or fewer. Nothing was sent."), or null when the refusal is about something else.
 */
export function tooLongWords(error: z.ZodError): string | null {
  const issue = error.issues.find((i) => i.code === "too_big" && i.origin === "string");
  if (issue?.code !== "too_big") return null;
  return `Your words ${lengthRule(Number(issue.maximum))}. Nothing was sent.`;
}

/** Parse once at the boundary; domain code sees typed data only. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = "request body",
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = zodIssues(result.error);
  const unknown = result.error.issues.some((i) => i.code === "unrecognized_keys");
  const first = issues[0];
  const summary = first ? `${first.path || what}: ${first.message}` : "is not valid";
  throw new QuorumError(
    unknown ? "unknown_field" : "validation_failed",
    `The ${what} is not valid (${summary}).`,
    issues,
  );
}

export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  if (!req.is("application/json")) {
    throw new QuorumError(
      "unsupported_media_type",
      "Send the body as JSON (Content-Type: application/json).",
    );
  }
  return parseInput(schema, req.body);
}

/** A path id: checked against the id shape before it reaches the database or a map. */
export function pathId(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new QuorumError("not_found", `There is no ${name.replace(/Id$/, "")} with that id.`);
  }
  return value;
}
