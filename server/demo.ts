import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ConferenceInput } from "../shared/domain";

/**
 * `npm run demo`: a realistic sample conference on the running app (names invented), and one join
 * link per role, so a newcomer can try Quorum in several browser windows within a minute.
 * QUORUM_URL (default http://localhost:3000) and ADMIN_TOKEN (default: DATA_DIR/admin-token).
 */
const base = (process.env.QUORUM_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
const tokenFile = path.resolve(process.env.DATA_DIR ?? "./data", "admin-token");
const adminToken =
  process.env.ADMIN_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : "");

function nextWeekdayAt10(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(10, 0, 0, 0);
  return d.toISOString();
}

export const DEMO_CONFERENCE: ConferenceInput = {
  kind: "icpc",
  title: "Initial conference for Maya and Leo Hartley",
  scheduledStart: nextWeekdayAt10(),
  policyProfile: "hertfordshire",
  children: [
    { name: "Maya Hartley", dateOfBirth: "2015-03-14", subject: true },
    { name: "Leo Hartley", dateOfBirth: "2021-09-02", subject: true },
  ],
  invitees: [
    { name: "Priya Shah", role: "chair", agency: "Safeguarding and Quality Assurance" },
    { name: "Tom Okafor", role: "minute_taker", agency: "Business Support" },
    { name: "Hannah Reid", role: "social_worker", directContact: true },
    { name: "DC Mark Ellis", role: "professional", agency: "Police", directContact: true },
    { name: "Grace Mensah", role: "professional", agency: "Health visiting", directContact: true },
    { name: "Owen Price", role: "professional", agency: "School", directContact: true },
    { ref: "mother", name: "Kerry Hartley", role: "parent" },
    { ref: "father", name: "Dean Hartley", role: "parent" },
    { ref: "maya", name: "Maya Hartley", role: "young_person" },
    { name: "Sam Webb", role: "advocate", supports: "maya" },
  ],
};

async function main(): Promise<void> {
  if (!adminToken) {
    throw new Error(`No administrator token: set ADMIN_TOKEN or start the app once so ${tokenFile} exists.`);
  }
  let res: Response;
  try {
    res = await fetch(`${base}/api/admin/conferences`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(DEMO_CONFERENCE),
    });
  } catch {
    throw new Error(`Quorum is not running at ${base}. Start it with \`npm start\` first.`);
  }
  const body = (await res.json()) as {
    links?: { name: string; role: string; url: string }[];
    error?: unknown;
  };
  if (!res.ok || !body.links)
    throw new Error(`The app refused the demo conference: ${JSON.stringify(body.error)}`);
  process.stdout.write(
    `${DEMO_CONFERENCE.title}\nOpen each link in its own browser profile or private window:\n\n`,
  );
  for (const link of body.links)
    process.stdout.write(`  ${link.role.padEnd(13)} ${link.name.padEnd(15)} ${link.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
