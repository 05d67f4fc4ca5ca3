import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../shared/errors";
import { type ConferenceFixture, openConference } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "./support/state";
import { healthz, RawSio, rawHttp, UpgradeRefused, WireSocket, wsUrl } from "./support/wire";

/**
 * Attack 4: engine.io and socket.io spoken by hand over a raw WebSocket. Every hostile packet ends
 * in an error answer or a closed connection, never a crash, a hang or a change.
 */

let server: TestServer;
let f: ConferenceFixture;
const open: RawSio[] = [];

beforeAll(async () => {
  server = await startTestServer();
  f = await openConference(server);
});
// Whatever a test did, the server is still up and answers /healthz within 1 s.
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  for (const s of open) s.sock.terminate();
  f?.close();
  await server.close();
});

async function connect(who = f.people.police!, handshake = true): Promise<RawSio> {
  const sio = await RawSio.connect(server.url, { cookie: who.browser.cookieHeader, origin: server.origin });
  open.push(sio);
  if (handshake) {
    const answer = await sio.handshake();
    expect(answer.kind).toBe("connect");
  }
  return sio;
}

type Ack = { ok: boolean; error?: { code: string; message: string; issues?: { path: string }[] } };
const ackOf = (args: unknown[]) => args[0] as Ack;

/** Either the server closed the connection, or it ignored the packet and still answers a command. */
async function closedOrStillServing(sio: RawSio): Promise<"closed" | "serving"> {
  const id = sio.reserveAckIds(1);
  sio.sendRaw(`42${id}["command",{"type":"hand.lower"}]`);
  return Promise.race([
    sio.sock.closedWithin(3000).then(() => "closed" as const),
    sio.ackFor(id, 3000).then(
      (a) => {
        expect(ackOf(a).error?.code ?? "ok").toMatch(/^(ok|conflict)$/);
        return "serving" as const;
      },
      () => "closed" as const,
    ),
  ]);
}

async function members(): Promise<number> {
  return (await server.quorum.rooms.get(f.conferenceId))!.connectionCount;
}

describe("engine.io", () => {
  it("has no long-polling surface: polling GETs and oversized POSTs get 400 with security headers", async () => {
    const get = await rawHttp(server.url, { path: "/socket.io/?EIO=4&transport=polling" });
    expect(get.status).toBe(400);
    const post = await rawHttp(server.url, {
      method: "POST",
      path: "/socket.io/?EIO=4&transport=polling&sid=abc",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: server.origin },
      body: `4${"x".repeat(2 * 1024 * 1024)}`,
    });
    expect(post.status).toBe(400);
    for (const res of [get, post]) {
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(String(res.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    }
    await healthz(server.url);
  });

  it.each(["EIO=3", "EIO=5", "EIO=abc", "EIO=", "EIO=4&EIO=3"])(
    "refuses a WebSocket upgrade with %s before it is upgraded",
    async (eio) => {
      const err = await WireSocket.open(wsUrl(server.url, `/socket.io/?${eio}&transport=websocket`), {
        headers: { origin: server.origin, cookie: f.people.police!.browser.cookieHeader },
      }).then(
        (s) => {
          s.terminate();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UpgradeRefused);
      expect((err as UpgradeRefused).refusal.status).toBe(400);
    },
  );

  it.each([
    ["an empty frame", ""],
    ["an unknown packet type", "9"],
    ["a non-numeric type", "x{}"],
    ["a binary frame before any socket.io packet", Buffer.from([1, 2, 3])],
  ])("closes the connection on %s", async (_name, packet) => {
    const sio = await connect();
    if (typeof packet === "string") sio.sendRaw(packet);
    else sio.sendBinary(packet);
    await sio.sock.closedWithin(3000);
    await healthz(server.url);
  });

  it("ignores an upgrade packet out of turn (or closes): the connection is never confused", async () => {
    const sio = await connect();
    sio.sendRaw("5");
    expect(["closed", "serving"]).toContain(await closedOrStillServing(sio));
    await healthz(server.url);
  });

  it("closes a message over 64 KiB with 1009", async () => {
    const sio = await connect();
    sio.sendRaw(`42["command",${JSON.stringify({ type: "chat.send", text: "x".repeat(70 * 1024) })}]`);
    expect(await sio.sock.closedWithin(3000)).toBe(1009);
  });
});

describe("socket.io packets", () => {
  it("refuses a handshake with no auth at all (a bare 40)", async () => {
    const sio = await connect(f.people.police!, false);
    sio.sendRaw("40");
    const answer = await sio.sock.waitFor(() => sio.packets().find((p) => p.kind === "connect_error"));
    expect(answer.kind === "connect_error" && answer.data.data?.code).toBe("protocol_outdated");
  });

  it.each([
    ["an old protocol version", { protocolVersion: 0 }, "protocol_outdated"],
    ["the version as a string", { protocolVersion: "1" }, "protocol_outdated"],
    ["a __proto__ key", JSON.parse('{"__proto__":{"protocolVersion":1}}'), "protocol_outdated"],
  ])("refuses a handshake with %s", async (_name, auth, code) => {
    const sio = await connect(f.people.police!, false);
    const answer = await sio.handshake(auth);
    expect(answer.kind).toBe("connect_error");
    if (answer.kind === "connect_error") expect(answer.data.data?.code).toBe(code);
  });

  it("refuses a handshake without a session cookie, and an unknown namespace", async () => {
    const anon = await RawSio.connect(server.url, { origin: server.origin });
    open.push(anon);
    const answer = await anon.handshake();
    expect(answer.kind === "connect_error" && answer.data.data?.code).toBe("unauthenticated");
    const sio = await connect(f.people.police!, false);
    sio.sendRaw('40/admin,{"protocolVersion":1}');
    const nsp = await sio.sock.waitFor(
      () => sio.sock.frames.find((x) => x.text.startsWith("44/admin,"))?.text,
    );
    expect(nsp).toContain("Invalid namespace");
  });

  it("allows one socket.io handshake per connection, however many CONNECT packets are pipelined", async () => {
    const before = await members();
    const sio = await connect(f.people.police!, false);
    for (let i = 0; i < 30; i++) sio.sendRaw('40{"protocolVersion":1}');
    await sio.sock.waitFor(
      () =>
        sio.packets().filter((p) => p.kind === "connect" || p.kind === "connect_error").length >= 30 ||
        sio.sock.closeCode !== undefined
          ? true
          : undefined,
      10_000,
      "answers to every CONNECT",
    );
    expect(sio.packets().filter((p) => p.kind === "connect").length).toBeLessThanOrEqual(1);
    expect(await members()).toBeLessThanOrEqual(before + 1);
  });

  it.each([["42"], ["42[1,2,3]"], ['42["status",{"isChair":true}]']])(
    "ignores the event-less or foreign event packet %s (or closes)",
    async (packet) => {
      const sio = await connect();
      sio.sendRaw(packet);
      expect(["closed", "serving"]).toContain(await closedOrStillServing(sio));
    },
  );

  it.each([
    ["42["],
    ['42{"type":"hand.raise"}'],
    ['42["connect"]'],
    ['42["disconnecting",1]'],
    ["49"],
    ["4x"],
    ['42-5["command",{}]'],
    ['42["command"'],
    ["40{}"],
    ['44{"message":"x"}'],
  ])("closes the connection on the malformed packet %s", async (packet) => {
    const sio = await connect();
    sio.sendRaw(packet);
    await sio.sock.closedWithin(3000);
    await healthz(server.url);
  });

  it.each([
    ["huge attachment count", '4599999-["command",{"_placeholder":true,"num":0}]'],
    ["zero attachments", '450-["command",{"_placeholder":true,"num":0}]'],
    ["negative attachments", '45-1-["command",{}]'],
    ["a non-numeric count", '45a-["command",{}]'],
    ["eleven attachments", '4511-["command",{}]'],
  ])("closes the connection on a binary packet with %s", async (_name, packet) => {
    const sio = await connect();
    sio.sendRaw(packet);
    for (let i = 0; i < 3 && sio.sock.open; i++) sio.sendBinary(Buffer.alloc(1024));
    await sio.sock.closedWithin(3000);
    await healthz(server.url);
  });

  it.each([
    ["a placeholder index named splice", '{"_placeholder":true,"num":"splice"}'],
    ["a placeholder index past the attachments", '{"_placeholder":true,"num":1}'],
    ["a negative placeholder index", '{"_placeholder":true,"num":-1}'],
    ["a placeholder inside __proto__", '{"__proto__":{"_placeholder":true,"num":"toString"}}'],
  ])("refuses %s (closed or answered with an error)", async (_name, placeholder) => {
    const sio = await connect();
    sio.sendRaw(`451-0["command",${placeholder}]`);
    sio.sendBinary(Buffer.from("attachment"));
    const outcome = await Promise.race([
      sio.ackFor(0, 3000).then(
        (a) => ackOf(a),
        () => "closed" as const,
      ),
      sio.sock.closedWithin(3000).then(() => "closed" as const),
    ]);
    if (outcome !== "closed") expect(outcome.ok).toBe(false);
    expect(({} as Record<string, unknown>).num).toBeUndefined();
  });

  it("answers a command made of a binary attachment with a refusal", async () => {
    const sio = await connect();
    sio.sendRaw('451-0["command",{"_placeholder":true,"num":0}]');
    sio.sendBinary(Buffer.from('{"type":"hand.raise"}'));
    const ack = ackOf(await sio.ackFor(0));
    expect(ack).toMatchObject({ ok: false, error: { code: "unknown_command" } });
  });

  it("closes the connection on text arriving while a binary packet waits for its attachments", async () => {
    const sio = await connect();
    sio.sendRaw('452-0["command",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    sio.sendBinary(Buffer.from("one"));
    sio.sendRaw('42["command",{}]');
    await sio.sock.closedWithin(3000);
  });
});

describe("commands with hostile shapes", () => {
  const police = () => f.people.police!;
  const dad = () => f.people.dad!;
  const cases: [string, unknown, string][] = [
    ["an extra field", { type: "hand.raise", extra: 1 }, "validation_failed"],
    [
      "a __proto__ key",
      JSON.parse('{"type":"hand.raise","__proto__":{"polluted":"yes"}}'),
      "validation_failed",
    ],
    [
      "a constructor key",
      { type: "hand.raise", constructor: { prototype: { polluted: "yes" } } },
      "validation_failed",
    ],
    ["an unknown type", { type: "admin.deleteEverything" }, "unknown_command"],
    ["a numeric type", { type: 123 }, "unknown_command"],
    ["no type", {}, "unknown_command"],
    ["null", null, "validation_failed"],
    ["a string", "hand.raise", "validation_failed"],
    ["an array", [{ type: "hand.raise" }], "validation_failed"],
    ["a number id", { type: "participant.mute", participantId: 123 }, "validation_failed"],
    ["an object id", { type: "participant.mute", participantId: { $ne: null } }, "validation_failed"],
    ["an id of __proto__", { type: "participant.mute", participantId: "__proto__" }, "validation_failed"],
    ["an id of constructor", { type: "participant.mute", participantId: "constructor" }, "validation_failed"],
    ["a 10 KB id", { type: "participant.mute", participantId: "a".repeat(10_000) }, "validation_failed"],
    ["an index as a string", { type: "agenda.move", index: "1" }, "validation_failed"],
    ["a fractional index", { type: "agenda.move", index: 1.5 }, "validation_failed"],
    ["a boolean as a string", { type: "room.settings", autoAdmitProfessionals: "true" }, "validation_failed"],
  ];

  it.each(cases)("refuses a command with %s, changing nothing", async (_name, command, code) => {
    const sio = await connect(police());
    const before = await dbSnapshot(server, f.conferenceId);
    const ack = ackOf(await sio.emitWithAck("command", command));
    expect(ack.ok).toBe(false);
    expect(ack.error?.code).toBe(code);
    expect(Object.keys(ERROR_CODES)).toContain(ack.error?.code);
    expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("names the offending field of an unknown-field refusal", async () => {
    const sio = await connect(police());
    const ack = ackOf(await sio.emitWithAck("command", { type: "hand.raise", isChair: true }));
    expect(ack.error?.issues?.map((i) => i.path)).toContain("isChair");
  });

  it("answers a command with extra arguments, or none, with validation_failed", async () => {
    const sio = await connect(police());
    const before = await dbSnapshot(server, f.conferenceId);
    expect(ackOf(await sio.rawWithAck(90, '290["command",{"type":"hand.raise"},"extra"]'))).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
    expect(ackOf(await sio.rawWithAck(91, '291["command"]'))).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
    expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
  });

  it("does not run a command sent without an acknowledgement: tells the sender and disconnects", async () => {
    const chair = f.people.chair!;
    const sio = await connect(chair);
    const before = await dbSnapshot(server, f.conferenceId);
    sio.sendRaw(
      `42${JSON.stringify(["command", { type: "participant.mute", participantId: dad().participantId }])}`,
    );
    await sio.sock.closedWithin(3000);
    const notice = sio.packets().find((p) => p.kind === "event" && p.data[0] === "notice");
    expect(notice?.kind === "event" && (notice.data[1] as { code: string }).code).toBe("bad_request");
    expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
  });

  it("ignores events other than command, and acks for nothing", async () => {
    const sio = await connect(police());
    sio.sendRaw('42["status",{"isChair":true}]');
    sio.sendRaw('42["hello","world"]');
    sio.sendRaw("43999[]");
    const ack = ackOf(await sio.emitWithAck("command", { type: "hand.raise" }));
    expect(ack.ok).toBe(true);
    expect(ackOf(await sio.emitWithAck("command", { type: "hand.lower" })).ok).toBe(true);
    expect(sio.sock.open).toBe(true);
  });

  it("refuses another person's powers and audits it", async () => {
    const sio = await connect(police());
    const ack = ackOf(
      await sio.emitWithAck("command", { type: "participant.mute", participantId: dad().participantId }),
    );
    expect(ack.error?.code).toBe("not_chair");
    const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
    expect(
      audit.some(
        (a) =>
          a.action === "participant.mute" && a.outcome === "refused" && a.actor === police().participantId,
      ),
    ).toBe(true);
  });
});
