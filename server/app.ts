import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { originChecker } from "./auth/origin";
import { SessionService } from "./auth/sessions";
import { conferenceLookup } from "./cluster/conferenceOf";
import { type ClusterMembership, owns, refuseOthersRequests } from "./cluster/worker";
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
  opts: { store?: Store; now?: () => number; cluster?: ClusterMembership } = {},
): Promise<Quorum> {
  const { cluster } = opts;
  const now = opts.now ?? Date.now;
  const log = createLogger(config.logLevel);
  const store =
    opts.store ??
    (await openStore({
      dataDir: config.dataDir,
      sqliteSynchronous: config.sqliteSynchronous,
      sharedWithOtherProcesses: cluster !== undefined,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    }));
  const sessions = new SessionService(store, now);
  const conferences = new ConferenceService(store, sessions, config.publicUrl, now);
  const isAllowedOrigin = originChecker(config.allowedOrigins);
  const ownsConference = (conferenceId: string) => owns(cluster, conferenceId);
  const rooms = new RoomManager(store, log, now, {
    maxDocumentBytes: config.maxDocumentBytes,
    ...(cluster ? { owns: ownsConference } : {}),
  });
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

  // What is done here may concern a live room in another worker: each effect is applied here when
  // this process has the room, and told to the other workers (which apply it when they have it).
  const conferenceChanged = (conferenceId: string) => {
    if (ownsConference(conferenceId)) void rooms.changed(conferenceId);
  };
  const endSessions = (sessionIds: string[]) => {
    const ended = new Set(sessionIds);
    void rooms.loaded().then((loaded) => {
      for (const room of loaded) room.endSessions(ended);
    });
  };
  const deviceRefused = (conferenceId: string, participantId: string) => {
    if (ownsConference(conferenceId))
      void rooms.get(conferenceId).then((room) => room?.deviceRequested(participantId));
  };
  conferences.onChanged = (conferenceId) => {
    conferenceChanged(conferenceId);
    cluster?.broadcast({ kind: "conference.changed", conferenceId });
  };
  sessions.onEnded((sessionIds) => {
    endSessions(sessionIds);
    cluster?.broadcast({ kind: "sessions.ended", sessionIds });
  });
  sessions.onDeviceRefused((conferenceId, participantId) => {
    deviceRefused(conferenceId, participantId);
    cluster?.broadcast({ kind: "device.refused", conferenceId, participantId });
  });
  cluster?.onEvent((event) => {
    if (event.kind === "conference.changed") conferenceChanged(event.conferenceId);
    else if (event.kind === "sessions.ended") endSessions(event.sessionIds);
    else deviceRefused(event.conferenceId, event.participantId);
  });
  const sync = new SyncServer({ rooms, sessions, isAllowedOrigin, log });
  const io = createSocketServer(http, { rooms, sessions, isAllowedOrigin, log });
  http.on("upgrade", (req, socket, head) => {
    if (sync.handleUpgrade(req, socket, head)) return;
    // engine.io owns /socket.io/ (with destroyUpgrade off it leaves the rest to us): end the rest.
    if (!(req.url ?? "").startsWith("/socket.io/")) socket.destroy();
  });
  if (cluster) {
    refuseOthersRequests(http, { owns: ownsConference, conferenceOf: conferenceLookup(store), log });
  }

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
