import { parseDocName } from "../../shared/protocol";
import type { Logger } from "../log";
import type { Store } from "../storage/store";
import { GroupCommitter } from "../sync/groupCommit";
import { ConferenceRoom } from "./ConferenceRoom";

/**
 * Loads, keeps and unloads conference rooms. Injected where needed, never module-level: tests run
 * many servers in one process. A room with nobody connected is unloaded after `idleMs`; a room
 * whose group commit failed is unloaded at once, so its clients reconnect to what is durable.
 */
export class RoomManager {
  private readonly rooms = new Map<string, Promise<ConferenceRoom | undefined>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  readonly committer: GroupCommitter;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly limits: {
      maxDocumentBytes: number;
      idleMs?: number;
      /** Whether this process owns the conference (several processes: server/cluster/). */
      owns?: (conferenceId: string) => boolean;
    } = { maxDocumentBytes: Infinity },
  ) {
    this.committer = new GroupCommitter(store, (error, docNames) => {
      log.error("group commit failed; unloading the rooms concerned", error);
      for (const name of docNames) {
        const ref = parseDocName(name);
        if (ref) void this.unload(ref.conferenceId);
      }
    });
  }

  /** The loaded room, loading it from the database on first use; undefined if no such conference. */
  get(conferenceId: string): Promise<ConferenceRoom | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    // Two live copies of a room would both write its events: another process's room is never loaded
    // here. The requests that reach this are refused earlier (refuseOthersRequests); this is the backstop.
    if (this.limits.owns && !this.limits.owns(conferenceId)) {
      return Promise.reject(new Error(`conference ${conferenceId} belongs to another worker`));
    }
    this.touch(conferenceId);
    let room = this.rooms.get(conferenceId);
    if (!room) {
      room = ConferenceRoom.load(conferenceId, {
        store: this.store,
        committer: this.committer,
        log: this.log,
        now: this.now,
        maxDocumentBytes: this.limits.maxDocumentBytes,
      }).catch((err: unknown) => {
        this.rooms.delete(conferenceId);
        throw err;
      });
      this.rooms.set(conferenceId, room);
      // A conference that does not exist is not cached (ids from outside must not fill the map).
      room.then(
        (r) => {
          if (!r) this.rooms.delete(conferenceId);
        },
        () => {},
      );
    }
    return room;
  }

  /** Only if already loaded (for notifications that need no load). */
  async peek(conferenceId: string): Promise<ConferenceRoom | undefined> {
    return this.rooms.get(conferenceId);
  }

  /** Something was written for this conference outside its room: let the room catch up. */
  async changed(conferenceId: string): Promise<void> {
    const room = await this.peek(conferenceId);
    await room?.catchUp();
  }

  endSessions(conferenceIds: Iterable<string>, sessionIds: ReadonlySet<string>): void {
    for (const id of conferenceIds) void this.peek(id).then((room) => room?.endSessions(sessionIds));
  }

  /** Every loaded room (shutdown, session ends). */
  async loaded(): Promise<ConferenceRoom[]> {
    const rooms = await Promise.all([...this.rooms.values()].map((p) => p.catch(() => undefined)));
    return rooms.filter((r): r is ConferenceRoom => r !== undefined);
  }

  /** Called when a connection closes: unload the room later if nobody is left. */
  touch(conferenceId: string): void {
    const timer = this.idleTimers.get(conferenceId);
    if (timer) clearTimeout(timer);
    if (this.closed) return;
    const next = setTimeout(() => {
      this.idleTimers.delete(conferenceId);
      void this.peek(conferenceId).then((room) => {
        if (room && room.connectionCount === 0) void this.unload(conferenceId);
        else if (room) this.touch(conferenceId);
      });
    }, this.limits.idleMs ?? 60_000);
    next.unref();
    this.idleTimers.set(conferenceId, next);
  }

  private async unload(conferenceId: string): Promise<void> {
    const room = await this.rooms.get(conferenceId)?.catch(() => undefined);
    this.rooms.delete(conferenceId);
    const timer = this.idleTimers.get(conferenceId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(conferenceId);
    room?.destroy();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const rooms = await this.loaded();
    await Promise.all(rooms.map((r) => r.settle()));
    await this.committer.drain();
    for (const room of rooms) room.destroy();
    this.rooms.clear();
  }
}
