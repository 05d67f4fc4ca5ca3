import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ConferenceInput } from "../shared/domain";
import { QuorumError } from "../shared/errors";
import { Id } from "../shared/ids";
import { SessionService } from "./auth/sessions";
import { ConferenceService } from "./conferences";
import { loadConfig } from "./config";
import { parseInput } from "./http/validate";
import { openStore } from "./storage";

/**
 * The administrator's command line. It writes to the same database as the server (DATA_DIR or
 * DATABASE_URL) and prints JSON. Input is validated with the same schemas as the HTTP API.
 */
const USAGE = `Usage:
  npm run cli -- conference create --file conf.json
  npm run cli -- conference list
  npm run cli -- participant link --conference ID --participant ID`;

const Args = z.discriminatedUnion("command", [
  z.object({ command: z.literal("conference create"), file: z.string().min(1, "--file is required") }),
  z.object({ command: z.literal("conference list") }),
  z.object({ command: z.literal("participant link"), conference: Id, participant: Id }),
]);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: "string" },
      conference: { type: "string" },
      participant: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const args = parseInput(Args, { command: positionals.join(" "), ...values }, "command line");
  const config = loadConfig();
  const store = await openStore({
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  try {
    const conferences = new ConferenceService(store, new SessionService(store), config.publicUrl);
    let out: unknown;
    switch (args.command) {
      case "conference create": {
        let raw: unknown;
        try {
          raw = JSON.parse(readFileSync(args.file, "utf8"));
        } catch (err) {
          throw new QuorumError("bad_request", `Cannot read ${args.file} as JSON: ${(err as Error).message}`);
        }
        out = await conferences.create(parseInput(ConferenceInput, raw, "conference file"), "admin");
        break;
      }
      case "conference list":
        out = { conferences: await store.listConferences() };
        break;
      case "participant link":
        out = { link: await conferences.reissueLink(args.conference, args.participant, "admin") };
        break;
    }
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const body =
      err instanceof QuorumError
        ? err.toBody()
        : { error: { code: "bad_request", message: err instanceof Error ? err.message : String(err) } };
    process.stderr.write(`${JSON.stringify(body, null, 2)}\n${USAGE}\n`);
    process.exit(2);
  },
);
