import { io, type Socket } from "socket.io-client";
import type { ConferenceInput } from "../../shared/domain";
import { POLICY_PRESETS, type PolicyProfile } from "../../shared/policy";
import type { RoomSpec } from "./messages";

/**
 * Prepares Quorum conferences the way people would: the administrator's convening sheet over the
 * admin API, every participant signing in with their join link (own cookie jar, Origin header),
 * everyone past the confidentiality statement over socket.io, the chair admitting whoever waits in
 * the lobby, and a social worker creating two mapping items and sharing them with the family.
 */

const PROFESSIONALS = [
  ["PC Lee", "Police"],
  ["Hana Health", "Health visiting"],
  ["Sam School", "Education"],
  ["Gita GP", "General practice"],
  ["Hal Housing", "Housing"],
  ["Pat Probation", "Probation"],
  ["Meg Mental-Health", "Adult mental health"],
  ["Dev Drugs", "Substance misuse service"],
] as const;

/** Haringey's rules, with professionals admitted without the chair letting each one in. */
export const BENCH_POLICY: PolicyProfile = {
  ...(structuredClone(POLICY_PRESETS.haringey) as PolicyProfile),
  preset: "custom",
  name: "Benchmark (Haringey, professionals admitted automatically)",
  admitProfessionalsAutomatically: true,
};

export function benchSheet(n: number): ConferenceInput {
  return {
    kind: "icpc",
    title: `Benchmark conference ${n}`,
    scheduledStart: "2026-12-01T10:00:00Z",
    policyProfile: BENCH_POLICY,
    children: [{ name: "Amy Example", dateOfBirth: "2016-04-02", subject: true }],
    invitees: [
      { name: "Chris Chair", role: "chair" },
      { name: "Mina Minutes", role: "minute_taker" },
      { name: "Sally Social", role: "social_worker", directContact: true },
      { name: "Tom Manager", role: "team_manager" },
      ...PROFESSIONALS.map(([name, agency]) => ({
        name,
        role: "professional" as const,
        agency,
        directContact: true,
      })),
      { ref: "mum", name: "Jo Example", role: "parent" },
      { ref: "dad", name: "Dan Example", role: "parent" },
      { name: "Ava Advocate", role: "advocate", supports: "mum" },
    ],
  };
}

interface Link {
  participantId: string;
  name: string;
  role: string;
  url: string;
}

interface Person extends Link {
  cookie: string;
  socket?: Socket;
}

async function signIn(baseUrl: string, origin: string, link: Link): Promise<Person> {
  const token = new URL(link.url).hash.slice(1);
  const res = await fetch(`${baseUrl}/api/session`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${link.name}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return { ...link, cookie };
}

async function connect(baseUrl: string, origin: string, person: Person): Promise<Socket> {
  const socket = io(baseUrl, {
    transports: ["websocket"],
    extraHeaders: { cookie: person.cookie, origin },
    auth: { protocolVersion: 1 },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("socket.io connect timeout")), 30_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

type Ack =
  | { ok: true; result?: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string } };

async function command(person: Person, cmd: Record<string, unknown>): Promise<Ack> {
  if (!person.socket) throw new Error(`${person.name} has no socket`);
  const ack = (await person.socket.timeout(15_000).emitWithAck("command", cmd)) as Ack;
  if (!ack.ok)
    throw new Error(`${String(cmd.type)} by ${person.name}: ${ack.error.code} ${ack.error.message}`);
  return ack;
}

/** One conference, ready for the load: everyone in the room, two items shared with the family. */
export async function setUpConference(
  baseUrl: string,
  origin: string,
  adminToken: string,
  n: number,
): Promise<RoomSpec> {
  const res = await fetch(`${baseUrl}/api/admin/conferences`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(benchSheet(n)),
  });
  const body = (await res.json()) as { conference: { id: string }; links: Link[] };
  if (res.status !== 201) throw new Error(`create conference: ${res.status} ${JSON.stringify(body)}`);
  const conferenceId = body.conference.id;
  const people = await Promise.all(body.links.map((l) => signIn(baseUrl, origin, l)));
  try {
    await Promise.all(
      people.map(async (p) => {
        p.socket = await connect(baseUrl, origin, p);
      }),
    );
    const byName = (name: string) => people.find((p) => p.name === name)!;
    const chair = byName("Chris Chair");
    await command(chair, { type: "confidentiality.accept" });
    const others = people.filter((p) => p !== chair);
    const accepted = await Promise.all(others.map((p) => command(p, { type: "confidentiality.accept" })));
    for (const [i, ack] of accepted.entries()) {
      if (ack.ok && ack.result?.admitted) continue;
      await command(chair, { type: "lobby.admit", participantId: others[i]!.participantId });
    }
    // Exclusions take effect in a running conference (before the start they are only planned).
    await command(chair, { type: "conference.start" });
    const social = byName("Sally Social");
    const create = async () => {
      const ack = await command(social, {
        type: "content.create",
        kind: "mapping_item",
        area: "worries_future_danger",
      });
      const contentId = ack.ok ? (ack.result?.contentId as string) : "";
      await command(social, { type: "content.share", contentId });
      return contentId;
    };
    const editItem = await create();
    const toggleItem = await create();
    const mum = byName("Jo Example");
    const dad = byName("Dan Example");
    const advocate = byName("Ava Advocate");
    const fullView = people.filter((p) => p !== mum && p !== dad && p !== advocate);
    // The chair first: in the reference run too, writer 0 is the one that makes the item.
    fullView.sort((a, b) => (a === chair ? -1 : b === chair ? 1 : 0));
    const view = (principal: Person) => `${conferenceId}:view:${principal.participantId}`;
    return {
      key: conferenceId,
      editItem,
      writers: fullView.map((p) => ({ doc: `${conferenceId}:professional`, cookie: p.cookie })),
      readers: [
        { doc: view(mum), cookie: mum.cookie },
        { doc: view(dad), cookie: dad.cookie },
        { doc: view(mum), cookie: advocate.cookie },
      ],
      chair: {
        cookie: chair.cookie,
        toggleItem,
        familyIds: [mum.participantId, dad.participantId],
        exclude: {
          participantId: mum.participantId,
          clients: [
            { reader: 0, cookie: mum.cookie },
            { reader: 2, cookie: advocate.cookie },
          ],
        },
      },
    };
  } finally {
    for (const p of people) p.socket?.disconnect();
  }
}

/** The reference's rooms: same shape (12 writers, 3 read-only peers), one in-memory document each. */
export function referenceRoom(name: string): RoomSpec {
  return {
    key: name,
    editItem: "item",
    writers: Array.from({ length: 12 }, () => ({ doc: name })),
    readers: Array.from({ length: 3 }, () => ({ doc: name })),
  };
}
