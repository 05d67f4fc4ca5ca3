import type { ClientErrorCode } from "./errors";

export interface ApiIssue {
  path: string;
  message: string;
}

/** A refusal from the server (`{ error: { code, message, issues } }`) or a failure to reach it. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: ApiIssue[];
  constructor(code: string, message: string, status: number, issues: ApiIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.issues = issues;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** The administrator token, sent as `Authorization: Bearer`. */
  bearer?: string;
  signal?: AbortSignal;
}

/**
 * One JSON request to our own server. Cookies go with it (`same-origin`); an answer that is not a
 * success becomes an ApiError carrying the server's code, so screens map codes to words.
 */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.bearer !== undefined) headers.authorization = `Bearer ${opts.bearer}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw clientError("network_error", 0);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw toApiError(json, res.status);
  if (json === undefined) throw clientError("bad_response", res.status);
  return json as T;
}

function clientError(code: ClientErrorCode, status: number): ApiError {
  return new ApiError(code, code.replace("_", " "), status);
}

function toApiError(json: unknown, status: number): ApiError {
  const error = (json as { error?: unknown } | undefined)?.error;
  if (typeof error !== "object" || error === null) return clientError("bad_response", status);
  const { code, message, issues } = error as { code?: unknown; message?: unknown; issues?: unknown };
  if (typeof code !== "string") return clientError("bad_response", status);
  return new ApiError(
    code,
    typeof message === "string" ? message : code,
    status,
    Array.isArray(issues)
      ? issues.filter(
          (i): i is ApiIssue =>
            typeof i === "object" &&
            i !== null &&
            typeof i.path === "string" &&
            typeof i.message === "string",
        )
      : [],
  );
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, "body">) => request<T>("GET", path, opts),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, "body">) =>
    request<T>("POST", path, { ...opts, body }),
  delete: <T>(path: string, opts?: Omit<RequestOptions, "body">) => request<T>("DELETE", path, opts),
};
