import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { connectSocket, openConference, type Person, sendCommand } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import {
  getAs,
  type Household,
  household,
  ok,
  paragraph,
  refusals,
  section,
  writeProfessional,
} from "./support/family";
import { dbSnapshot, freshDoc, withoutClientBindings } from "./support/state";
import { healthz, UpgradeRefused } from "./support/wire";
import { barrier, deniedOn, editOf, openDoc, replicaOf, syncFrame } from "./support/yframes";

/**
 * The professional document as the record is written in it, attacked with raw Yjs frames: its shape
 * (nesting no editor makes, attribute values no reader expects, containers replaced, keys and types
 * nobody reads), the words of family members that live outside it, and the record stage after
 * `conference.end` and after sign-off. The server stays up, stores nothing it refused, audits the
 * refusals, and nothing a writer puts in the document reaches a projection or a copy unless it is
 * the text of an item that person may see.
 */

let server: TestServer;
let h: Household;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);
beforeAll(async () => {
  process.on("uncaughtException", onUncaught);
  server = await startTestServer();
  h = await household(server);
  await ok(h.people.chair!, { type: "conference.start" });
});
afterEach(async () => {
  await healthz(server.url);
  expect(uncaught, "an exception escaped the server").toEqual([]);
});
afterAll(async () => {
  process.off("uncaughtException", onUncaught);
  h?.close();
  await server.close();
});

const professional = () => `${h.conferenceId}:professional`;
const view = (p: { participantId: string }) => `${h.conferenceId}:view:${p.participantId}`;

/** Everything a fresh client of each family projection and the state document gets, as text. */
async function everythingTheFamilyGets(): Promise<string> {
  const out: string[] = [];
  for (const who of [h.people.mum!, h.people.dad!, h.amy, h.zoe]) {
    const d = await freshDoc(server, who, view(who));
    out.push(d.json, Buffer.from(d.update).toString("latin1"));
  }
  return out.join("\n");
}

async function copyText(recipient: { participantId: string }, format = "json"): Promise<string> {
  const res = await getAs(
    server,
    h.people.chair!,
    `/api/record/copies/${recipient.participantId}?format=${format}`,
  );
  expect(res.status, res.body.slice(0, 200)).toBe(200);
  return res.body;
}

/** A heading whose `level` attribute is an array nested `depth` deep: bytes no editor writes. */
function deepAttribute(base: Uint8Array, sectionId: string, depth: number, words: string): Uint8Array {
  const edit = editOf(replicaOf(base), (d) => {
    const fragment = d.getMap("minutes").get(sectionId) as Y.XmlFragment;
    const heading = new Y.XmlElement("heading");
    fragment.insert(0, [heading]);
    heading.setAttribute("level", [424242] as unknown as string);
    heading.insert(0, [new Y.XmlText(words)]);
  });
  // lib0 encodes [424242] as 0x75 0x01 (an array of one) then 0x7d (an integer); nest the array.
  const hex = Buffer.from(edit).toString("hex");
  const at = hex.indexOf("75017d");
  if (at < 0 || at % 2 !== 0) throw new Error("could not find the attribute's encoding");
  const nested = Buffer.alloc(depth * 2);
  for (let i = 0; i < depth; i++) nested.set([0x75, 0x01], i * 2);
  return new Uint8Array(
    Buffer.concat([Buffer.from(hex.slice(0, at), "hex"), nested, Buffer.from(hex.slice(at + 4), "hex")]),
  );
}

describe("the shape of the professional document", () => {
  it("refuses, whole, an update nesting types deeper than any editor does, and stores nothing", async () => {
    const id = await section(h.people.minutes!, "worries");
    const before = await dbSnapshot(server, h.conferenceId);
    for (const [what, edit] of [
      [
        "200 quotes in a minute section",
        (d: Y.Doc) => {
          let at = d.getMap("minutes").get(id) as Y.XmlFragment;
          for (let i = 0; i < 200; i++) {
            const q = new Y.XmlElement("blockquote");
            at.insert(0, [q]);
            at = q;
          }
          at.insert(0, [new Y.XmlText("DEEPQUOTEMARK")]);
        },
      ],
      [
        "6,000 quotes (deleting them would overflow the stack)",
        (d: Y.Doc) => {
          let at = d.getMap("minutes").get(id) as Y.XmlFragment;
          for (let i = 0; i < 6000; i++) {
            const q = new Y.XmlElement("blockquote");
            at.insert(0, [q]);
            at = q;
          }
        },
      ],
      [
        "maps in maps under a new key",
        (d: Y.Doc) => {
          let at = new Y.Map<unknown>();
          d.getMap("texts").set("DEEPMAPKEY", at);
          for (let i = 0; i < 200; i++) {
            const m = new Y.Map<unknown>();
            at.set("m", m);
            at = m;
          }
        },
      ],
    ] as const) {
      expect(await writeProfessional(server, h, h.people.social!, edit), what).toBe(CLOSE.protocolError);
    }
    expect(withoutClientBindings(await dbSnapshot(server, h.conferenceId))).toEqual(
      withoutClientBindings(before),
    );
    expect((await freshDoc(server, h.people.health!, professional())).json).not.toContain("DEEP");

    // Nesting as deep as real minutes go (lists in lists) is fine.
    const nested = await writeProfessional(server, h, h.people.social!, (d) => {
      let at = d.getMap("minutes").get(id) as Y.XmlFragment;
      for (let i = 0; i < 12; i++) {
        const list = new Y.XmlElement("bulletList");
        const item = new Y.XmlElement("listItem");
        list.insert(0, [item]);
        item.insert(0, [paragraph(`level ${i} LISTMARK`)]);
        at.insert(at.length, [list]);
        at = item;
      }
    });
    expect(nested).toBeUndefined();
    // And the section can still be removed (the server deletes it) and the room reloaded.
    await ok(h.people.chair!, { type: "content.remove", contentId: id });
    await server.restart();
    h.close();
    h = await reconnect();
  });

  it("never lets an attribute value crash the server or break a copy", async () => {
    const id = await section(h.people.minutes!, "family_support");
    await ok(h.people.chair!, { type: "content.share", contentId: id });
    // Mum's projection is live, so the section's text is read for it at once.
    const mum = await openDoc(server, h.people.mum!, view(h.people.mum!));
    await barrier(mum);
    const { update } = await freshDoc(server, h.people.chair!, professional());
    const sock = await openDoc(server, h.people.social!, professional());
    sock.send(syncFrame(2, deepAttribute(update, id, 3500, "ATTRHEADINGMARK")));
    await barrier(sock).catch(() => undefined);
    sock.terminate();
    // Other values a reader might trip on: objects, strings, huge and negative numbers.
    await writeProfessional(server, h, h.people.social!, (d) => {
      const fragment = d.getMap("minutes").get(id) as Y.XmlFragment;
      for (const value of [{ valueOf: 1 }, "<script>", 1e308, -5, "2", [1, 2], null]) {
        const heading = new Y.XmlElement("heading");
        heading.setAttribute("level", value as unknown as string);
        heading.insert(0, [new Y.XmlText("ODDLEVELMARK")]);
        const list = new Y.XmlElement("orderedList");
        list.setAttribute("start", value as unknown as string);
        const item = new Y.XmlElement("listItem");
        item.insert(0, [paragraph("ODDSTARTMARK")]);
        list.insert(0, [item]);
        fragment.insert(fragment.length, [heading, list]);
      }
    });
    await healthz(server.url);
    expect(uncaught).toEqual([]);
    for (const format of ["json", "pdf", "docx"])
      expect(
        (
          await getAs(
            server,
            h.people.chair!,
            `/api/record/copies/${h.people.police!.participantId}?format=${format}`,
          )
        ).status,
      ).toBe(200);
    const copy = await copyText(h.people.mum!);
    expect(copy).toContain("ATTRHEADINGMARK");
    expect(copy).toContain("ODDSTARTMARK");
    mum.terminate();
  });

  it("keeps a family member's own words in the record whatever a writer puts under their item's id", async () => {
    const words = String(
      (await ok(h.people.mum!, { type: "family.contribute", area: "going_well", text: "MUMOWNWORDSMARK" }))
        .contentId,
    );
    await ok(h.people.chair!, { type: "content.share", contentId: words });
    const voice = String(
      (
        await ok(h.amy, {
          type: "voice.write",
          text: "AMYOWNWORDSMARK",
          wish: { audience: "family", notShownTo: [] },
        })
      ).contentId,
    );
    await ok(h.people.chair!, { type: "voice.confirm", contentId: voice });
    // A professional writes "their" words into the professional document under those ids.
    await writeProfessional(server, h, h.people.police!, (d) => {
      d.getMap("texts").set(words, new Y.Text("FORGEDMUMMARK"));
      d.getMap("texts").set(voice, new Y.Text("FORGEDAMYMARK"));
    });
    for (const recipient of [h.people.mum!, h.people.police!]) {
      const copy = await copyText(recipient);
      expect(copy).toContain("MUMOWNWORDSMARK");
      expect(copy).toContain("AMYOWNWORDSMARK");
      expect(copy).not.toContain("FORGED");
    }
    const exported = await getAs(server, h.people.chair!, "/api/record/export");
    expect(exported.body).toContain("MUMOWNWORDSMARK");
    expect(exported.body).not.toContain("FORGED");
    expect(await everythingTheFamilyGets()).not.toContain("FORGED");
  });

  it("lets unknown keys and top-level types in, as a writer's words, but nothing reads them: no projection, copy or export", async () => {
    const shared = await section(h.people.minutes!, "next_steps");
    await ok(h.people.chair!, { type: "content.share", contentId: shared });
    await writeProfessional(server, h, h.people.social!, (d) => {
      d.getMap("conference").set("status", "ORPHANSTATUSMARK");
      d.getText("ORPHANROOTMARK").insert(0, "ORPHANROOTTEXTMARK");
      d.getArray("items").insert(0, ["ORPHANARRAYMARK"]);
      d.getMap("minutes").set("ORPHANMINUTEKEYMARKXXXX", new Y.XmlFragment());
      (d.getMap("minutes").get("ORPHANMINUTEKEYMARKXXXX") as Y.XmlFragment).insert(0, [
        paragraph("ORPHANMINUTEMARK"),
      ]);
      d.getMap("texts").set("ORPHANTEXTKEYMARKXXXXX", new Y.Text("ORPHANTEXTMARK"));
      d.getMap("plan").set("actions", new Y.Text("ORPHANPLANMARK"));
      d.getMap("plan").set("ORPHANPLANKEY", new Y.XmlFragment());
    });
    expect(await everythingTheFamilyGets()).not.toContain("ORPHAN");
    expect((await freshDoc(server, h.people.social!, `${h.conferenceId}:state`)).json).not.toContain(
      "ORPHAN",
    );
    for (const recipient of [h.people.mum!, h.people.police!])
      expect(await copyText(recipient)).not.toContain("ORPHAN");
    expect((await getAs(server, h.people.chair!, "/api/record/export")).body).not.toContain("ORPHAN");
    // The server's own layout is intact: the plan's texts are still fragments.
    const after = await freshDoc(server, h.people.health!, professional());
    expect(after.doc.getMap("plan").get("contingency")).toBeInstanceOf(Y.XmlFragment);
  });
});

describe("the record stage", () => {
  it("after the end: a professional still in the room reads, but every write is refused, audited and not stored", async () => {
    await ok(h.people.chair!, { type: "conference.end" });
    const police = h.people.police!;
    const { update } = await freshDoc(server, police, professional());
    const before = await dbSnapshot(server, h.conferenceId);
    const audits = await refusals(server, h.conferenceId, police, "sync.update");
    const sock = await openDoc(server, police, professional());
    let seen = sock.frames.length;
    sock.send(
      syncFrame(
        1,
        editOf(replicaOf(update), (d) => d.getMap("texts").set("x".repeat(22), new Y.Text("LATEPOLICEMARK"))),
      ),
    );
    expect(await deniedOn(sock, seen)).toBe("read-only");
    seen = sock.frames.length;
    sock.send(
      syncFrame(
        2,
        editOf(replicaOf(update), (d) => {
          const minutes = [...d.getMap("minutes").values()];
          (minutes[0] as Y.XmlFragment).insert(0, [paragraph("LATEPOLICEMINUTEMARK")]);
        }),
      ),
    );
    expect(await deniedOn(sock, seen)).toBe("read-only");
    sock.terminate();
    expect(withoutClientBindings(await dbSnapshot(server, h.conferenceId))).toEqual(
      withoutClientBindings(before),
    );
    expect(await refusals(server, h.conferenceId, police, "sync.update")).toBeGreaterThan(audits);
    expect((await freshDoc(server, h.people.health!, professional())).json).not.toContain("LATEPOLICE");
  });

  it("after the end: no family member, nobody with them, and no professional or chair's preview of a projection, opens a document", async () => {
    const attempts = [
      [h.people.mum!, view(h.people.mum!)],
      [h.people.mum!, professional()],
      [h.people.mum!, `${h.conferenceId}:state`],
      [h.people.advocate!, view(h.people.mum!)],
      [h.interpreter, view(h.people.dad!)],
      [h.amy, view(h.amy)],
      [h.amyAdvocate, view(h.amy)],
      [h.people.chair!, view(h.people.mum!)],
      [h.people.police!, view(h.people.mum!)],
    ] as const;
    for (const [who, name] of attempts) {
      const before = await refusals(server, h.conferenceId, who, "sync.open");
      const refusal = await openDoc(server, who, name).then(
        (s) => {
          s.terminate();
          return undefined;
        },
        (e: unknown) => (e instanceof UpgradeRefused ? e.refusal : undefined),
      );
      expect(refusal?.status, `${who.name} ${name}`).toBe(403);
      expect(refusal?.body).toBe("");
      expect(await refusals(server, h.conferenceId, who, "sync.open")).toBe(before + 1);
    }
  });

  it("after the end: the minute taker writes the minutes and the plan; broken containers are put back", async () => {
    const id = await section(h.people.minutes!, "decision");
    expect(
      await writeProfessional(server, h, h.people.minutes!, (d) => {
        (d.getMap("minutes").get(id) as Y.XmlFragment).insert(0, [paragraph("AFTERENDMINUTEMARK")]);
        d.getMap("plan").set("contingency", new Y.Text("not a fragment"));
        d.getMap("plan").delete("bottomLines");
      }),
    ).toBeUndefined();
    const after = await freshDoc(server, h.people.health!, professional());
    for (const key of ["contingency", "bottomLines"])
      expect(after.doc.getMap("plan").get(key), key).toBeInstanceOf(Y.XmlFragment);
    expect(await copyText(h.people.police!)).toContain("AFTERENDMINUTEMARK");
  });

  it("after sign-off: the chair's and the minute taker's writes are dropped with the permission message", async () => {
    await ok(h.people.chair!, { type: "record.signOff" });
    const before = await dbSnapshot(server, h.conferenceId);
    for (const who of [h.people.chair!, h.people.minutes!]) {
      const { update } = await freshDoc(server, who, professional());
      const audits = await refusals(server, h.conferenceId, who, "sync.update");
      const sock = await openDoc(server, who, professional());
      const seen = sock.frames.length;
      sock.send(
        syncFrame(
          2,
          editOf(replicaOf(update), (d) => {
            const minutes = [...d.getMap("minutes").values()];
            (minutes[0] as Y.XmlFragment).insert(0, [paragraph("SIGNEDOFFEDITMARK")]);
            d.getMap("plan").set("contingency", new Y.XmlFragment());
          }),
        ),
      );
      expect(await deniedOn(sock, seen), who.name).toBe("read-only");
      sock.terminate();
      expect(await refusals(server, h.conferenceId, who, "sync.update")).toBeGreaterThan(audits);
    }
    expect(withoutClientBindings(await dbSnapshot(server, h.conferenceId))).toEqual(
      withoutClientBindings(before),
    );
    for (const [who, command] of [
      [h.people.minutes!, { type: "minutes.addPart", agendaItem: "worries" }],
      [h.people.chair!, { type: "plan.addAction", what: "x", who: "y", byWhen: "ongoing", outcome: "z" }],
      [h.people.chair!, { type: "record.signOff" }],
    ] as const) {
      const ack = await who.cmd(command);
      expect(ack).toMatchObject({ ok: false, error: { code: "record_locked" } });
    }
    expect(await copyText(h.people.police!)).not.toContain("SIGNEDOFFEDIT");
  });
});

describe("who finishes the record", () => {
  it("gives nothing after the end to a minute taker the chair did not let in (a leaked link waiting in the lobby)", async () => {
    const base = (await import("../support/fixtures")).sampleConference();
    const f = await openConference(server, {
      invitees: [...(base.invitees ?? []), { name: "Max Minutes", role: "minute_taker" as const }],
    });
    try {
      const max = f.people["Max Minutes"]!;
      await ok(f.people.chair!, { type: "conference.start" });
      await ok(f.people.chair!, { type: "participant.toLobby", participantId: max.participantId });
      await ok(f.people.chair!, { type: "conference.end" });
      const name = `${f.conferenceId}:professional`;
      const audits = await refusals(server, f.conferenceId, max, "sync.open");
      for (const doc of [name, `${f.conferenceId}:state`]) {
        const refusal = await openDoc(server, max, doc).then(
          (sock) => {
            sock.terminate();
            return undefined;
          },
          (e: unknown) => (e instanceof UpgradeRefused ? e.refusal : undefined),
        );
        expect(refusal?.status, doc).toBe(403);
      }
      expect(await refusals(server, f.conferenceId, max, "sync.open")).toBe(audits + 2);
      const ack = await max.cmd({ type: "minutes.open", agendaItem: "worries" });
      expect(ack).toMatchObject({ ok: false, error: { code: "conference_ended" } });
      // The minute taker who was there still finishes it.
      expect(
        await writeProfessional(server, f, f.people.minutes!, (d) =>
          d.getMap("texts").set("t".repeat(22), new Y.Text("x")),
        ),
      ).toBeUndefined();
    } finally {
      f.close();
    }
  });
});

/** The household's sockets after a restart (sessions survive it; sockets do not). */
async function reconnect(): Promise<Household> {
  const people: Record<string, Person> = {};
  for (const [key, p] of Object.entries(h.people)) {
    const { socket, statuses } = await connectSocket(server, p.browser);
    people[key] = {
      ...p,
      socket,
      statuses,
      cmd: (c) => sendCommand(socket, c),
      lastStatus: () => statuses.at(-1),
    };
  }
  const pick = (p: Person) => Object.values(people).find((x) => x.participantId === p.participantId)!;
  return {
    ...h,
    people,
    amy: pick(h.amy),
    amyAdvocate: pick(h.amyAdvocate),
    zoe: pick(h.zoe),
    interpreter: pick(h.interpreter),
    observer: pick(h.observer),
    close() {
      for (const p of Object.values(people)) p.socket.disconnect();
    },
  };
}
