import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { parseDocName } from "../../shared/protocol";
import { parseCookies, SESSION_COOKIE } from "../auth/cookies";
import type { SessionService } from "../auth/sessions";
import type { Logger } from "../log";
import type { RoomManager } from "../rooms/RoomManager";
import { SYNC_LIMITS, SyncConnection } from "./SyncConnection";

const SYNC_PREFIX = "/sync/";
/** Upgrades being authorised at once; past this, new ones are turned away (a flood of handshakes). */
const MAX_PENDING_UPGRADES = 500;

/**
 * The Yjs endpoint: `ws(s)://host/sync/<document name>`, the y-websocket protocol. Every upgrade is
 * authorised before a single document byte is sent: the Origin must be allowed, the session cookie
 * valid, the document one this person may open now. Refusals are plain HTTP answers to the upgrade.
 */
export class SyncServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: SYNC_LIMITS.maxFrameBytes,
    perMessageDeflate: false,
  });
  private pending = 0;

  constructor(
    private readonly deps: {
      rooms: RoomManager;
      sessions: SessionService;
      isAllowedOrigin: (origin: string | undefined, required: boolean) => boolean;
      log: Logger;
    },
  ) {}

  /** Handles upgrades under /sync/; returns false for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = req.url ?? "";
    if (!url.startsWith(SYNC_PREFIX)) return false;
    socket.on("error", () => socket.destroy());
    if (this.pending >= MAX_PENDING_UPGRADES) {
      refuse(socket, 503, "Service Unavailable");
      return true;
    }
    this.pending += 1;
    this.authorize(req, socket, head)
      .catch((err: unknown) => {
        this.deps.log.error("sync upgrade failed", err);
        refuse(socket, 500, "Internal Server Error");
      })
      .finally(() => {
        this.pending -= 1;
      });
    return true;
  }

  private async authorize(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (req.url ?? "").slice(SYNC_PREFIX.length).split("?")[0] ?? "";
    let name: string;
    try {
      name = decodeURIComponent(path);
    } catch {
      return refuse(socket, 404, "Not Found");
    }
    const ref = parseDocName(name);
    if (!ref) return refuse(socket, 404, "Not Found");
    if (!this.deps.isAllowedOrigin(req.headers.origin, true)) return refuse(socket, 403, "Forbidden");
    const ctx = await this.deps.sessions.authenticate(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    if (!ctx) return refuse(socket, 401, "Unauthorized");
    // A session is for one conference: another conference's documents are simply forbidden.
    // The attempt is audited in the prober's own conference (IDOR probing leaves a trace).
    if (ctx.conference.id !== ref.conferenceId) {
      await this.deps.sessions.auditRefusal(ctx, "sync.open", name);
      return refuse(socket, 403, "Forbidden");
    }
    const room = await this.deps.rooms.get(ref.conferenceId);
    if (!room) return refuse(socket, 404, "Not Found");
    if (!room.openDocument(ref, ctx.participant.id)) {
      await this.deps.sessions.auditRefusal(ctx, "sync.open", name);
      return refuse(socket, 403, "Forbidden");
    }
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // Rights may have changed while the handshake completed: decide again, synchronously.
      const opened = room.openDocument(ref, ctx.participant.id);
      if (!opened) {
        ws.close(4403, "forbidden");
        return;
      }
      new SyncConnection(
        ws,
        opened.document,
        ctx.participant.id,
        ctx.sessionId,
        opened.access,
        room.identityOf(ctx.participant.id),
        room,
      );
      ws.on("close", () => this.deps.rooms.touch(room.id));
    });
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
