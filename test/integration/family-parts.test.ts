import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE } from "../../shared/closeCodes";
import { openConference, type Person, resultOf } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";

/**
 * Exclusions decided before the meeting, split conferences as the chair runs them, and a family
 * member's attempts at chair powers: from outside, with the real server.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
const open: { close(): void }[] = [];
afterAll(() => {
  for (const x of open) x.close();
});

const viewOf = (conferenceId: string, p: Person) => `${conferenceId}:view:${p.participantId}`;
const connect = (p: Person, name: string) =>
  RawYClient.connect(server.url, name, { cookie: p.browser.cookieHeader, origin: server.origin });

describe("exclusions decided before the meeting", () => {
  it("keeps the person out from the start: admitted from the lobby to a waiting screen, no document", async () => {
    const f = await openConference(server, {}, false);
    open.push(f);
    const { chair, dad, mum } = f.people as Record<string, Person>;
    // The chair decides before the conference starts (status scheduled): a planned exclusion.
    const ack = await chair!.cmd({
      type: "exclusion.start",
      participantId: dad!.participantId,
      ground: "welfare_of_child",
      note: "Agreed with the police before the meeting",
    });
    expect(ack.ok).toBe(true);
    for (const p of [dad!, mum!]) {
      expect((await p.cmd({ type: "confidentiality.accept" })).ok).toBe(true);
      expect((await chair!.cmd({ type: "lobby.admit", participantId: p.participantId })).ok).toBe(true);
    }
    await until(() => dad!.lastStatus()?.presence === "in_room", 5000, "dad admitted");
    expect(dad!.lastStatus()).toMatchObject({ excluded: true, documents: [] });
    const refused = await connect(dad!, viewOf(f.conferenceId, dad!)).catch((e: { status: number }) => e);
    expect((refused as { status: number }).status).toBe(403);
    // Mum is in, as usual.
    expect(mum!.lastStatus()).toMatchObject({ excluded: false });
    const state = await connect(chair!, `${f.conferenceId}:state`);
    open.push(state);
    await state.synced;
    const [record] = Object.values(state.doc.getMap("exclusions").toJSON()) as Record<string, unknown>[];
    expect(record).toMatchObject({
      participantId: dad!.participantId,
      ground: "welfare_of_child",
      planned: true,
    });
    // He can still send his views for the chair to present.
    expect(
      (await dad!.cmd({ type: "family.viewsForChair", text: "Please tell them I love my kids." })).ok,
    ).toBe(true);
  });
});

describe("split conferences", () => {
  it("plans the parts before the meeting and moves between them; each part is recorded", async () => {
    const f = await openConference(server);
    open.push(f);
    const { chair, mum, dad, advocate } = f.people as Record<string, Person>;
    expect(
      (await chair!.cmd({ type: "split.part", present: [mum!.participantId], note: "Mother first" })).ok,
    ).toBe(true);
    expect(dad!.lastStatus()?.excluded).toBe(true);
    await until(() => advocate!.lastStatus()?.documents.length === 1, 5000, "mum's advocate stays in");
    expect((await chair!.cmd({ type: "conference.start" })).ok).toBe(true);
    const mumView = await connect(mum!, viewOf(f.conferenceId, mum!));
    open.push(mumView);
    await mumView.synced;
    expect(
      (await chair!.cmd({ type: "split.part", present: [dad!.participantId], note: "Father second" })).ok,
    ).toBe(true);
    expect(await mumView.closed).toBe(CLOSE.rightsChanged);
    await until(
      () => mum!.lastStatus()?.excluded === true && advocate!.lastStatus()?.excluded === true,
      5000,
      "mum out",
    );
    expect(dad!.lastStatus()?.excluded).toBe(false);
    expect((await chair!.cmd({ type: "split.end" })).ok).toBe(true);
    await until(() => mum!.lastStatus()?.excluded === false, 5000, "together again");
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    const parts = audit.filter((a) => a.action === "split.part");
    expect(parts.map((a) => a.detail)).toMatchObject([
      { present: [mum!.participantId], excluded: [dad!.participantId], planned: true },
      { present: [dad!.participantId], back: [dad!.participantId], planned: false },
    ]);
    const room = await server.quorum.rooms.get(f.conferenceId);
    expect(
      room!.state.exclusions.map((e) => [
        e.participantId === dad!.participantId ? "dad" : "mum",
        e.planned,
        e.endAt !== null,
      ]),
    ).toEqual([
      ["dad", true, true],
      ["mum", false, true],
    ]);
  });

  it("refuses a family member's attempt at the chair's powers, changes nothing, and audits it", async () => {
    const f = await openConference(server);
    open.push(f);
    const { mum, dad } = f.people as Record<string, Person>;
    const attempts = [
      { type: "split.part", present: [mum!.participantId], note: "x" },
      { type: "split.end" },
      { type: "exclusion.start", participantId: dad!.participantId, ground: "interference", note: "x" },
      { type: "exclusion.release", participantId: mum!.participantId, contentIds: "all" },
    ];
    for (const command of attempts) {
      const ack = await mum!.cmd(command);
      expect(ack.ok ? "ok" : ack.error.code, command.type).toBe("not_chair");
    }
    // Writing outside her own contributions: a child's voice (not a young person) and another's item.
    const own = resultOf<{ contentId: string }>(
      await mum!.cmd({ type: "family.contribute", area: "going_well", text: "We go to the park." }),
    ).contentId;
    const dadTries = await dad!.cmd({ type: "content.share", contentId: own });
    expect(dadTries.ok ? "ok" : dadTries.error.code).toBe("forbidden");
    const room = await server.quorum.rooms.get(f.conferenceId);
    expect(room!.state.exclusions).toEqual([]);
    expect(room!.state.content[own]?.audience).toBe("professionals");
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    for (const type of ["split.part", "split.end", "exclusion.start", "exclusion.release"])
      expect(
        audit.some((a) => a.action === type && a.outcome === "refused" && a.actor === mum!.participantId),
        type,
      ).toBe(true);
  });
});
