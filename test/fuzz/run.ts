import { parseArgs } from "node:util";
import type { ConferenceFixture } from "../support/room";
import { startTestServer } from "../support/server";
import { fuzzCommands } from "./commandFuzzer";
import { commandFuzzConference, copiesStillRender, yjsFuzzConference } from "./fixtures";
import { fuzzYjs } from "./yjsFuzzer";

/**
 * `npm run fuzz [-- --seconds N] [-- --seed N]`: the fuzzers of test/security/fuzz.test.ts, longer
 * (5 minutes by default), both at once against one in-process server on a loopback port. Prints the
 * seed first: a failure names its seed and iteration, and `--seed` replays it. A seed that finds a
 * bug belongs in test/security/fuzz.test.ts as a named regression run.
 */
const { values } = parseArgs({
  options: { seconds: { type: "string", default: "300" }, seed: { type: "string" } },
  allowPositionals: false,
});
const seconds = Number(values.seconds);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(seed)) {
  process.stderr.write("Usage: npm run fuzz -- [--seconds N] [--seed N]\n");
  process.exit(2);
}

const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
log(
  `fuzzing for ${seconds} s with seed ${seed} (replay: npm run fuzz -- --seed ${seed} --seconds ${seconds})`,
);

const server = await startTestServer();
const fixtures: ConferenceFixture[] = [];
let failed = false;
try {
  const f = await yjsFuzzConference(server);
  fixtures.push(f);
  const deadline = Date.now() + seconds * 1000;
  const [yjs, commands] = await Promise.allSettled([
    fuzzYjs(
      {
        server,
        conferenceId: f.conferenceId,
        writer: f.people.social!,
        readOnly: f.people["Olly Observer"]!,
        watcher: f.people.health!,
      },
      seed,
      deadline,
      { log, checkEvery: 1000, verify: () => copiesStillRender(server, f) },
    ),
    fuzzCommands(
      {
        server,
        openConference: async () => {
          const c = await commandFuzzConference(server);
          fixtures.push(c);
          return c;
        },
      },
      seed,
      deadline,
      { log },
    ),
  ]);
  for (const [name, result] of [
    ["Yjs message handler", yjs],
    ["command parser", commands],
  ] as const) {
    if (result.status === "fulfilled") log(`${name}: passed ${JSON.stringify(result.value)}`);
    else {
      failed = true;
      log(
        `${name}: FAILED ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`,
      );
    }
  }
} catch (err) {
  failed = true;
  log(`fuzz run could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  for (const f of fixtures) f.close();
  await server.close();
}
log(failed ? `fuzz: FAILED (seed ${seed})` : `fuzz: passed (seed ${seed})`);
process.exit(failed ? 1 : 0);
