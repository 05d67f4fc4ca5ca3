import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import type { ParticipantEntry } from "../../shared/views";
import { sampleConference } from "../support/fixtures";
import { Browser } from "../support/http";
import {
  type ConferenceFixture,
  connectSocket,
  openConference,
  type Person,
  resultOf,
  sendCommand,
} from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { eventually, RawYClient, until } from "../support/yclient";

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

async function fixture(overrides = {}, admit = true): Promise<ConferenceFixture> {
  const f = await openConference(server, overrides, admit);
  open.push(f);
  return f;
}

async function connect(person: Person, name: string): Promise<RawYClient> {
  const c = await RawYClient.connect(server.url, name, {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  open.push(c);
  await c.synced;
  return c;
}

function participants(state: RawYClient): Record<string, ParticipantEntry> {
  return state.doc.getMap("participants").toJSON() as Record<string, ParticipantEntry>;
}

async function refusedAndAudited(
  f: ConferenceFixture,
  who: Person,
  command: Record<string, unknown>,
  code: string,
) {
  const ack = await who.cmd(command);
  expect(ack.ok, JSON.stringify(command)).toBe(false);
  if (!ack.ok) expect(ack.error.code).toBe(code);
  const audit = await server.quorum.store.listAudit(f.conferenceId);
  expect(
    audit.some((a) => a.action === command.type && a.outcome === "refused" && a.actor === who.participantId),
  ).toBe(true);
}

describe("joining: confidentiality, lobby and admission", () => {
  it("keeps people in the lobby until the chair admits or refuses them", async () => {
    const f = await fixture({}, false);
    const { chair, police, mum, dad } = f.people as Record<string, Person>;
    expect(resultOf(await police!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: false });
    await until(() => police!.lastStatus()?.presence === "lobby");
    expect(police!.lastStatus()!.documents).toEqual([]);
    // Nothing to open from the lobby.
    const err = await RawYClient.connect(server.url, `${f.conferenceId}:professional`, {
      cookie: police!.browser.cookieHeader,
      origin: server.origin,
    }).catch((e: { status: number }) => e);
    expect((err as { status: number }).status).toBe(403);
    // A private word with a parent in the lobby.
    await mum!.cmd({ type: "confidentiality.accept" });
    expect(
      (
        await chair!.cmd({
          type: "lobby.message",
          participantId: mum!.participantId,
          text: "I will come and see you first.",
        })
      ).ok,
    ).toBe(true);
    await until(() => mum!.lastStatus()?.messages.at(-1)?.text === "I will come and see you first.");
    expect(police!.lastStatus()?.messages ?? []).toEqual([]);
    expect((await chair!.cmd({ type: "lobby.admit", participantId: police!.participantId })).ok).toBe(true);
    await until(() => police!.lastStatus()?.presence === "in_room");
    expect(police!.lastStatus()!.documents.map((d) => d.access)).toEqual(["write", "read"]);
    await dad!.cmd({ type: "confidentiality.accept" });
    expect((await chair!.cmd({ type: "lobby.refuse", participantId: dad!.participantId })).ok).toBe(true);
    await until(() => dad!.lastStatus()?.presence === "refused");
    await refusedAndAudited(
      f,
      police!,
      { type: "lobby.admit", participantId: mum!.participantId },
      "not_chair",
    );
  });

  it("admits professionals automatically when the chair says so, and holds late arrivals", async () => {
    const f = await fixture({}, false);
    const { chair, police, health, social } = f.people as Record<string, Person>;
    await chair!.cmd({ type: "room.settings", autoAdmitProfessionals: true });
    expect(resultOf(await police!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: true });
    await chair!.cmd({ type: "room.settings", lateAfter: new Date(Date.now() - 60_000).toISOString() });
    expect(resultOf(await health!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: false });
    await until(() => health!.lastStatus()?.late === true);
    // The chair's connection dropping does not stop automatic admission... but late arrivals still wait.
    chair!.socket.disconnect();
    expect(resultOf(await social!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: false });
  });
});

describe("one chair at a time", () => {
  it("holds the room while the chair is away: automatic admission goes on, nothing else; the chair picks up on return", async () => {
    const f = await fixture({}, false);
    const { chair, police, mum, social } = f.people as Record<string, Person>;
    await chair!.cmd({ type: "room.settings", autoAdmitProfessionals: true });
    chair!.socket.disconnect();
    const state = await connect(social!, `${f.conferenceId}:state`).catch(() => undefined);
    // The social worker is not in the room yet, so the state document is not theirs to open.
    expect(state).toBeUndefined();

    // Professionals still come straight in; a parent waits for the chair.
    expect(resultOf(await social!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: true });
    expect(resultOf(await police!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: true });
    expect(resultOf(await mum!.cmd({ type: "confidentiality.accept" }))).toEqual({ admitted: false });
    // Nobody else takes the chair's powers meanwhile.
    await refusedAndAudited(
      f,
      social!,
      { type: "lobby.admit", participantId: mum!.participantId },
      "not_chair",
    );
    await refusedAndAudited(
      f,
      police!,
      { type: "participant.remove", participantId: social!.participantId, reason: "no chair here" },
      "not_chair",
    );
    await refusedAndAudited(f, social!, { type: "conference.end" }, "not_chair");
    const watch = await connect(social!, `${f.conferenceId}:state`);
    expect(participants(watch)[mum!.participantId]?.presence).toBe("lobby");

    // The chair comes back on a new connection and finds the room as they left it, parent waiting.
    const back = await connectSocket(server, chair!.browser);
    open.push({ close: () => back.socket.disconnect() });
    expect(back.statuses.at(-1)).toMatchObject({ isChair: true, presence: "in_room" });
    const again = await sendCommand(back.socket, { type: "lobby.admit", participantId: mum!.participantId });
    expect(again.ok).toBe(true);
    await until(() => participants(watch)[mum!.participantId]?.presence === "in_room", 5000, "admitted");
  });
});

describe("the register and quorum", () => {
  it("shows presence, apologies, people in the room without a device, and a live quorum", async () => {
    const f = await fixture();
    const { chair, minutes, social, police, health } = f.people as Record<string, Person>;
    const state = await connect(chair!, `${f.conferenceId}:state`);
    const quorum = () =>
      (state.doc.getMap("conference").get("quorum") as { quorate: boolean; count: number }) ?? {
        quorate: false,
        count: 0,
      };
    await until(() => quorum().quorate, 5000, "quorate");
    expect(quorum().count).toBe(3);
    // Someone leaves early: the quorum indicator turns.
    expect((await police!.cmd({ type: "leave" })).ok).toBe(true);
    await until(() => !quorum().quorate, 5000, "inquorate");
    expect(participants(state)[police!.participantId]?.presence).toBe("left");
    // The chair proceeds inquorate: recorded, and an early review follows.
    expect(
      (
        await chair!.cmd({
          type: "quorum.proceedInquorate",
          reason: "The school could not attend; risk is immediate.",
        })
      ).ok,
    ).toBe(true);
    await until(() => state.doc.getMap("conference").get("inquorate") !== null);
    // The minute taker adds a GP who is in the room without a device, and apologies for health.
    const added = await minutes!.cmd({
      type: "participant.addInRoom",
      name: "Dr Patel",
      role: "professional",
      agency: "GP",
      directContact: true,
    });
    expect(added.ok).toBe(true);
    await until(() => quorum().quorate, 5000, "quorate again");
    expect((await minutes!.cmd({ type: "attendance.left", participantId: health!.participantId })).ok).toBe(
      true,
    );
    expect(
      (
        await minutes!.cmd({
          type: "attendance.apologies",
          participantId: health!.participantId,
          reportSubmitted: true,
        })
      ).ok,
    ).toBe(true);
    await until(() => participants(state)[health!.participantId]?.presence === "apologies");
    expect(participants(state)[health!.participantId]?.reportSubmitted).toBe(true);
    const gp = resultOf<{ participantId: string }>(added).participantId;
    expect(participants(state)[gp]).toMatchObject({
      name: "Dr Patel",
      presence: "in_room",
      inRoomOnly: true,
    });
    // The participant row exists too: it survives a reload.
    expect((await server.quorum.store.getParticipant(gp))?.name).toBe("Dr Patel");
    await refusedAndAudited(
      f,
      social!,
      { type: "attendance.inRoom", participantId: health!.participantId },
      "forbidden",
    );
  });
});

describe("the chair's powers, enforced on the server", () => {
  it("mutes: every write is refused (document, command, chat, hand) until unmuted", async () => {
    const f = await fixture();
    const { chair, police } = f.people as Record<string, Person>;
    expect((await chair!.cmd({ type: "participant.mute", participantId: police!.participantId })).ok).toBe(
      true,
    );
    await until(() => police!.lastStatus()?.muted === true);
    for (const command of [
      { type: "content.create", kind: "mapping_item", area: "grey_areas" },
      { type: "chat.send", text: "hello" },
      { type: "hand.raise" },
    ]) {
      const ack = await police!.cmd(command);
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe("muted");
    }
    const doc = await connect(police!, `${f.conferenceId}:professional`);
    doc.doc.getMap("texts").set("x", new Y.Text("typed while muted"));
    await until(() => doc.permissionDenied.length > 0);
    expect((await chair!.cmd({ type: "participant.unmute", participantId: police!.participantId })).ok).toBe(
      true,
    );
    expect(await doc.closed).toBe(CLOSE.rightsChanged);
    expect((await police!.cmd({ type: "hand.raise" })).ok).toBe(true);
  });

  it("removes: connections close at once, the link stops working here, a reconnect is refused; readmission goes through the lobby", async () => {
    const f = await fixture();
    const { chair, dad } = f.people as Record<string, Person>;
    const view = await connect(dad!, `${f.conferenceId}:view:${dad!.participantId}`);
    const notices: string[] = [];
    dad!.socket.on("notice", (n: { code: string }) => notices.push(n.code));
    const disconnected = new Promise<void>((r) => dad!.socket.once("disconnect", () => r()));
    expect(
      (
        await chair!.cmd({
          type: "participant.remove",
          participantId: dad!.participantId,
          reason: "Threatening behaviour",
        })
      ).ok,
    ).toBe(true);
    expect(await view.closed).toBe(CLOSE.removed);
    await disconnected;
    expect(notices).toContain("removed");
    // Reconnecting is refused: socket.io handshake and Yjs upgrade.
    await expect(connectSocket(server, dad!.browser)).rejects.toThrow(/asked you to leave/);
    const err = await RawYClient.connect(server.url, `${f.conferenceId}:view:${dad!.participantId}`, {
      cookie: dad!.browser.cookieHeader,
      origin: server.origin,
    }).catch((e: { status: number }) => e);
    expect((err as { status: number }).status).toBe(403);
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    expect(audit.find((a) => a.action === "participant.remove")?.detail).toMatchObject({
      reason: "Threatening behaviour",
    });
    // The chair lets them back through the lobby.
    expect((await chair!.cmd({ type: "participant.readmit", participantId: dad!.participantId })).ok).toBe(
      true,
    );
    const again = await connectSocket(server, dad!.browser);
    open.push({ close: () => again.socket.disconnect() });
    const ack = (await again.socket
      .timeout(5000)
      .emitWithAck("command", { type: "confidentiality.accept" })) as {
      ok: boolean;
      result: { admitted: boolean };
    };
    expect(ack).toMatchObject({ ok: true, result: { admitted: false } });
  });

  it("warns, sends to the lobby, breaks, resumes and ends for everyone; others are refused and audited", async () => {
    const f = await fixture();
    const { chair, social, mum, police } = f.people as Record<string, Person>;
    expect(
      (
        await chair!.cmd({
          type: "participant.warn",
          participantId: mum!.participantId,
          text: "Please let others finish speaking.",
        })
      ).ok,
    ).toBe(true);
    await until(() => mum!.lastStatus()?.messages.some((m) => m.kind === "warning") === true);
    expect((await chair!.cmd({ type: "participant.toLobby", participantId: mum!.participantId })).ok).toBe(
      true,
    );
    await until(() => mum!.lastStatus()?.presence === "lobby");
    expect((await chair!.cmd({ type: "lobby.admit", participantId: mum!.participantId })).ok).toBe(true);
    for (const command of [
      { type: "participant.mute", participantId: police!.participantId },
      { type: "participant.warn", participantId: police!.participantId, text: "x" },
      { type: "conference.end" },
      { type: "agenda.move", index: 2 },
    ]) {
      await refusedAndAudited(f, social!, command, "not_chair");
    }
    expect((await chair!.cmd({ type: "conference.start" })).ok).toBe(true);
    expect((await chair!.cmd({ type: "conference.break" })).ok).toBe(true);
    await until(() => social!.lastStatus()?.conferenceStatus === "on_break");
    expect((await chair!.cmd({ type: "conference.resume" })).ok).toBe(true);
    const doc = await connect(police!, `${f.conferenceId}:professional`);
    expect((await chair!.cmd({ type: "conference.end" })).ok).toBe(true);
    expect(await doc.closed).toBe(CLOSE.conferenceEnded);
    await until(() => mum!.lastStatus()?.conferenceStatus === "ended");
    const after = await police!.cmd({ type: "hand.raise" });
    expect(after.ok ? "ok" : after.error.code).toBe("conference_ended");
  });

  it("hands the chair over: the old chair loses the powers at once", async () => {
    const f = await fixture({
      invitees: [...sampleConference().invitees!, { name: "Carla Cover", role: "chair" }],
    });
    const { chair, police } = f.people as Record<string, Person>;
    const cover = f.people["Carla Cover"]!;
    expect((await chair!.cmd({ type: "chair.handover", participantId: cover.participantId })).ok).toBe(true);
    await until(() => cover.lastStatus()?.isChair === true);
    await refusedAndAudited(
      f,
      chair!,
      { type: "participant.mute", participantId: police!.participantId },
      "not_chair",
    );
    expect((await cover.cmd({ type: "participant.mute", participantId: police!.participantId })).ok).toBe(
      true,
    );
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    expect(audit.some((a) => a.action === "chair.handover" && a.outcome === "allowed")).toBe(true);
  });
});

describe("hands, chat and the agenda", () => {
  it("keeps a speaking queue in order and a professionals' chat", async () => {
    const f = await fixture();
    const { chair, social, police, mum } = f.people as Record<string, Person>;
    const state = await connect(chair!, `${f.conferenceId}:state`);
    expect((await police!.cmd({ type: "hand.raise" })).ok).toBe(true);
    expect((await mum!.cmd({ type: "hand.raise" })).ok).toBe(true);
    await until(() => Object.values(participants(state)).filter((p) => p.handRaisedAt !== null).length === 2);
    const queue = Object.values(participants(state))
      .filter((p) => p.handRaisedAt !== null)
      .sort((a, b) => a.handRaisedAt! - b.handRaisedAt!)
      .map((p) => p.name);
    expect(queue).toEqual(["PC Lee", "Jo Example"]);
    expect((await chair!.cmd({ type: "hand.dismiss", participantId: police!.participantId })).ok).toBe(true);
    const sent = await social!.cmd({ type: "chat.send", text: "Running 5 minutes late to the next item" });
    expect(sent.ok).toBe(true);
    await until(() => state.doc.getMap("chat").size === 1);
    const chatRefused = await mum!.cmd({ type: "chat.send", text: "hi" });
    expect(chatRefused.ok).toBe(false);
    expect(
      (
        await chair!.cmd({
          type: "chat.toRecord",
          messageId: resultOf<{ messageId: string }>(sent).messageId,
        })
      ).ok,
    ).toBe(true);
  });

  it("moves the agenda and every view shows the current item", async () => {
    const f = await fixture();
    const { chair, mum } = f.people as Record<string, Person>;
    const view = await connect(mum!, `${f.conferenceId}:view:${mum!.participantId}`);
    expect((await chair!.cmd({ type: "agenda.move", index: 3 })).ok).toBe(true);
    await until(() => (view.doc.getMap("room").get("agenda") as { current: number }).current === 3);
  });
});

describe("a second device", () => {
  it("waits for the chair, who lets it in and signs the first device out", async () => {
    const f = await fixture();
    const { chair, social } = f.people as Record<string, Person>;
    const state = await connect(chair!, `${f.conferenceId}:state`);
    const laptop = new Browser(server.url);
    const refused = await laptop.join(f.links.social!);
    expect(refused.body.error.code).toBe("device_mismatch");
    await until(
      () => participants(state)[social!.participantId]?.deviceRequestedAt !== null,
      5000,
      "request shown",
    );
    const firstDoc = await connect(social!, `${f.conferenceId}:professional`);
    expect((await chair!.cmd({ type: "device.admit", participantId: social!.participantId })).ok).toBe(true);
    expect(await firstDoc.closed).toBe(CLOSE.sessionEnded);
    expect((await social!.browser.request("GET", "/api/session")).status).toBe(401);
    expect((await laptop.join(f.links.social!)).status).toBe(200);
  });
});

describe("the audit log", () => {
  it("is readable by the chair only", async () => {
    const f = await fixture();
    const { chair, social } = f.people as Record<string, Person>;
    await chair!.cmd({ type: "agenda.move", index: 1 });
    const res = await chair!.browser.request("GET", "/api/conference/audit");
    expect(res.status).toBe(200);
    expect(res.body.entries.some((e: { action: string }) => e.action === "agenda.move")).toBe(true);
    const refused = await social!.browser.request("GET", "/api/conference/audit");
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("not_chair");
    await eventually(async () =>
      (await server.quorum.store.listAudit(f.conferenceId)).some(
        (a) => a.action === "audit.read" && a.outcome === "refused",
      ),
    );
  });
});
