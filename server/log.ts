/** A small structured logger: one JSON line per entry on stderr, never any secret or content. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, error?: unknown): void;
}

export function createLogger(level: "silent" | "error" | "info"): Logger {
  const write = (lvl: string, message: string, fields: Record<string, unknown>) =>
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level: lvl, message, ...fields })}\n`,
    );
  return {
    info(message, fields = {}) {
      if (level === "info") write("info", message, fields);
    },
    error(message, error) {
      if (level === "silent") return;
      const detail = error instanceof Error ? { error: error.message, stack: error.stack } : { error };
      write("error", message, detail);
    },
  };
}
