import { io, type Socket } from "socket.io-client";
import type { Command, CommandAck, PersonalStatus } from "../../shared/protocol";
import { PROTOCOL_VERSION } from "../../shared/protocol";
import { sampleConference } from "./fixtures";
import { Browser } from "./http";
import { adminFetch, type TestServer } from "./server";

export interface Person {
  participantId: string;
  name: string;
  role: string;
  browser: Browser;
  socket: Socket;
  statuses: PersonalStatus[];
  cmd(command: Command | Record<string, unknown>): Promise<CommandAck>;
  lastStatus(): PersonalStatus | undefined;
}

/** A raw socket.io client with this browser's cookie and Origin (not the app's client code). */
export async function connectSocket(
  server: TestServer,
  browser: Browser,
): Promise<{ socket: Socket; statuses: PersonalStatus[] }> {
  const statuses: PersonalStatus[] = [];
  const socket = io(server.url, {
    transports: ["websocket"],
    extraHeaders: { cookie: browser.cookieHeader, origin: browser.origin },
    auth: { protocolVersion: PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
  });
  socket.on("status", (s: PersonalStatus) => statuses.push(s));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => reject(err));
  });
  await until(() => statuses.length > 0);
  return { socket, statuses };
}

async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function sendCommand(socket: Socket, command: unknown): Promise<CommandAck> {
  return socket.timeout(10_000).emitWithAck("command", command) as Promise<CommandAck>;
}

export interface ConferenceFixture {
  conferenceId: string;
  childIds: string[];
  people: Record<string, Person>;
  participants: { id: string; name: string; role: string }[];
  links: Record<string, string>;
  close(): void;
}

/**
 * A conference with everyone signed in, past the confidentiality statement and admitted by the chair.
 * Names: chair, minutes, social, police, health, mum, dad, advocate.
 */
export async function openConference(
  server: TestServer,
  overrides = {},
  admit = true,
): Promise<ConferenceFixture> {
  const res = await adminFetch(server, "POST", "/api/admin/conferences", sampleConference(overrides));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const keyOf: Record<string, string> = {
    "Chris Chair": "chair",
    "Mina Minutes": "minutes",
    "Sally Social": "social",
    "PC Lee": "police",
    "Hana Health": "health",
    "Jo Example": "mum",
    "Dan Example": "dad",
    "Ava Advocate": "advocate",
  };
  const people: Record<string, Person> = {};
  const links: Record<string, string> = {};
  for (const link of res.body.links as { participantId: string; name: string; role: string; url: string }[]) {
    const key = keyOf[link.name] ?? link.name;
    links[key] = link.url;
    const browser = new Browser(server.url);
    const joined = await browser.join(link.url);
    if (joined.status !== 200) throw new Error(JSON.stringify(joined.body));
    const { socket, statuses } = await connectSocket(server, browser);
    people[key] = {
      participantId: link.participantId,
      name: link.name,
      role: link.role,
      browser,
      socket,
      statuses,
      cmd: (command) => sendCommand(socket, command),
      lastStatus: () => statuses.at(-1),
    };
  }
  const chair = people.chair!;
  await chair.cmd({ type: "confidentiality.accept" });
  if (admit) {
    for (const [key, person] of Object.entries(people)) {
      if (key === "chair") continue;
      const accepted = await person.cmd({ type: "confidentiality.accept" });
      if (!accepted.ok) throw new Error(JSON.stringify(accepted));
      if (accepted.result?.admitted) continue;
      const admitted = await chair.cmd({ type: "lobby.admit", participantId: person.participantId });
      if (!admitted.ok) throw new Error(JSON.stringify(admitted));
    }
  }
  return {
    conferenceId: res.body.conference.id,
    childIds: res.body.conference.children.map((c: { id: string }) => c.id),
    people,
    participants: res.body.participants,
    links,
    close() {
      for (const p of Object.values(people)) p.socket.disconnect();
    },
  };
}

/** The result of a command that must have succeeded. */
export function resultOf<T = Record<string, unknown>>(ack: CommandAck): T {
  if (!ack.ok) throw new Error(`command refused: ${JSON.stringify(ack.error)}`);
  return (ack.result ?? {}) as T;
}
