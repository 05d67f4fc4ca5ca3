import type { HistogramData } from "./histogram";

/** One simulated client: the document it opens and, for Quorum, the session cookie it opens it with. */
export interface ClientSpec {
  doc: string;
  cookie?: string;
}

/**
 * One room of the load shape: writers on the shared document (each also a receiver), and readers
 * (Quorum: family members on their projections; reference: read-only peers on the same document).
 */
export interface RoomSpec {
  key: string;
  /** Key of the shared item's Y.Text in the document's `texts` map. */
  editItem: string;
  writers: ClientSpec[];
  readers: ClientSpec[];
  /**
   * Quorum only: what the chair toggles (an item's visibility, for `familyIds`), and the family
   * member the chair excludes for a while and lets back (`clients`: the projection clients of that
   * person and of whoever is with them, by reader index, with the cookie that opens their socket.io
   * connection, whose status tells their client when to reconnect).
   */
  chair?: {
    cookie: string;
    toggleItem: string;
    familyIds: string[];
    exclude: { participantId: string; clients: { reader: number; cookie: string }[] };
  };
}

export interface WorkerInit {
  type: "init";
  target: "quorum" | "reference";
  baseUrl: string;
  origin: string;
  rooms: RoomSpec[];
  /** Mean interval between one writer's edits (2000 = 0.5 edits/s), jittered uniformly ±50 %. */
  editIntervalMs: number;
  /** Mean interval between one chair's visibility toggles; 0 = no toggles. */
  toggleIntervalMs: number;
  /**
   * How family readers read what arrives: Quorum's apply their projection to a Y.Doc and read the
   * item's text (`projection`); the reference's apply the shared document to a Y.Doc and read the
   * same item's text there (`document`, the same work a screen does), or only scan the raw bytes for
   * markers (`raw`, the lighter baseline of the runs before the evening of 3 December 2026).
   */
  readerMode: "projection" | "document" | "raw";
  connectConcurrency: number;
}

export interface WorkerGo {
  type: "go";
  warmupMs: number;
  measureMs: number;
  drainMs: number;
}

export type ToParent =
  | { type: "ready"; connected: number; failed: number; errors: string[]; connectMs: number }
  | { type: "result"; result: WorkerResult }
  | { type: "fatal"; error: string };

export type ToWorker = WorkerInit | WorkerGo | { type: "stop" };

export interface WorkerResult {
  /** Edit latency on writers (professional peers) and on readers (projections / reference readers). */
  writerLatency: HistogramData;
  readerLatency: HistogramData;
  /** Edits sent inside the window, and how many receptions they should have produced. */
  editsSent: number;
  expectedDeliveries: number;
  deliveredWriter: number;
  deliveredReader: number;
  /** Deliveries whose marker was already superseded (a reader saw a later edit of that writer). */
  skipped: number;
  toggles: {
    sent: number;
    ack: HistogramData;
    reach: HistogramData;
    byOp: Record<string, HistogramData>;
    refused: number;
    reachTimeouts: number;
    expectedReach: number;
  };
  /** Connections that closed during the window, by close code. */
  closes: Record<string, number>;
  permissionDenied: number;
  /** CPU of this worker over the window, in ms (user + system), and the window's length. */
  cpuMs: number;
  /** Of which in the kernel (sockets on loopback: TCP send and receive are charged here). */
  cpuSystemMs: number;
  windowMs: number;
  /** This worker's own event-loop delay (ms): how late it may have noticed messages. */
  loopDelay: { p50: number; p99: number; max: number };
  messagesReceived: number;
  bytesReceived: number;
}
