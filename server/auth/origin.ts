/**
 * Cross-site WebSocket hijacking and cross-site requests: browsers send `Origin`; only the
 * configured origins may open connections or send cookie-bearing writes. A WebSocket upgrade
 * without an Origin is refused (`required`); a plain HTTP call without one (curl, the CLI) is not
 * cross-site and passes.
 */
export function originChecker(allowed: ReadonlySet<string>) {
  return (origin: string | undefined, required: boolean): boolean => {
    if (origin === undefined || origin === "") return !required;
    return allowed.has(origin);
  };
}
