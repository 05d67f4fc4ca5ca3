import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "../log";
import { type ClusterEvent, type ToPrimary, ToWorker } from "./messages";
import { ownerOf, type RequestRoute, routeOf, sameHostLocation } from "./routing";

/** A worker's place in its cluster, as `createQuorum` uses it. */
export interface ClusterMembership {
  index: number;
  count: number;
  /** Tell every other worker. */
  broadcast(event: ClusterEvent): void;
  /** What the other workers told. */
  onEvent(listener: (event: ClusterEvent) => void): void;
}

export function owns(cluster: ClusterMembership | undefined, conferenceId: string): boolean {
  return cluster === undefined || ownerOf(conferenceId, cluster.count) === cluster.index;
}

/** The membership of this process when it is a worker started by the primary (over node's IPC). */
export function ipcMembership(index: number, count: number): ClusterMembership {
  const listeners: ((event: ClusterEvent) => void)[] = [];
  // (A message that does not parse is logged by serveHandedConnections, which hears every message.)
  process.on("message", (raw: unknown) => {
    const msg = ToWorker.safeParse(raw);
    if (msg.success && msg.data.type === "quorum:event") for (const l of listeners) l(msg.data.event);
  });
  return {
    index,
    count,
    broadcast(event) {
      const message: ToPrimary = { type: "quorum:event", event };
      process.send?.(message);
    },
    onEvent(listener) {
      listeners.push(listener);
    },
  };
}

/**
 * Serve the connections the primary hands over: each arrives as an IPC message's handle with the
 * bytes the primary already read from it, which go to the HTTP server first. Then say ready.
 */
export function serveHandedConnections(http: HttpServer, log: Logger): void {
  process.on("message", (raw: unknown, handle: unknown) => {
    const msg = ToWorker.safeParse(raw);
    if (!msg.success) {
      log.error("the primary sent a message that does not parse; dropped");
      if (handle instanceof Socket) handle.destroy();
      return;
    }
    if (msg.data.type !== "quorum:connection") return;
    if (!(handle instanceof Socket)) return;
    http.emit("connection", handle);
    handle.emit("data", Buffer.from(msg.data.head, "base64"));
    handle.resume();
  });
  const ready: ToPrimary = { type: "quorum:ready" };
  process.send?.(ready);
}

/**
 * A worker refuses what another worker owns, before any handler sees it: a request is answered
 * `307` to the same URL with `Connection: close` (the next connection reaches the primary, which
 * hands it to the owner); an upgrade is answered `503` and closed (the Yjs provider and socket.io
 * reconnect, on a new connection). This happens only on a connection the primary placed before the
 * request's session existed: a keep-alive connection that carried the sign-in. The routing itself
 * stays the primary's; this keeps a room to one process whatever arrives.
 */
export function refuseOthersRequests(
  http: HttpServer,
  opts: {
    owns: (conferenceId: string) => boolean;
    conferenceOf: (route: RequestRoute) => Promise<string | undefined>;
    log: Logger;
  },
): void {
  /** Whether this worker serves the request: at once when its URL says, later when its cookie must. */
  const decide = (req: IncomingMessage): boolean | Promise<boolean> => {
    const route = routeOf(req.url ?? "", req.headers.cookie);
    if (route.kind === "any") return true;
    if (route.kind === "conference") return opts.owns(route.conferenceId);
    return opts.conferenceOf(route).then((id) => id === undefined || opts.owns(id));
  };

  const requestListeners = http.listeners("request") as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  http.removeAllListeners("request");
  http.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const pass = () => {
      for (const l of requestListeners) l.call(http, req, res);
    };
    const refuse = () => {
      res.writeHead(307, {
        Location: sameHostLocation(req.url ?? "/"),
        Connection: "close",
        "Cache-Control": "no-store",
        "Content-Length": "0",
      });
      res.end();
    };
    const here = decide(req);
    if (typeof here === "boolean") return here ? pass() : refuse();
    here.then(
      (ok) => (ok ? pass() : refuse()),
      (err: unknown) => {
        opts.log.error("finding a request's conference failed", err);
        res.writeHead(503, { Connection: "close", "Retry-After": "1", "Content-Length": "0" });
        res.end();
      },
    );
  });

  const upgradeListeners = http.listeners("upgrade") as ((
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => void)[];
  http.removeAllListeners("upgrade");
  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pass = () => {
      for (const l of upgradeListeners) l.call(http, req, socket, head);
    };
    const refuse = () => {
      if (!socket.destroyed)
        socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      socket.destroy();
    };
    const here = decide(req);
    if (here === true) return pass();
    socket.on("error", () => socket.destroy());
    if (here === false) return refuse();
    here.then(
      (ok) => (ok ? pass() : refuse()),
      (err: unknown) => {
        opts.log.error("finding an upgrade's conference failed", err);
        refuse();
      },
    );
  });
}
