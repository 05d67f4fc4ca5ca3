import { io, type Socket } from "socket.io-client";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE, TERMINAL_CLOSE_CODES } from "../../../shared/closeCodes";
import {
  type ClientToServerEvents,
  type Command,
  type CommandAck,
  type PersonalStatus,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
} from "../../../shared/protocol";

export interface OpenDocument {
  name: string;
  access: "read" | "write";
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: boolean;
}

export type ConnectionProblem =
  | { kind: "socket"; code: string; message: string }
  | { kind: "document"; name: string; closeCode: number };

type Listener = () => void;

/**
 * The browser's link to one conference: a socket.io connection for commands and this person's
 * status, and one Yjs document per document the server says they may open, each synced by the stock
 * y-websocket provider.
 *
 * Rights change = reconnect: whenever a document's connection closes (the server closes it with a
 * named code when rights change, or the network drops), the local document is thrown away and a fresh
 * one is opened if the latest status still lists it. Nothing stale, typed while muted or seen before a
 * withholding, ever merges back; the server alone decides what arrives.
 */
export class RoomConnection {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  status: PersonalStatus | null = null;
  problem: ConnectionProblem | null = null;
  readonly documents = new Map<string, OpenDocument>();
  private readonly listeners = new Set<Listener>();
  private readonly retryAt = new Map<string, number>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private readonly syncBase: string;
  /** A family member's projection the active chair previews (read-only), beside what the status lists. */
  private preview: string | null = null;

  constructor(origin: string = window.location.origin) {
    this.syncBase = `${origin.replace(/^http/, "ws")}/sync`;
    this.socket = io(origin, {
      path: "/socket.io",
      transports: ["websocket"],
      auth: { protocolVersion: PROTOCOL_VERSION },
      withCredentials: true,
    });
    this.socket.on("status", (status) => {
      this.status = status;
      this.problem = null;
      this.reconcile();
      this.emit();
    });
    this.socket.on("notice", (notice) => {
      this.problem = { kind: "socket", code: notice.code, message: notice.message };
      this.emit();
    });
    this.socket.on("connect_error", (err) => {
      const data = (err as { data?: { code?: string; message?: string } }).data;
      this.problem = { kind: "socket", code: data?.code ?? "network", message: data?.message ?? err.message };
      // Refusals that need a person to act stop the automatic retries.
      if (data?.code && data.code !== "internal") this.socket.disconnect();
      this.emit();
    });
    this.socket.on("disconnect", () => this.emit());
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Send a command; resolves with the server's answer (or a plain error when it cannot be reached). */
  async command(command: Command): Promise<CommandAck> {
    try {
      return (await this.socket.timeout(10_000).emitWithAck("command", command)) as CommandAck;
    } catch {
      return {
        ok: false,
        error: { code: "internal", message: "The conference could not be reached. Try again." },
      };
    }
  }

  document(kind: "professional" | "state" | "view"): OpenDocument | undefined {
    for (const d of this.documents.values()) {
      if (kind === "view" ? d.name.includes(":view:") : d.name.endsWith(`:${kind}`)) return d;
    }
    return undefined;
  }

  /** The document of this exact name, if open. */
  documentNamed(name: string): OpenDocument | undefined {
    return this.documents.get(name);
  }

  /**
   * The chair previews a family member's view: open `<conferenceId>:view:<participantId>` read-only
   * (the server allows the active chair to), or close the preview with null.
   */
  setPreview(name: string | null): void {
    this.preview = name;
    this.reconcile();
    this.emit();
  }

  destroy(): void {
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const name of [...this.documents.keys()]) this.closeDocument(name);
    this.socket.disconnect();
    this.listeners.clear();
  }

  /** Open what the status lists and is not open (or is open at another access); close the rest. */
  private reconcile(): void {
    if (this.destroyed) return;
    const wanted = new Map((this.status?.documents ?? []).map((d) => [d.name, d.access]));
    if (
      this.preview &&
      this.status?.isChair &&
      this.status.presence === "in_room" &&
      this.status.conferenceStatus !== "ended" &&
      !wanted.has(this.preview)
    )
      wanted.set(this.preview, "read");
    for (const [name, open] of this.documents) {
      if (wanted.get(name) !== open.access) this.closeDocument(name);
    }
    const now = Date.now();
    let nextRetry = Number.POSITIVE_INFINITY;
    for (const [name, access] of wanted) {
      if (this.documents.has(name)) continue;
      const at = this.retryAt.get(name) ?? 0;
      if (at > now) {
        nextRetry = Math.min(nextRetry, at);
        continue;
      }
      this.openDocument(name, access);
    }
    if (nextRetry !== Number.POSITIVE_INFINITY && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.reconcile();
      }, nextRetry - now);
    }
  }

  private openDocument(name: string, access: "read" | "write"): void {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(this.syncBase, name, doc, {
      disableBc: true,
      maxBackoffTime: 5000,
    });
    const open: OpenDocument = { name, access, doc, provider, synced: false };
    this.documents.set(name, open);
    provider.on("sync", (synced: boolean) => {
      open.synced = synced;
      if (synced) {
        this.retryAt.delete(name);
        this.failureCounts.delete(name);
      }
      this.emit();
    });
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (this.documents.get(name) !== open) return;
      const code = event?.code ?? 1006;
      this.closeDocument(name);
      // Terminal codes, and the refusals that dropped the person's last change (the document opens
      // afresh from what the server kept, so they must be told why their words went).
      if (TERMINAL_CLOSE_CODES.has(code) || code === CLOSE.documentFull || code === CLOSE.tooLarge)
        this.problem = { kind: "document", name, closeCode: code };
      // A rights change reopens at once; anything else backs off a little before a fresh start.
      const delay =
        code === CLOSE.rightsChanged ? 0 : Math.min(5000, 500 * 2 ** Math.min(4, this.failures(name)));
      this.retryAt.set(name, Date.now() + delay);
      this.reconcile();
      this.emit();
    });
    this.emit();
  }

  private failureCounts = new Map<string, number>();
  private failures(name: string): number {
    const n = (this.failureCounts.get(name) ?? 0) + 1;
    this.failureCounts.set(name, n);
    return n;
  }

  private closeDocument(name: string): void {
    const open = this.documents.get(name);
    if (!open) return;
    this.documents.delete(name);
    open.provider.destroy();
    open.doc.destroy();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
