import { ThresholdChoice } from "../../shared/decision";
import { ERROR_CODES } from "../../shared/errors";
import { Category } from "../../shared/policy";
import { Command } from "../../shared/protocol";
import { COPY_FORMATS, EXCLUSION_PARTS, RECORD_DOCUMENTS, SEND_VIA } from "../../shared/record";
import { AGENDA_ITEMS, EXCLUSION_GROUNDS } from "../../shared/room";
import { healthz, RawSio } from "../security/support/wire";
import type { ConferenceFixture, Person } from "../support/room";
import type { TestServer } from "../support/server";
import { iterationRng, type Rng, randomJson, randomNumber, randomString } from "./gen";
import type { FuzzReport } from "./yjsFuzzer";

/**
 * Fuzz the command parser through raw socket.io: random JSON, and real command types with fields
 * that are valid, valid-looking, hostile or missing, from several people at once (each within the
 * per-socket rate limit). Invariants: every command gets an acknowledgement within 5 s that is
 * `{ ok: true, result?: object }` or `{ ok: false, error: { code, message } }` with a code from
 * shared/errors.ts other than `internal`; the connection stays up; /healthz answers.
 */

const TYPES: string[] = (Command.options as unknown as { shape: { type: { value: string } } }[]).map(
  (o) => o.shape.type.value,
);
const FIELDS = new Map<string, string[]>(
  (Command.options as unknown as { shape: Record<string, unknown> & { type: { value: string } } }[]).map(
    (o) => [o.shape.type.value, Object.keys(o.shape).filter((k) => k !== "type")],
  ),
);
/** Commands that end the room for everyone: rare, or the rest of the run is all `conference_ended`. */
const DRASTIC = new Set(["conference.end", "participant.remove", "chair.handover", "leave"]);
/**
 * After the end the record stage goes on (minutes, plan, sign-off, copies): the fuzzers stay this
 * many commands in an ended conference before moving on to a fresh one.
 */
const RECORD_STAGE_COMMANDS = 300;
/** The chair ends each conference after this many commands (so every run reaches the record stage). */
const LIVE_COMMANDS = 600;
/** At most this many commands a second per socket (the server allows 20, burst 40). */
const PER_SOCKET_PER_SECOND = 15;

export interface CommandFuzzTarget {
  server: TestServer;
  /** Makes a fresh conference (the fuzzer moves on to a new one when a drastic command lands). */
  openConference(): Promise<ConferenceFixture>;
}

export async function fuzzCommands(
  target: CommandFuzzTarget,
  seed: number,
  deadline: number,
  opts: { log?: (line: string) => void } = {},
): Promise<FuzzReport & { codes: Record<string, number> }> {
  const report = { iterations: 0, accepted: 0, refused: 0, reconnects: 0, checks: 0, slowestMs: 0 };
  const codes: Record<string, number> = {};
  let fixture = await target.openConference();
  const fixtures = [fixture];
  let generation = 0;
  const known = { ids: new Set<string>() };
  const remember = (f: ConferenceFixture) => {
    for (const p of f.participants) known.ids.add(p.id);
    for (const c of f.childIds) known.ids.add(c);
  };
  remember(fixture);
  let iteration = 0;
  let renewing: Promise<void> | undefined;
  /** The iteration at which the current conference began, ended, and was signed off. */
  let startedAt = 0;
  let endedAt: number | undefined;
  let signedOff = false;

  const renew = () => {
    renewing ??= (async () => {
      fixture = await target.openConference();
      fixtures.push(fixture);
      remember(fixture);
      generation++;
      startedAt = iteration;
      endedAt = undefined;
      signedOff = false;
      renewing = undefined;
    })();
    return renewing;
  };

  const worker = async (key: string, stream: number) => {
    let myGeneration = -1;
    let sio: RawSio | undefined;
    let person: Person | undefined;
    let nextAck = 0;
    try {
      while (Date.now() < deadline) {
        if (renewing) await renewing;
        if (endedAt !== undefined && iteration - endedAt > RECORD_STAGE_COMMANDS) await renew();
        if (myGeneration !== generation || !sio || !sio.sock.open) {
          sio?.sock.terminate();
          person = fixture.people[key];
          if (!person) return;
          sio = await RawSio.connect(target.server.url, {
            cookie: person.browser.cookieHeader,
            origin: target.server.origin,
          });
          const answer = await sio.handshake();
          if (answer.kind !== "connect") {
            // Removed, or the session ended (a fuzzed command did it): wait for the next conference.
            sio.sock.terminate();
            sio = undefined;
            await renew();
            continue;
          }
          if (myGeneration === generation) report.reconnects++;
          myGeneration = generation;
          nextAck = 0;
        }
        const i = iteration++;
        const rng = iterationRng(seed, i, 2 + stream);
        // The chair ends the meeting, and later signs the record off, on a schedule; all else is random.
        const command =
          key === "chair" && endedAt === undefined && i - startedAt > LIVE_COMMANDS
            ? { type: "conference.end" }
            : key === "chair" &&
                endedAt !== undefined &&
                !signedOff &&
                i - endedAt > RECORD_STAGE_COMMANDS / 2
              ? { type: "record.signOff" }
              : generate(rng, fixture, known.ids);
        const id = nextAck++;
        const started = performance.now();
        sio.sendRaw(`42${id}${JSON.stringify(["command", command])}`);
        let args: unknown[];
        try {
          args = await sio.ackFor(id, 5000);
        } catch (err) {
          if (!sio.sock.open) continue; // ended by a fuzzed command (removed, session ended): reconnect
          throw new Error(
            `Command fuzz (seed ${seed}, iteration ${i}) ${JSON.stringify(command).slice(0, 300)}: ${(err as Error).message}`,
          );
        }
        const elapsed = performance.now() - started;
        report.slowestMs = Math.max(report.slowestMs, elapsed);
        const problem = checkAck(args);
        if (problem)
          throw new Error(
            `Command fuzz (seed ${seed}, iteration ${i}) ${JSON.stringify(command).slice(0, 300)}: ${problem}`,
          );
        const ack = args[0] as { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
        const code = ack.ok ? "ok" : ack.error!.code;
        codes[code] = (codes[code] ?? 0) + 1;
        if (ack.ok) {
          report.accepted++;
          for (const v of Object.values(ack.result ?? {}))
            if (typeof v === "string" && /^[\w-]{22}$/.test(v)) known.ids.add(v);
          const type = (command as { type?: string }).type ?? "";
          if (type === "conference.end" && myGeneration === generation) endedAt ??= i;
          else if (type === "record.signOff" && myGeneration === generation) signedOff = true;
          else if (DRASTIC.has(type) && myGeneration === generation) await renew();
        } else report.refused++;
        report.iterations++;
        if (report.iterations % 500 === 0) {
          report.checks++;
          await healthz(target.server.url, 1000);
          opts.log?.(`commands: ${report.iterations} sent, ${JSON.stringify(codes)}`);
        }
        const pause = 1000 / PER_SOCKET_PER_SECOND - elapsed;
        if (pause > 0) await new Promise((r) => setTimeout(r, pause));
      }
    } finally {
      sio?.sock.terminate();
    }
  };

  try {
    await Promise.all(
      ["chair", "social", "police", "minutes", "mum", "dad", "advocate", "health", "Amy Example"].map(
        (key, i) => worker(key, i),
      ),
    );
    report.checks++;
    await healthz(target.server.url, 1000);
  } finally {
    for (const f of fixtures) f.close();
  }
  return { ...report, codes };
}

/** What is wrong with an acknowledgement, or undefined when it has the promised shape. */
export function checkAck(args: unknown[]): string | undefined {
  if (args.length !== 1) return `the ack has ${args.length} arguments`;
  const ack = args[0] as { ok?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
  if (typeof ack !== "object" || ack === null) return "the ack is not an object";
  if (ack.ok === true) {
    if (
      ack.result !== undefined &&
      (typeof ack.result !== "object" || ack.result === null || Array.isArray(ack.result))
    )
      return `ok with a result that is not an object: ${JSON.stringify(ack.result)}`;
    return undefined;
  }
  if (ack.ok !== false) return `ok is ${JSON.stringify(ack.ok)}`;
  const code = ack.error?.code;
  if (typeof code !== "string" || !(code in ERROR_CODES)) return `unknown error code ${JSON.stringify(code)}`;
  if (code === "internal") return `the server failed: ${JSON.stringify(ack.error)}`;
  if (typeof ack.error?.message !== "string" || ack.error.message.length === 0)
    return "an error without a message";
  return undefined;
}

/** A command: mostly a real type with fields valid, nearly valid or hostile; sometimes anything. */
function generate(rng: Rng, f: ConferenceFixture, ids: Set<string>): unknown {
  if (rng.chance(0.15)) return randomJson(rng, 4);
  let type = rng.pick(TYPES);
  if (DRASTIC.has(type) && !rng.chance(0.05)) type = rng.pick(TYPES.filter((t) => !DRASTIC.has(t)));
  const command: Record<string, unknown> = {
    type: rng.chance(0.05) ? rng.pick([randomString(rng, 20), `${type} `, type.toUpperCase(), 1]) : type,
  };
  const idList = [...ids];
  const anId = () =>
    rng.chance(0.8)
      ? rng.pick(idList.length ? idList : ["AAAAAAAAAAAAAAAAAAAAAA"])
      : rng.pick([randomString(rng, 30), "AAAAAAAAAAAAAAAAAAAAAA", "__proto__", null, 5]);
  for (const field of FIELDS.get(type) ?? []) {
    if (rng.chance(0.08)) continue; // missing
    command[field] = rng.chance(0.1) ? randomJson(rng, 2) : valueFor(rng, field, f, anId);
  }
  if (rng.chance(0.08)) {
    const extra = rng.pick(["__proto__", "constructor", "isChair", "conferenceId", randomString(rng, 8)]);
    Object.defineProperty(command, extra, {
      value: randomJson(rng, 2),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return command;
}

function valueFor(rng: Rng, field: string, f: ConferenceFixture, anId: () => unknown): unknown {
  if (/Id$|^before$/.test(field)) return anId();
  const oneOf = (values: readonly unknown[]) => (rng.chance(0.9) ? rng.pick(values) : randomString(rng, 12));
  const date = () =>
    rng.pick(["2026-12-10", "2027-01-29", "2027-02-24", "2026-11-30", "2026-12-25", "2027-02-30", "soon"]);
  switch (field) {
    case "from":
    case "children":
    case "present":
    case "coreGroup":
      return Array.from({ length: rng.int(rng.chance(0.05) ? 60 : 3) }, anId);
    case "participantIds":
      return rng.chance(0.3) ? "all" : Array.from({ length: rng.int(4) }, anId);
    case "contentIds":
      return rng.chance(0.3) ? "all" : Array.from({ length: 1 + rng.int(3) }, anId);
    case "agendaItem":
      return oneOf(AGENDA_ITEMS);
    case "ground":
      return oneOf(EXCLUSION_GROUNDS);
    case "view":
      return oneOf(ThresholdChoice.options);
    case "recommendedCategory":
      return oneOf(Category.options);
    case "categories":
      return Array.from({ length: rng.int(3) }, () => oneOf(Category.options));
    case "plan":
    case "shared":
    case "given":
    case "escalate":
    case "childCopy":
    case "visible":
    case "youngPeople":
    case "replaceAgencyView":
    case "reportSubmitted":
    case "directContact":
    case "autoAdmitProfessionals":
      return rng.chance(0.95) ? rng.chance(0.5) : rng.pick(["true", 1, null]);
    case "score":
      return rng.chance(0.8) ? rng.int(11) : randomNumber(rng);
    case "exclusionParts":
      return oneOf(EXCLUSION_PARTS);
    case "document":
      return oneOf(RECORD_DOCUMENTS);
    case "format":
      return oneOf(COPY_FORMATS);
    case "via":
      return oneOf(SEND_VIA);
    case "byWhen":
      return rng.chance(0.3) ? "ongoing" : date();
    case "firstCoreGroupDate":
    case "nextReviewDate":
      return rng.chance(0.1) ? null : date();
    case "recommendations":
      return Array.from({ length: rng.int(rng.chance(0.05) ? 40 : 3) }, () => `fuzz ${rng.int(100)}`);
    case "wish":
      return rng.chance(0.9)
        ? {
            audience: oneOf(["family", "professionals"]),
            ...(rng.chance(0.5) ? { notShownTo: Array.from({ length: rng.int(3) }, anId) } : {}),
          }
        : randomJson(rng, 2);
    case "note":
    case "title":
    case "what":
    case "who":
    case "outcome":
    case "rationale":
    case "overrideReason":
    case "substantialEmotionalConcern":
      return rng.chance(0.7) ? `fuzz ${rng.int(1000)}` : randomString(rng, 60);
    case "text":
    case "reason":
    case "name":
    case "agency":
      return rng.chance(0.7) ? `fuzz ${rng.int(1000)}` : randomString(rng, 60);
    case "index":
      return rng.chance(0.7) ? rng.int(8) : randomNumber(rng);
    case "kind":
      return rng.pick([
        "mapping_item",
        "danger_statement",
        "safety_goal",
        "family_contribution",
        randomString(rng, 10),
      ]);
    case "area":
      return rng.pick([
        "going_well",
        "worries_future_danger",
        "next_steps",
        "complicating_factors",
        "harm",
        randomString(rng, 10),
      ]);
    case "role":
      return rng.pick([
        "professional",
        "observer",
        "parent",
        "chair",
        "social_worker",
        randomString(rng, 10),
      ]);
    case "lateAfter":
      return rng.pick([null, "2026-12-01T10:00:00Z", "yesterday", 0]);
    default:
      if (rng.chance(0.5)) return rng.chance(0.5);
      return rng.chance(0.5) ? f.childIds[0] : randomJson(rng, 1);
  }
}
