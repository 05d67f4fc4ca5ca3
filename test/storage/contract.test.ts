import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NESTED_TRANSACTION_MESSAGE } from "../../server/storage/scope";
import type { Store, StoreOps } from "../../server/storage/store";
import { newId } from "../../shared/ids";
import { BACKENDS, type TestDatabase } from "./backends";
import {
  audit,
  bytes,
  conference,
  content,
  FAR_FUTURE_MS,
  invitation,
  participant,
  session,
} from "./fixtures";

/** One turn of the event loop: lets anything that could run concurrently run. Not a timed sleep. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise and the function that resolves it, for stepping two async flows against each other. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

describe.each(BACKENDS)("$name store", (backend) => {
  let db: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    db = await backend.create();
    store = db.open();
    await store.migrate();
  });

  afterEach(async () => {
    await db.cleanup();
  });

  /** A conference with one participant and one invitation, stored. */
  async function seed() {
    const c = conference();
    const p = participant(c.id);
    const i = invitation(p);
    await store.insertConference(c);
    await store.insertParticipant(p);
    await store.insertInvitation(i);
    return { c, p, i };
  }

  it("reports its kind", () => {
    expect(store.kind).toBe(backend.name);
  });

  describe("conferences and participants", () => {
    it("round-trip exactly: JSON, nulls, booleans, big times", async () => {
      const c = conference({ createdAt: FAR_FUTURE_MS });
      await store.insertConference(c);
      expect(await store.getConference(c.id)).toEqual(c);

      const chair = participant(c.id, {
        role: "chair",
        agency: null,
        directContact: false,
        inRoomOnly: true,
      });
      const parent = participant(c.id, {
        role: "parent",
        agency: null,
        directContact: false,
        createdAt: FAR_FUTURE_MS,
      });
      const advocate = participant(c.id, {
        role: "advocate",
        agency: null,
        supports: parent.id,
        createdAt: 5,
      });
      for (const p of [chair, parent, advocate]) await store.insertParticipant(p);
      expect(await store.getParticipant(chair.id)).toEqual(chair);
      expect(await store.getParticipant(advocate.id)).toEqual(advocate);
      const got = await store.getParticipant(chair.id);
      expect(got?.directContact).toBe(false);
      expect(got?.inRoomOnly).toBe(true);
    });

    it("answer undefined for unknown ids", async () => {
      expect(await store.getConference(newId())).toBeUndefined();
      expect(await store.getParticipant(newId())).toBeUndefined();
      expect(await store.getInvitationByTokenHash("nope")).toBeUndefined();
      expect(await store.getSessionBySecretHash("nope")).toBeUndefined();
    });

    it("list in creation order, participants per conference only", async () => {
      const later = conference({ createdAt: 2_000 });
      const earlier = conference({ createdAt: 1_000 });
      await store.insertConference(later);
      await store.insertConference(earlier);
      expect((await store.listConferences()).map((c) => c.id)).toEqual([earlier.id, later.id]);

      const second = participant(later.id, { createdAt: 20 });
      const first = participant(later.id, { createdAt: 10 });
      await store.insertParticipant(second);
      await store.insertParticipant(first);
      await store.insertParticipant(participant(earlier.id));
      expect(await store.listParticipants(later.id)).toEqual([first, second]);
    });

    it("change a conference's status", async () => {
      const c = conference();
      await store.insertConference(c);
      await store.setConferenceStatus(c.id, "on_break");
      expect(await store.getConference(c.id)).toEqual({ ...c, status: "on_break" });
    });

    it("refuse a participant of a conference that does not exist, or a duplicate id", async () => {
      await expect(store.insertParticipant(participant(newId()))).rejects.toThrow();
      const c = conference();
      await store.insertConference(c);
      await expect(store.insertConference(c)).rejects.toThrow();
      expect(await store.listParticipants(c.id)).toEqual([]);
    });
  });

  describe("invitations", () => {
    it("round-trip and are found by token hash", async () => {
      const { i } = await seed();
      expect(await store.getInvitationByTokenHash(i.tokenHash)).toEqual(i);
    });

    it("list the newest invitation of each participant", async () => {
      const { c, p, i } = await seed();
      const other = participant(c.id, { name: "Sally", role: "social_worker" });
      await store.insertParticipant(other);
      const reissued = invitation(p, { issuedAt: i.issuedAt + 1_000 });
      const otherOnly = invitation(other, { issuedAt: i.issuedAt + 500 });
      await store.insertInvitation(reissued);
      await store.insertInvitation(otherOnly);
      // Another conference's invitation is not listed.
      const elsewhere = conference();
      await store.insertConference(elsewhere);
      const stranger = participant(elsewhere.id);
      await store.insertParticipant(stranger);
      await store.insertInvitation(invitation(stranger));

      const listed = await store.listInvitations(c.id);
      expect(listed).toHaveLength(2);
      expect(listed).toEqual(expect.arrayContaining([reissued, otherOnly]));
    });

    it("prefer the live link when a re-issue lands in the same millisecond", async () => {
      const { c, p, i } = await seed();
      await store.revokeInvitations(p.id, i.issuedAt);
      const reissued = invitation(p, { issuedAt: i.issuedAt });
      await store.insertInvitation(reissued);
      expect(await store.listInvitations(c.id)).toEqual([reissued]);
    });

    it("revoke every unrevoked invitation of one participant and count them", async () => {
      const { c, p, i } = await seed();
      const alreadyRevoked = invitation(p, { revokedAt: 50 });
      const second = invitation(p, { issuedAt: i.issuedAt + 1 });
      const other = participant(c.id);
      const othersLink = invitation(other);
      await store.insertInvitation(alreadyRevoked);
      await store.insertInvitation(second);
      await store.insertParticipant(other);
      await store.insertInvitation(othersLink);

      expect(await store.revokeInvitations(p.id, 999)).toBe(2);
      expect(await store.getInvitationByTokenHash(i.tokenHash)).toEqual({ ...i, revokedAt: 999 });
      expect(await store.getInvitationByTokenHash(second.tokenHash)).toEqual({ ...second, revokedAt: 999 });
      expect(await store.getInvitationByTokenHash(alreadyRevoked.tokenHash)).toEqual(alreadyRevoked);
      expect(await store.getInvitationByTokenHash(othersLink.tokenHash)).toEqual(othersLink);
      expect(await store.revokeInvitations(p.id, 1_000)).toBe(0);
    });

    it("bind to the first device only, and record use", async () => {
      const { i } = await seed();
      await store.bindInvitationDevice(i.id, "first-device");
      await store.bindInvitationDevice(i.id, "second-device");
      await store.touchInvitation(i.id, FAR_FUTURE_MS);
      expect(await store.getInvitationByTokenHash(i.tokenHash)).toEqual({
        ...i,
        deviceHash: "first-device",
        lastUsedAt: FAR_FUTURE_MS,
      });
    });

    it("release the device of a live link only, so a second device can bind", async () => {
      const { p, i } = await seed();
      await store.bindInvitationDevice(i.id, "first-device");
      expect(await store.releaseInvitationDevice(p.id)).toBe(1);
      await store.bindInvitationDevice(i.id, "second-device");
      expect((await store.getInvitationByTokenHash(i.tokenHash))?.deviceHash).toBe("second-device");
      await store.revokeInvitations(p.id, 5);
      expect(await store.releaseInvitationDevice(p.id)).toBe(0);
      expect((await store.getInvitationByTokenHash(i.tokenHash))?.deviceHash).toBe("second-device");
    });
  });

  describe("sessions", () => {
    it("round-trip and are found by secret hash", async () => {
      const { i } = await seed();
      const s = session(i, { lastSeenAt: FAR_FUTURE_MS });
      await store.insertSession(s);
      expect(await store.getSessionBySecretHash(s.secretHash)).toEqual(s);
    });

    it("end every open session of one participant and return their ids", async () => {
      const { c, i } = await seed();
      const open1 = session(i);
      const open2 = session(i);
      const ended = session(i, { endedAt: 10 });
      const other = participant(c.id);
      const othersInvitation = invitation(other);
      const othersSession = session(othersInvitation);
      await store.insertParticipant(other);
      await store.insertInvitation(othersInvitation);
      for (const s of [open1, open2, ended, othersSession]) await store.insertSession(s);

      const ids = await store.endSessions(i.participantId, 500);
      expect([...ids].sort()).toEqual([open1.id, open2.id].sort());
      expect(await store.getSessionBySecretHash(open1.secretHash)).toEqual({ ...open1, endedAt: 500 });
      expect(await store.getSessionBySecretHash(ended.secretHash)).toEqual(ended);
      expect(await store.getSessionBySecretHash(othersSession.secretHash)).toEqual(othersSession);
      expect(await store.endSessions(i.participantId, 600)).toEqual([]);
    });

    it("end one session once, and touch only open ones", async () => {
      const { i } = await seed();
      const s = session(i);
      await store.insertSession(s);
      await store.touchSession(s.id, 300);
      await store.endSession(s.id, 400);
      await store.endSession(s.id, 450);
      await store.touchSession(s.id, 500);
      expect(await store.getSessionBySecretHash(s.secretHash)).toEqual({
        ...s,
        lastSeenAt: 300,
        endedAt: 400,
      });
    });
  });

  describe("events", () => {
    it("get strictly increasing seqs across conferences and list ascending after a seq", async () => {
      const a = conference();
      const b = conference();
      await store.insertConference(a);
      await store.insertConference(b);
      const seqs: number[] = [];
      for (let n = 0; n < 6; n++) {
        const conferenceId = n % 2 === 0 ? a.id : b.id;
        seqs.push(await store.appendEvent({ conferenceId, actorId: null, type: "t", payload: { n }, at: n }));
      }
      for (let n = 1; n < seqs.length; n++) expect(seqs[n]).toBeGreaterThan(seqs[n - 1]!);

      const all = await store.listEvents(a.id);
      expect(all.map((e) => e.payload)).toEqual([{ n: 0 }, { n: 2 }, { n: 4 }]);
      expect(all.map((e) => e.seq)).toEqual([seqs[0], seqs[2], seqs[4]]);
      expect((await store.listEvents(a.id, seqs[2])).map((e) => e.seq)).toEqual([seqs[4]]);
      expect(await store.listEvents(a.id, seqs[5])).toEqual([]);
    });

    it("round-trip exactly", async () => {
      const { c, p } = await seed();
      const payload = { decision: "plan", categories: ["neglect"], note: null, scale: 7 };
      const seq = await store.appendEvent({
        conferenceId: c.id,
        actorId: p.id,
        type: "decision",
        payload,
        at: FAR_FUTURE_MS,
      });
      const noActor = await store.appendEvent({
        conferenceId: c.id,
        actorId: null,
        type: "tick",
        payload: "x",
        at: 0,
      });
      expect(await store.listEvents(c.id)).toEqual([
        { seq, conferenceId: c.id, actorId: p.id, type: "decision", payload, at: FAR_FUTURE_MS },
        { seq: noActor, conferenceId: c.id, actorId: null, type: "tick", payload: "x", at: 0 },
      ]);
    });
  });

  describe("content", () => {
    it("inserts, then updates kind, meta and changedAt but keeps createdAt", async () => {
      const { c } = await seed();
      const item = content(c.id);
      await store.upsertContent(item);
      expect(await store.listContent(c.id)).toEqual([item]);
      const changed = {
        ...item,
        kind: "danger_statement",
        meta: { withheld: true },
        createdAt: 1,
        changedAt: FAR_FUTURE_MS,
      };
      await store.upsertContent(changed);
      expect(await store.listContent(c.id)).toEqual([{ ...changed, createdAt: item.createdAt }]);
    });

    it("lists in creation order and refuses to move content into another conference", async () => {
      const { c } = await seed();
      const other = conference();
      await store.insertConference(other);
      const second = content(c.id, { createdAt: 20 });
      const first = content(c.id, { createdAt: 10 });
      await store.upsertContent(second);
      await store.upsertContent(first);
      await expect(store.upsertContent({ ...first, conferenceId: other.id })).rejects.toThrow(
        /another conference/,
      );
      expect(await store.listContent(c.id)).toEqual([first, second]);
      expect(await store.listContent(other.id)).toEqual([]);
    });
  });

  describe("attachments", () => {
    /** Every byte value, and a zero byte first: a file must come back exactly. */
    const file = () => new Uint8Array(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    const attachmentOf = (c: { id: string }, item: { id: string }, overrides = {}) => ({
      contentId: item.id,
      conferenceId: c.id,
      mime: "image/png",
      size: 70_000,
      sha256: "a".repeat(64),
      bytes: file(),
      createdAt: FAR_FUTURE_MS,
      ...overrides,
    });

    it("round-trip a file's bytes exactly, found by conference and content id", async () => {
      const { c } = await seed();
      const item = content(c.id, { kind: "childs_voice" });
      await store.upsertContent(item);
      const row = attachmentOf(c, item);
      await store.insertAttachment(row);
      const got = await store.getAttachment(c.id, item.id);
      expect(got).toEqual(row);
      expect(Buffer.from(got!.bytes).equals(Buffer.from(file()))).toBe(true);
      expect(await store.getAttachment(c.id, newId())).toBeUndefined();
    });

    it("never serve or attach a file across conferences", async () => {
      const { c } = await seed();
      const other = conference();
      await store.insertConference(other);
      const item = content(c.id, { kind: "childs_voice" });
      await store.upsertContent(item);
      await expect(store.insertAttachment(attachmentOf(other, item))).rejects.toThrow(/no content/);
      await expect(store.insertAttachment(attachmentOf(c, { id: newId() }))).rejects.toThrow(/no content/);
      await store.insertAttachment(attachmentOf(c, item));
      expect(await store.getAttachment(other.id, item.id)).toBeUndefined();
    });

    it("keep the first file of an item: a second is refused and changes nothing", async () => {
      const { c } = await seed();
      const item = content(c.id, { kind: "childs_voice" });
      await store.upsertContent(item);
      const first = attachmentOf(c, item);
      await store.insertAttachment(first);
      await expect(
        store.insertAttachment(attachmentOf(c, item, { mime: "application/pdf", bytes: bytes(1, 2) })),
      ).rejects.toThrow();
      expect(await store.getAttachment(c.id, item.id)).toEqual(first);
    });

    it("land with the content row in one transaction, or not at all", async () => {
      const { c } = await seed();
      const item = content(c.id, { kind: "childs_voice" });
      await expect(
        store.transaction(async (tx) => {
          await tx.upsertContent(item);
          await tx.insertAttachment(attachmentOf(c, item));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.getAttachment(c.id, item.id)).toBeUndefined();
      expect(await store.listContent(c.id)).toEqual([]);
      await store.transaction(async (tx) => {
        await tx.upsertContent(item);
        await tx.insertAttachment(attachmentOf(c, item));
      });
      expect((await store.getAttachment(c.id, item.id))?.size).toBe(70_000);
    });
  });

  describe("Yjs updates", () => {
    it("append in the given order and load one document ascending, bytes exact", async () => {
      await store.appendYjsUpdates([
        { docName: "a", update: bytes(1, 2, 3) },
        { docName: "b", update: bytes(255) },
        { docName: "a", update: bytes(0, 0) },
      ]);
      await store.appendYjsUpdates([]);
      await store.appendYjsUpdates([{ docName: "a", update: bytes() }]);
      const a = await store.loadYjsUpdates("a");
      expect(a.map((r) => [...r.update])).toEqual([[1, 2, 3], [0, 0], []]);
      expect(a.every((r) => r.docName === "a" && r.update instanceof Uint8Array)).toBe(true);
      expect(a[0]!.id).toBeLessThan(a[1]!.id);
      expect(a[1]!.id).toBeLessThan(a[2]!.id);
      expect((await store.loadYjsUpdates("b")).map((r) => [...r.update])).toEqual([[255]]);
      expect(await store.loadYjsUpdates("none")).toEqual([]);
    });

    it("keep order in a large batch", async () => {
      const rows = Array.from({ length: 3_000 }, (_, n) => ({
        docName: "big",
        update: bytes(n % 256, n >> 8),
      }));
      await store.appendYjsUpdates(rows);
      const loaded = await store.loadYjsUpdates("big");
      expect(loaded.map((r) => [...r.update])).toEqual(rows.map((r) => [...r.update]));
    });

    it("compact: the merged update replaces rows up to an id and sorts before later ones", async () => {
      await store.appendYjsUpdates([1, 2, 3, 4].map((n) => ({ docName: "d", update: bytes(n) })));
      await store.appendYjsUpdates([{ docName: "other", update: bytes(9) }]);
      const before = await store.loadYjsUpdates("d");
      const upTo = before[2]!.id;
      await store.compactYjsUpdates("d", upTo, bytes(1, 2, 3));
      await store.appendYjsUpdates([{ docName: "d", update: bytes(5) }]);

      const after = await store.loadYjsUpdates("d");
      expect(after.map((r) => [...r.update])).toEqual([[1, 2, 3], [4], [5]]);
      expect(after[0]!.id).toBe(upTo);
      expect(after[1]!.id).toBe(before[3]!.id);
      expect((await store.loadYjsUpdates("other")).map((r) => [...r.update])).toEqual([[9]]);
    });

    it("refuse to compact a document that has nothing up to that id", async () => {
      await expect(store.compactYjsUpdates("empty", 10, bytes(1))).rejects.toThrow(/no updates/);
      expect(await store.loadYjsUpdates("empty")).toEqual([]);
    });
  });

  describe("audit log", () => {
    it("round-trips and lists one conference ascending after an id", async () => {
      const { c } = await seed();
      const first = audit(c.id);
      const refused = audit(c.id, {
        actor: null,
        target: null,
        outcome: "refused",
        detail: null,
        at: FAR_FUTURE_MS,
      });
      await store.appendAudit(first);
      await store.appendAudit(audit(null, { action: "session.create" }));
      await store.appendAudit(refused);
      const listed = await store.listAudit(c.id);
      expect(listed.map(({ id: _, ...rest }) => rest)).toEqual([first, refused]);
      expect(listed[0]!.id).toBeLessThan(listed[1]!.id);
      expect(await store.listAudit(c.id, { afterId: listed[0]!.id })).toEqual([listed[1]]);
      expect(await store.listAudit(c.id, { limit: 1 })).toEqual([listed[0]]);
    });

    it("lists 1000 by default and at most 10000", async () => {
      // Bulk rows through SQL both dialects accept; 10001 single appends would be slow.
      await store.execRaw(`
        WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)
        INSERT INTO audit_log (conference_id, at, actor, action, target, outcome, detail)
        SELECT 'bulk', i, 'system', 'bulk', NULL, 'allowed', 'null' FROM n`);
      expect(await store.listAudit("bulk")).toHaveLength(1_000);
      expect(await store.listAudit("bulk", { limit: 20_000 })).toHaveLength(10_000);
      const tail = await store.listAudit("bulk", { afterId: 10_000, limit: 20_000 });
      expect(tail.map((r) => r.at)).toEqual([10_001]);
      await expect(store.listAudit("bulk", { limit: 0 })).rejects.toThrow(RangeError);
    });

    it("is append-only in the database: UPDATE and DELETE are refused and change nothing", async () => {
      const { c } = await seed();
      await store.appendAudit(audit(c.id));
      await store.appendAudit(audit(c.id, { outcome: "refused" }));
      const before = await store.listAudit(c.id);

      await expect(store.execRaw("UPDATE audit_log SET action = 'forged'")).rejects.toThrow(/append-only/);
      await expect(
        store.execRaw(`UPDATE audit_log SET outcome = 'allowed' WHERE outcome = 'refused'`),
      ).rejects.toThrow(/append-only/);
      await expect(store.execRaw(`DELETE FROM audit_log WHERE outcome = 'refused'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(store.execRaw("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
      expect(await store.listAudit(c.id)).toEqual(before);
    });

    it("refuses emptying the table whole (TRUNCATE on Postgres; SQLite's truncate optimisation)", async () => {
      const { c } = await seed();
      await store.appendAudit(audit(c.id));
      const before = await store.listAudit(c.id);
      // SQLite has no TRUNCATE: an unqualified DELETE is its truncate, and a DELETE trigger disables it.
      const statement = backend.name === "postgres" ? "TRUNCATE audit_log" : "DELETE FROM audit_log WHERE 1";
      await expect(store.execRaw(statement)).rejects.toThrow(/append-only/);
      expect(await store.listAudit(c.id)).toEqual(before);
    });
  });

  describe("transactions", () => {
    it("commit everything and return fn's value", async () => {
      const c = conference();
      const p = participant(c.id);
      const result = await store.transaction(async (tx) => {
        await tx.insertConference(c);
        await tx.insertParticipant(p);
        return tx.appendEvent({ conferenceId: c.id, actorId: p.id, type: "created", payload: {}, at: 1 });
      });
      expect(typeof result).toBe("number");
      expect(await store.getConference(c.id)).toEqual(c);
      expect(await store.getParticipant(p.id)).toEqual(p);
      expect((await store.listEvents(c.id)).map((e) => e.seq)).toEqual([result]);
    });

    it("roll back everything when fn throws, and rethrow the same error", async () => {
      const c = conference();
      const p = participant(c.id);
      const boom = new Error("boom");
      const attempt = store.transaction(async (tx) => {
        await tx.insertConference(c);
        await tx.insertParticipant(p);
        await tx.appendAudit(audit(c.id));
        await tx.appendYjsUpdates([{ docName: c.id, update: bytes(1) }]);
        throw boom;
      });
      await expect(attempt).rejects.toBe(boom);
      expect(await store.getConference(c.id)).toBeUndefined();
      expect(await store.getParticipant(p.id)).toBeUndefined();
      expect(await store.listAudit(c.id)).toEqual([]);
      expect(await store.loadYjsUpdates(c.id)).toEqual([]);
    });

    it("roll back when the commit itself fails (a deferred foreign key)", async () => {
      const c = conference();
      const orphan = participant(c.id, { role: "advocate", supports: newId() });
      await expect(
        store.transaction(async (tx) => {
          await tx.insertConference(c);
          await tx.insertParticipant(orphan);
        }),
      ).rejects.toThrow();
      expect(await store.getConference(c.id)).toBeUndefined();
      // A supporter may still be inserted before the person supported, within one transaction.
      const parent = participant(c.id, { role: "parent", agency: null });
      const advocate = participant(c.id, { role: "advocate", agency: null, supports: parent.id });
      await store.transaction(async (tx) => {
        await tx.insertConference(c);
        await tx.insertParticipant(advocate);
        await tx.insertParticipant(parent);
      });
      expect(await store.getParticipant(advocate.id)).toEqual(advocate);
    });

    it("never interleave: two concurrent read-modify-writes give the serial result", async () => {
      const c = conference();
      const counter = content(c.id, { meta: { count: 0 } });
      await store.insertConference(c);
      await store.upsertContent(counter);
      // Warm connections first (Postgres), so the second transaction is not held back by a connect.
      await Promise.all([1, 2, 3].map(() => store.listConferences()));
      const log: string[] = [];
      const increment = (name: string) =>
        store.transaction(async (tx) => {
          log.push(`${name} start`);
          const [row] = await tx.listContent(c.id);
          // Room for the other transaction to run, if anything let it.
          await tick();
          for (let n = 0; n < 5; n++) await tx.listConferences();
          const count = (row!.meta as { count: number }).count;
          await tx.upsertContent({ ...counter, meta: { count: count + 1 } });
          log.push(`${name} end`);
        });
      await Promise.all([increment("A"), increment("B")]);
      expect((await store.listContent(c.id))[0]!.meta).toEqual({ count: 2 });
      expect(log).toEqual(["A start", "A end", "B start", "B end"]);
    });

    it("keep a running transaction's writes from single operations outside it", async () => {
      const c = conference();
      const inserted = signal();
      const release = signal();
      const attempt = store.transaction(async (tx) => {
        await tx.insertConference(c);
        inserted.fire();
        await release.promise;
        throw new Error("changed my mind");
      });
      await inserted.promise;
      let answered = false;
      const outside = store.getConference(c.id).finally(() => {
        answered = true;
      });
      await tick();
      const answeredEarly = answered;
      release.fire();
      await expect(attempt).rejects.toThrow("changed my mind");
      expect(await outside).toBeUndefined();
      // SQLite reads on its own connection on the main thread and never waits for the writer;
      // Postgres answers from its own snapshot too, at network speed.
      if (backend.name === "sqlite") expect(answeredEarly).toBe(true);
    });

    it("refuse a nested transaction, or a store method inside fn, with a clear error", async () => {
      const c = conference();
      await expect(
        store.transaction(async (tx) => {
          await tx.insertConference(c);
          return store.transaction(async () => 1);
        }),
      ).rejects.toThrow(NESTED_TRANSACTION_MESSAGE);
      expect(await store.getConference(c.id)).toBeUndefined();
      await expect(store.transaction(async () => store.listConferences())).rejects.toThrow(
        /use the `tx` argument/,
      );
      await expect(store.transaction(async () => store.appendAudit(audit(null)))).rejects.toThrow(
        /use the `tx` argument/,
      );
      // And the store still works afterwards.
      await store.insertConference(c);
      expect(await store.getConference(c.id)).toEqual(c);
    });

    it("refuse a `tx` used after its transaction ended", async () => {
      let leaked: StoreOps | undefined;
      await store.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.listConferences()).rejects.toThrow(/already ended/);
    });
  });

  describe("schema and durability", () => {
    it("migrate() again changes nothing", async () => {
      const { c, p } = await seed();
      await store.appendAudit(audit(c.id));
      await store.migrate();
      await store.migrate();
      expect(await store.getParticipant(p.id)).toEqual(p);
      expect(await store.listAudit(c.id)).toHaveLength(1);
      await expect(store.execRaw("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    });

    it("a store reopened on the same database sees all the data", async () => {
      const { c, p, i } = await seed();
      const sess = session(i);
      await store.insertSession(sess);
      const seq = await store.appendEvent({
        conferenceId: c.id,
        actorId: p.id,
        type: "t",
        payload: [1],
        at: 1,
      });
      await store.upsertContent(content(c.id));
      await store.appendYjsUpdates([{ docName: "d", update: bytes(7, 8) }]);
      await store.appendAudit(audit(c.id));
      const snapshot = async (s: Store) => ({
        conferences: await s.listConferences(),
        participants: await s.listParticipants(c.id),
        invitations: await s.listInvitations(c.id),
        session: await s.getSessionBySecretHash(sess.secretHash),
        events: await s.listEvents(c.id),
        content: await s.listContent(c.id),
        yjs: await s.loadYjsUpdates("d"),
        audit: await s.listAudit(c.id),
      });
      const before = await snapshot(store);
      await store.close();

      const reopened = db.open();
      await reopened.migrate();
      expect(before.session).toEqual(sess);
      expect(await snapshot(reopened)).toEqual(before);
      // Sequences carry on from where they were.
      const next = await reopened.appendEvent({
        conferenceId: c.id,
        actorId: null,
        type: "t",
        payload: 2,
        at: 2,
      });
      expect(next).toBeGreaterThan(seq);
    });
  });
});
