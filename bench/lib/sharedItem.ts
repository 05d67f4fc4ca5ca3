import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { ProjectionWriter } from "../../server/rooms/docWriters";
import type { GroupCommitter } from "../../server/sync/groupCommit";
import type { SyncConnection } from "../../server/sync/SyncConnection";
import { SyncDocument } from "../../server/sync/SyncDocument";

/**
 * One room of the benchmark without sockets or disk, for the projection tools: a professional
 * document with one shared item, 12 writers' documents wired straight into it, and the real
 * ProjectionWriter on a real (unpersisted) projection document that shows the item.
 */
export class SharedItemRoom {
  readonly professional = new Y.Doc();
  readonly shared: Y.Text;
  readonly view: SyncDocument;
  readonly writer: ProjectionWriter;
  /** The Yjs updates the projection has relayed to its screens, oldest first (empty it when read). */
  readonly relayed: Uint8Array[] = [];
  /** Edits made so far: the next one is by writer `edits % 12`. */
  edits = 0;
  private readonly writers: { doc: Y.Doc; length: number }[];

  constructor(name: string, committer: GroupCommitter) {
    this.professional.getMap("texts").set("item", new Y.Text());
    const initial = Y.encodeStateAsUpdate(this.professional);
    this.writers = Array.from({ length: 12 }, () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, initial);
      doc.on("update", (u: Uint8Array) => Y.applyUpdate(this.professional, u));
      return { doc, length: 0 };
    });
    this.shared = this.professional.getMap("texts").get("item") as Y.Text;
    this.view = new SyncDocument(name, committer, { persist: false, awareness: false });
    this.writer = new ProjectionWriter("parent", this.view, () => this.shared.toString());
    this.view.write((d) => {
      const item = new Y.Map<unknown>();
      d.getMap("items").set("item", item);
      item.set("text", new Y.Text());
    });
    // A screen: what the projection sends its connections, as the y-websocket sync message it is.
    const screen = {
      sendFramed: (message: Uint8Array) => {
        const decoder = decoding.createDecoder(message);
        decoding.readVarUint(decoder); // the sync message type
        decoding.readVarUint(decoder); // an update
        this.relayed.push(decoding.readVarUint8Array(decoder));
      },
    };
    this.view.connections.add(screen as unknown as SyncConnection);
  }

  /** The writer whose turn it is (0-11). */
  get nextWriter(): number {
    return this.edits % this.writers.length;
  }

  /**
   * The next writer types `marker` just after their previous one and deletes the previous one, as
   * the benchmark's writers do; the server then copies the change into the projection.
   */
  edit(marker: string): void {
    const w = this.writers[this.nextWriter]!;
    this.edits += 1;
    const text = w.doc.getMap("texts").get("item") as Y.Text;
    const previous = w.length;
    w.doc.transact(() => {
      text.insert(previous, marker);
      if (previous > 0) text.delete(0, previous);
    });
    w.length = marker.length;
  }

  /** Copy the item's text as it stands into the projection, as the room does once a tick. */
  copy(): void {
    this.writer.updateTexts(new Map([["item", this.shared.toString()]]));
  }
}

/** The item's text in a projection document (the server's or a reader's copy of it). */
export function projectedText(doc: Y.Doc): Y.Text {
  return (doc.getMap("items").get("item") as Y.Map<unknown>).get("text") as Y.Text;
}
