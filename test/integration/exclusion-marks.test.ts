import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SessionService } from "../../server/auth/sessions";
import { ConferenceService } from "../../server/conferences";
import { createLogger } from "../../server/log";
import type { ConferenceRoom } from "../../server/rooms/ConferenceRoom";
import { RoomManager } from "../../server/rooms/RoomManager";
import { openStore } from "../../server/storage/index";
import type { Store } from "../../server/storage/store";
import { ConferenceInput, type Participant } from "../../shared/domain";
import { sampleConference } from "../support/fixtures";

/**
 * What a professional types while a parent is excluded is held from her, however close to the end
 * of her exclusion it comes: the hold is decided by who was out when the text changed, and stored
 * before the end of the exclusion is applied. A room on a real SQLite store, without sockets, so
 * that the keystroke and the chair's command can be put in the same tick on purpose (through the
 * network their order is up to the scheduler, and the race would show only now and then).
 */

let dir: string;
let store: Store;
let rooms: RoomManager;
let room: ConferenceRoom;
let chair: Participant;
let social: Participant;
let mum: Participant;

async function run(who: { id: string }, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await room.execute({ participantId: who.id }, command as never);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return (result as { result?: Record<string, unknown> }).result ?? {};
}
const tick = () => new Promise((resolve) => setImmediate(resolve));
async function quiet(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await tick();
    await room.settle();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "quorum-marks-"));
  store = await openStore({ dataDir: dir });
  const conferences = new ConferenceService(store, new SessionService(store), "http://127.0.0.1");
  const created = await conferences.create(ConferenceInput.parse(sampleConference()), "test");
  const byName = (name: string) => created.participants.find((p) => p.name === name)!;
  chair = byName("Chris Chair");
  social = byName("Sally Social");
  mum = byName("Jo Example");
  rooms = new RoomManager(store, createLogger("silent"), Date.now);
  room = (await rooms.get(created.conference.id))!;
  for (const p of created.participants) await run(p, { type: "confidentiality.accept" });
  for (const p of created.participants)
    if (room.state.attendance[p.id]!.presence === "lobby")
      await run(chair, { type: "lobby.admit", participantId: p.id });
  await run(chair, { type: "conference.start" });
});

afterAll(async () => {
  await rooms.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("text typed while a parent is excluded", () => {
  it.each([
    ["copied to the projections before the exclusion ends", true],
    ["typed in the same tick as the chair ends the exclusion", false],
  ])("is held from her: %s", async (marker, flushFirst) => {
    const { contentId } = (await run(social, {
      type: "content.create",
      kind: "mapping_item",
      area: "worries_future_danger",
      children: [],
    })) as { contentId: string };
    await run(chair, { type: "content.share", contentId });
    const projection = room.projection(mum.id);
    await quiet();
    await run(chair, {
      type: "exclusion.start",
      participantId: mum.id,
      ground: "confidential_information",
      note: "police information",
    });
    const text = room.professional.doc.getMap("texts").get(contentId) as Y.Text;
    text.insert(0, `TYPED-WHILE-OUT ${marker}`);
    if (flushFirst) await quiet();
    await run(chair, { type: "exclusion.end", participantId: mum.id });
    await quiet();

    expect(room.state.content[contentId]!.heldFrom).toContain(mum.id);
    const shown = projection.doc.doc.getMap("items").get(contentId) as Y.Map<unknown> | undefined;
    expect(shown === undefined ? "" : String(shown.get("text"))).not.toContain("TYPED-WHILE-OUT");
    // And nothing of it is in the bytes a fresh screen would sync.
    const bytes = Buffer.from(Y.encodeStateAsUpdate(projection.doc.doc)).toString("latin1");
    expect(bytes).not.toContain("TYPED-WHILE-OUT");
  });
});
