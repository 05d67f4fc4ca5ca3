import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { originChecker } from "./auth/origin";
import { SessionService } from "./auth/sessions";
import { ConferenceService } from "./conferences";
import type { Config } from "./config";
import { adminRouter } from "./http/admin";
import { createHttpApp } from "./http/app";
import { childsVoiceRouter } from "./http/childsVoice";
import { conferenceRouter } from "./http/conference";
import { recordRouter } from "./http/record";
import { sessionRouter } from "./http/session";
import { createLogger, type Logger } from "./log";
import { createSocketServer } from "./realtime/socketServer";
import { RecordRenderer } from "./record/renderer";
import { RoomManager } from "./rooms/RoomManager";
import { openStore } from "./storage";
import type { Store } from "./storage/store";
import { SyncServer } from "./sync/SyncServer";

export interface Quorum {
  readonly config: Config;
  readonly store: Store;
  readonly http: HttpServer;
  readonly log: Logger;
  readonly sessions: SessionService;
  readonly conferences: ConferenceService;
  readonly rooms: RoomManager;
  /** Listen on config.host:config.port (0 = an ephemeral port); resolves with the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The composition root: one store, the services on it, and the thin wiring to HTTP. Nothing is
 * module-level, so tests start as many independent servers as they like.
 */
export async function createQuorum(
  config: Config,
  opts: { store?: Store; now?: () => number } = {},
): Promise<Quorum> {
  const now = opts.now ?? Date.now;
  const log = createLogger(config.logLevel);
  const store =
    opts.store ??
    (await openStore({
      dataDir: config.dataDir,
      sqliteSynchronous: config.sqliteSynchronous,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    }));
  const sessions = new SessionService(store, now);
  const conferences = new ConferenceService(store, sessions, config.publicUrl, now);
  const isAllowedOrigin = originChecker(config.allowedOrigins);
  const rooms = new RoomManager(store, log, now, { maxDocumentBytes: config.maxDocumentBytes });
  const renderer = new RecordRenderer();

  const app = createHttpApp(config, log, [
    {
      path: "/admin",
      router: adminRouter({
        adminToken: config.adminToken,
        conferences,
        store,
        rateLimit: { perIp: config.rateLimit.sessionPerIp, windowMs: config.rateLimit.windowMs },
        now,
        rooms,
      }),
    },
    { path: "/conference", router: conferenceRouter({ sessions, rooms, store }) },
    { path: "/record", router: recordRouter({ sessions, rooms, renderer, now }) },
    {
      path: "/conference/childs-voice",
      router: childsVoiceRouter({ sessions, rooms, store, isAllowedOrigin }),
    },
    {
      path: "/session",
      router: sessionRouter({
        sessions,
        secureCookies: config.secureCookies,
        isAllowedOrigin,
        rateLimit: {
          perIp: config.rateLimit.sessionPerIp,
          perToken: config.rateLimit.sessionPerToken,
          windowMs: config.rateLimit.windowMs,
        },
      }),
    },
  ]);
  const http = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 16_384 }, app);

  conferences.onChanged = (conferenceId) => void rooms.changed(conferenceId);
  sessions.onEnded((sessionIds) => {
    const ended = new Set(sessionIds);
    void rooms.loaded().then((loaded) => {
      for (const room of loaded) room.endSessions(ended);
    });
  });
  sessions.onDeviceRefused((conferenceId, participantId) => {
    void rooms.get(conferenceId).then((room) => room?.deviceRequested(participantId));
  });
  const sync = new SyncServer({ rooms, sessions, isAllowedOrigin, log });
  const io = createSocketServer(http, { rooms, sessions, isAllowedOrigin, log });
  http.on("upgrade", (req, socket, head) => {
    if (sync.handleUpgrade(req, socket, head)) return;
    // engine.io owns /socket.io/ (with destroyUpgrade off it leaves the rest to us): end the rest.
    if (!(req.url ?? "").startsWith("/socket.io/")) socket.destroy();
  });

  let closed = false;
  return {
    config,
    store,
    http,
    log,
    sessions,
    conferences,
    rooms,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(config.port, config.host, () => {
          const { port } = http.address() as AddressInfo;
          const host = config.host.includes(":") ? `[${config.host}]` : config.host;
          resolve(`http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`);
        });
      }),
    async close() {
      if (closed) return;
      closed = true;
      await rooms.close();
      await renderer.close();
      sync.close();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        http.closeAllConnections();
      });
      if (!opts.store) await store.close();
    },
  };
}
