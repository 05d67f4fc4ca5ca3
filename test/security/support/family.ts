import * as Y from "yjs";
import type { CommandAck } from "../../../shared/protocol";
import { sampleConference } from "../../support/fixtures";
import { type ConferenceFixture, openConference, type Person } from "../../support/room";
import type { TestServer } from "../../support/server";
import { freshDoc } from "./state";
import { type RawResponse, rawHttp } from "./wire";
import { barrier, editOf, openDoc, replicaOf, syncFrame } from "./yframes";

/**
 * A whole household for the attacks on the family views, the child's voice and the record: the
 * sample conference (chair, minute taker, social worker, police, health, mum, dad, mum's advocate)
 * plus two young people (Amy with her advocate, Zoe), dad's interpreter and an observer. Every key of
 * `people` is a short name.
 */
export interface Household extends ConferenceFixture {
  amy: Person;
  amyAdvocate: Person;
  zoe: Person;
  interpreter: Person;
  observer: Person;
}

export async function household(server: TestServer): Promise<Household> {
  const base = sampleConference();
  const f = await openConference(server, {
    invitees: [
      ...(base.invitees ?? []),
      { ref: "amy", name: "Amy Example", role: "young_person" as const },
      { name: "Yusuf Advocate", role: "advocate" as const, supports: "amy" },
      { ref: "zoe", name: "Zoe Example", role: "young_person" as const },
      { name: "Ivan Interpreter", role: "interpreter" as const, supports: "dad" },
      { name: "Olly Observer", role: "observer" as const },
    ],
  });
  return {
    ...f,
    amy: f.people["Amy Example"]!,
    amyAdvocate: f.people["Yusuf Advocate"]!,
    zoe: f.people["Zoe Example"]!,
    interpreter: f.people["Ivan Interpreter"]!,
    observer: f.people["Olly Observer"]!,
  };
}

/** A command that must succeed; its result. */
export async function ok(person: Person, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  const ack: CommandAck = await person.cmd(command);
  if (!ack.ok)
    throw new Error(`${JSON.stringify(command).slice(0, 200)} refused: ${JSON.stringify(ack.error)}`);
  return ack.result ?? {};
}

/** How many refusals of `action` by `actor` the conference's audit log holds. */
export async function refusals(
  server: TestServer,
  conferenceId: string,
  actor: Person,
  action: string,
): Promise<number> {
  const audit = await server.quorum.store.listAudit(conferenceId, { limit: 100_000 });
  return audit.filter(
    (a) => a.actor === actor.participantId && a.action === action && a.outcome === "refused",
  ).length;
}

/** The child's voice upload, spoken as raw HTTP: the query string and every header as given. */
export function voiceUpload(
  server: TestServer,
  who: Person | undefined,
  query: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawHttp(server.url, {
    method: "POST",
    path: `/api/conference/childs-voice?${query}`,
    headers: {
      origin: server.origin,
      "content-type": "application/octet-stream",
      ...(who ? { cookie: who.browser.cookieHeader } : {}),
      ...headers,
    },
    body,
  });
}

export function voiceFile(server: TestServer, who: Person, contentId: string): Promise<RawResponse> {
  return rawHttp(server.url, {
    path: `/api/conference/childs-voice/${contentId}/file`,
    headers: { cookie: who.browser.cookieHeader },
  });
}

/** A GET as this person (their cookie only: browsers send no Origin on a same-site GET). */
export function getAs(server: TestServer, who: Person | undefined, path: string): Promise<RawResponse> {
  return rawHttp(server.url, { path, headers: who ? { cookie: who.browser.cookieHeader } : {} });
}

/** A GET as this person, the body kept as bytes (PDF and Word files). */
export async function fileAs(
  server: TestServer,
  who: Person,
  path: string,
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: who.browser.cookieHeader } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

export function errorCode(res: RawResponse): string | undefined {
  try {
    return (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/**
 * Write into the professional document as `who` over a raw socket: an edit made on a replica of
 * what a fresh client gets, sent as one update, then a barrier. Resolves with the close code if the
 * server closed the connection, else undefined.
 */
export async function writeProfessional(
  server: TestServer,
  f: ConferenceFixture,
  who: Person,
  edit: (doc: Y.Doc) => void,
): Promise<number | undefined> {
  const name = `${f.conferenceId}:professional`;
  const { update } = await freshDoc(server, f.people.chair!, name);
  const sock = await openDoc(server, who, name);
  try {
    sock.send(syncFrame(2, editOf(replicaOf(update), edit)));
    await barrier(sock).catch(() => undefined);
    return sock.closeCode;
  } finally {
    sock.terminate();
  }
}

/** A paragraph of words as TipTap writes it: paragraph > text. */
export function paragraph(words: string): Y.XmlElement {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(words)]);
  return p;
}

/** Open (or find) the minute section of an agenda item. */
export async function section(person: Person, agendaItem: string, part = false): Promise<string> {
  const result = await ok(person, { type: part ? "minutes.addPart" : "minutes.open", agendaItem });
  return String(result.contentId);
}
