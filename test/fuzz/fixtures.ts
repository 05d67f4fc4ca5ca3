import { household } from "../security/support/family";
import { sampleConference } from "../support/fixtures";
import { type ConferenceFixture, openConference } from "../support/room";
import type { TestServer } from "../support/server";

/**
 * The conferences the fuzzers run in (test/security/fuzz.test.ts and `npm run fuzz` alike).
 */

/** For the Yjs fuzzer: an observer to write without the right, mapping items and minute sections. */
export async function yjsFuzzConference(server: TestServer): Promise<ConferenceFixture> {
  const sheet = sampleConference();
  const f = await openConference(server, {
    invitees: [...(sheet.invitees ?? []), { name: "Olly Observer", role: "observer" }],
  });
  for (const area of ["worries_future_danger", "going_well"]) {
    const ack = await f.people.social!.cmd({ type: "content.create", kind: "mapping_item", area });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
  }
  for (const agendaItem of ["worries", "introductions"]) {
    const ack = await f.people.minutes!.cmd({ type: "minutes.open", agendaItem });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    if (agendaItem === "introductions") {
      const shared = await f.people.chair!.cmd({
        type: "content.share",
        contentId: String(ack.result?.contentId),
      });
      if (!shared.ok) throw new Error(JSON.stringify(shared));
    }
  }
  return f;
}

/** For the command fuzzer: the whole household (two young people, advocates, an interpreter, an observer). */
export function commandFuzzConference(server: TestServer): Promise<ConferenceFixture> {
  return household(server);
}

/**
 * After fuzzing the document: whatever the writers left in it, each copy is still made, as JSON, a
 * PDF and a Word file (a professional's copy, and a parent's, whose projection read the shared minutes).
 */
export async function copiesStillRender(
  server: TestServer,
  f: ConferenceFixture,
): Promise<string | undefined> {
  for (const who of [f.people.police!, f.people.mum!])
    for (const format of ["json", "pdf", "docx"]) {
      const res = await fetch(`${server.url}/api/record/copies/${who.participantId}?format=${format}`, {
        headers: { cookie: f.people.chair!.browser.cookieHeader },
      });
      await res.arrayBuffer();
      if (res.status !== 200) return `${who.name}'s copy as ${format}: ${res.status}`;
    }
  return undefined;
}
