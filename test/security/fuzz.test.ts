import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzCommands } from "../fuzz/commandFuzzer";
import { commandFuzzConference, copiesStillRender, yjsFuzzConference } from "../fuzz/fixtures";
import { fuzzYjs } from "../fuzz/yjsFuzzer";
import type { ConferenceFixture } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";

/**
 * A short seeded fuzz run of the Yjs message handler and the command parser against a live server
 * (about 30 s each; `npm run fuzz` runs the same fuzzers longer). The seed is fixed so a failure
 * replays: QUORUM_FUZZ_SEED and QUORUM_FUZZ_SECONDS change it and the length. Seeds that once found
 * a bug stay below as named regression runs.
 */

const seed = Number(process.env.QUORUM_FUZZ_SEED ?? 20261122);
const seconds = Number(process.env.QUORUM_FUZZ_SECONDS ?? 30);

let server: TestServer;
const fixtures: ConferenceFixture[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const f of fixtures) f.close();
  await server.close();
});

async function withObserver(): Promise<ConferenceFixture> {
  const f = await yjsFuzzConference(server);
  fixtures.push(f);
  return f;
}

describe(`seeded fuzzing (seed ${seed}, ${seconds} s each)`, () => {
  it(
    "the Yjs message handler: the document holds exactly what writers sent and the server took",
    async () => {
      const f = await withObserver();
      const report = await fuzzYjs(
        {
          server,
          conferenceId: f.conferenceId,
          writer: f.people.social!,
          readOnly: f.people["Olly Observer"]!,
          watcher: f.people.health!,
        },
        seed,
        Date.now() + seconds * 1000,
        // Whatever the writers have left in the minutes and the plan so far, every copy is still made.
        { verify: () => copiesStillRender(server, f) },
      );
      process.stdout.write(`yjs fuzz: ${JSON.stringify(report)}\n`);
      expect(report.iterations).toBeGreaterThan(100);
      expect(report.accepted).toBeGreaterThan(10);
      expect(report.slowestMs).toBeLessThan(5000);
      expect(report.richElements).toBeGreaterThan(10);
    },
    (seconds + 60) * 1000,
  );

  it(
    "the command parser: every ack is a known refusal or a valid success, and nothing crashes",
    async () => {
      const report = await fuzzCommands(
        {
          server,
          openConference: async () => {
            const f = await commandFuzzConference(server);
            fixtures.push(f);
            return f;
          },
        },
        seed,
        Date.now() + seconds * 1000,
      );
      process.stdout.write(`command fuzz: ${JSON.stringify(report)}\n`);
      expect(report.iterations).toBeGreaterThan(100);
      expect(report.codes.internal).toBeUndefined();
    },
    (seconds + 60) * 1000,
  );
});
