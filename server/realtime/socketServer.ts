import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import { Server } from "socket.io";
import type { ErrorCode } from "../../shared/errors";
import {
  type ClientToServerEvents,
  type CommandAck,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
} from "../../shared/protocol";
import { parseCookies, SESSION_COOKIE } from "../auth/cookies";
import type { SessionContext, SessionService } from "../auth/sessions";
import { securityHeaders } from "../http/securityHeaders";
import type { Logger } from "../log";
import type { ConferenceRoom, RoomMember } from "../rooms/ConferenceRoom";
import type { RoomManager } from "../rooms/RoomManager";

interface SocketData {
  ctx: SessionContext;
  room: ConferenceRoom;
}

/** Commands per socket: a burst allowance refilled steadily; past it, commands are refused. */
const COMMAND_BURST = 40;
const COMMANDS_PER_SECOND = 20;
/** A socket that keeps going past its limit this many times is disconnected. */
const MAX_REFUSED_FOR_RATE = 200;

function failure(code: ErrorCode, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * socket.io carries commands and each person's own status. WebSocket transport only: the handshake
 * always carries an Origin we can check, and there is no long-polling surface. Authentication is by
 * the session cookie at the handshake; authorisation is per command, in the room. Connection-state
 * recovery stays off: a reconnect is a new handshake and is authorised again.
 */
export function createSocketServer(
  http: HttpServer,
  deps: {
    rooms: RoomManager;
    sessions: SessionService;
    isAllowedOrigin: (origin: string | undefined, required: boolean) => boolean;
    log: Logger;
  },
): Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    path: "/socket.io",
    serveClient: false,
    transports: ["websocket"],
    maxHttpBufferSize: 64 * 1024,
    // engine.io would otherwise end, after 1 s, any upgrade it does not own, such as a Yjs upgrade
    // still waiting for its authorisation (TOOLCHAIN.md).
    destroyUpgrade: false,
    // Only engine.io protocol 4: any other EIO value is refused here, before the upgrade, rather than
    // upgraded and then dropped (engine.io treats every value but "4" as protocol 3).
    allowRequest: (req, callback) =>
      callback(null, deps.isAllowedOrigin(req.headers.origin, true) && engineProtocolOf(req.url) === "4"),
  });
  // engine.io answers /socket.io/ HTTP requests itself (400 for polling): the app's headers too.
  // HSTS is left to the app's own pages, which a browser always loads first.
  const headers = securityHeaders({ secureCookies: false });
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    if (req.headers.upgrade) return next();
    headers(req as never, res as never, next);
  });

  // One socket.io handshake per engine.io connection. socket.io records a connection's namespace
  // only once the middleware below has finished, so CONNECT packets sent back to back would each
  // run it (a session lookup apiece) and each become a room member.
  const handshaking = new WeakSet<object>();

  io.use((socket, next) => {
    if (handshaking.has(socket.client)) {
      return next(failure("bad_request", "This connection is already signing in."));
    }
    handshaking.add(socket.client);
    const refuse = (err: Error) => {
      // A refused handshake may be retried on the same connection (after a reload of the session).
      handshaking.delete(socket.client);
      next(err);
    };
    void (async () => {
      const version = (socket.handshake.auth as { protocolVersion?: unknown } | undefined)?.protocolVersion;
      if (version !== PROTOCOL_VERSION) {
        return refuse(failure("protocol_outdated", "This page is out of date. Reload it to carry on."));
      }
      const ctx = await deps.sessions.authenticate(
        parseCookies(socket.handshake.headers.cookie).get(SESSION_COOKIE),
      );
      if (!ctx)
        return refuse(
          failure("unauthenticated", "You are not signed in. Open the personal link you were sent."),
        );
      const room = await deps.rooms.get(ctx.conference.id);
      if (!room) return refuse(failure("conference_not_found", "There is no such conference."));
      if (room.state.attendance[ctx.participant.id]?.presence === "removed") {
        await deps.sessions.auditRefusal(ctx, "socket.connect", ctx.participant.id);
        return refuse(failure("forbidden", "The chair has asked you to leave this conference."));
      }
      socket.data = { ctx, room };
      next();
    })().catch((err: unknown) => {
      deps.log.error("socket handshake failed", err);
      refuse(failure("internal", "Something went wrong on our side."));
    });
  });

  io.on("connection", (socket) => {
    const { ctx, room } = socket.data;
    const member: RoomMember = {
      participantId: ctx.participant.id,
      sessionId: ctx.sessionId,
      sendStatus: (status) => socket.emit("status", status),
      notice: (code, message) => socket.emit("notice", { code, message }),
      disconnect: () => socket.disconnect(true),
    };
    room.join(member);
    let tokens = COMMAND_BURST;
    let last = Date.now();
    let refusedForRate = 0;
    // Typed as (command, ack), but a hand-made client may send any number of arguments: take the
    // acknowledgement from the end and refuse every other shape.
    const onCommand = (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== "function") {
        // Nothing to answer on: say why, then end the connection (the app's client always asks for one).
        socket.emit("notice", { code: "bad_request", message: "Every command needs an acknowledgement." });
        socket.disconnect(true);
        return;
      }
      const reply = ack as (answer: CommandAck) => void;
      const now = Date.now();
      tokens = Math.min(COMMAND_BURST, tokens + ((now - last) / 1000) * COMMANDS_PER_SECOND);
      last = now;
      if (tokens < 1) {
        if (++refusedForRate > MAX_REFUSED_FOR_RATE) socket.disconnect(true);
        reply({
          ok: false,
          error: { code: "rate_limited", message: "Too many actions at once. Wait a moment." },
        });
        return;
      }
      tokens -= 1;
      if (args.length !== 2) {
        reply({
          ok: false,
          error: { code: "validation_failed", message: "Send one command with an acknowledgement." },
        });
        return;
      }
      room.execute(member, args[0]).then(reply, (err: unknown) => {
        deps.log.error("command failed", err);
        reply({
          ok: false,
          error: { code: "internal", message: "Something went wrong on our side. Nothing was changed." },
        });
      });
    };
    socket.on("command", onCommand as unknown as ClientToServerEvents["command"]);
    socket.on("disconnect", () => {
      room.leave(member);
      deps.rooms.touch(room.id);
    });
  });

  return io;
}

/** The `EIO` query parameter of a request URL, when it is given exactly once. */
function engineProtocolOf(url: string | undefined): string | null {
  try {
    const values = new URL(url ?? "", "http://localhost").searchParams.getAll("EIO");
    return values.length === 1 ? values[0]! : null;
  } catch {
    return null;
  }
}
