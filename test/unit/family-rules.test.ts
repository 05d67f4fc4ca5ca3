import { describe, expect, it } from "vitest";
import { fileNameFor, sniffFileType } from "../../server/http/fileTypes";
import { decideConfirm, decideSplitPart, decideVoice, decideWish } from "../../server/rooms/decideFamily";
import { canBringVoice, confirmedVisibility, narrowByWish, type VoiceEntry } from "../../shared/childsVoice";
import { can } from "../../shared/permissions";
import type { Command } from "../../shared/protocol";
import { applyEvent, type Exclusion, type RoomEvent, type RoomState } from "../../shared/room";
import { apartAt, canStartPart, partChanges, splitWithholdFrom } from "../../shared/split";
import { familyChildren, familyItems, familyRoom } from "../../shared/views";
import { type ContentMeta, visibleTo } from "../../shared/visibility";
import { mayOpenVoiceFile } from "../../shared/voiceAccess";
import { id, item, room } from "./rules-fixture";

/** Split conferences, the child's voice and who may fetch its files: the pure rules, table by table. */

const out = (
  state: RoomState,
  name: string,
  ground: Exclusion["ground"],
  startAt = 0,
  endAt: number | null = null,
) =>
  state.exclusions.push({
    id: id(`ex-${name}-${startAt}`),
    participantId: id(name),
    ground,
    note: "n",
    by: id("chair"),
    startAt,
    endAt,
    planned: false,
  });

let seq = 10;
function apply(state: RoomState, events: RoomEvent[], at = 100): void {
  for (const e of events) applyEvent(state, e, ++seq, at);
}

describe("split conferences", () => {
  it.each([
    // [case, setup, author group, withheld from]
    ["no split: nothing withheld", () => {}, "mum", []],
    [
      "mum's part (dad out): mum's words kept from dad",
      (s: RoomState) => out(s, "dad", "family_conflict"),
      "mum",
      ["dad"],
    ],
    [
      "mum's part: the young person is present, so dad's side only",
      (s: RoomState) => out(s, "dad", "family_conflict"),
      "yp",
      ["dad"],
    ],
    [
      "dad's part (mum out): mum's views for the chair kept from everyone present",
      (s: RoomState) => out(s, "mum", "family_conflict"),
      "mum",
      ["dad", "yp"],
    ],
    ["another ground is not a split", (s: RoomState) => out(s, "dad", "interference"), "mum", []],
    [
      "both out on the split ground: same side",
      (s: RoomState) => {
        out(s, "dad", "family_conflict");
        out(s, "mum", "family_conflict");
      },
      "mum",
      ["yp"],
    ],
  ])("%s", (_case, setup, author, expected) => {
    const s = room();
    setup(s);
    expect(splitWithholdFrom(s, id(author)).sort()).toEqual(expected.map(id).sort());
  });

  it("tells who was apart at a moment, from the exclusions' times; professionals are never apart", () => {
    const s = room();
    out(s, "dad", "family_conflict", 100, 200);
    out(s, "mum", "family_conflict", 200, null);
    expect(apartAt(s, id("mum"), id("dad"), 50)).toBe(false);
    expect(apartAt(s, id("mum"), id("dad"), 150)).toBe(true);
    expect(apartAt(s, id("mum"), id("dad"), 250)).toBe(true);
    expect(apartAt(s, id("mum"), id("yp"), 150)).toBe(false);
    expect(apartAt(s, id("mum"), id("yp"), 250)).toBe(true);
    expect(apartAt(s, id("social"), id("dad"), 150)).toBe(false);
    expect(apartAt(s, id("mum"), id("mum"), 250)).toBe(false);
  });

  it("starts a part: the rest go out on the split ground, those named come back; never both in at once", () => {
    const s = room();
    const first = decideSplitPart(
      s,
      id("chair"),
      { type: "split.part", present: [id("mum"), id("yp")], note: "DA" },
      10,
    );
    expect(first.events.map((e) => e.type)).toEqual(["exclusion.started"]);
    apply(s, first.events, 10);
    expect(s.exclusions[0]).toMatchObject({
      participantId: id("dad"),
      ground: "family_conflict",
      planned: false,
    });
    const second = decideSplitPart(
      s,
      id("chair"),
      { type: "split.part", present: [id("dad")], note: "DA" },
      20,
    );
    expect(second.events.map((e) => e.type)).toEqual([
      "exclusion.started",
      "exclusion.started",
      "exclusion.ended",
    ]);
    expect(partChanges(s, [id("dad")])).toEqual({ exclude: [id("mum"), id("yp")], bringBack: [id("dad")] });
  });

  it("plans the split before the meeting starts", () => {
    const s = room();
    s.conference = { ...s.conference, status: "scheduled" };
    const d = decideSplitPart(s, id("chair"), { type: "split.part", present: [id("mum")], note: "DA" }, 1);
    expect(d.events.every((e) => e.type === "exclusion.started" && e.exclusion.planned)).toBe(true);
  });

  it.each([
    ["a professional in a part", [id("police")], "validation_failed"],
    ["someone named twice", [id("mum"), id("mum")], "validation_failed"],
    ["everyone in the family (that is no split)", [id("mum"), id("dad"), id("yp")], "validation_failed"],
  ])("refuses %s", (_case, present, code) => {
    const verdict = canStartPart(room(), present);
    expect(verdict.ok ? "ok" : verdict.error.code).toBe(code);
  });

  it("refuses to bring into a part someone out on another ground, and refuses anyone but the chair", () => {
    const s = room();
    out(s, "dad", "interference");
    const verdict = canStartPart(s, [id("dad")]);
    expect(verdict.ok ? "ok" : verdict.error.code).toBe("conflict");
    const byPro = can(room(), id("social"), { type: "split.part", present: [id("mum")], note: "x" });
    expect(byPro.ok ? "ok" : byPro.error.code).toBe("not_chair");
    const notSplit = can(room(), id("chair"), { type: "split.end" });
    expect(notSplit.ok ? "ok" : notSplit.error.code).toBe("conflict");
  });

  it("never shows dad a scale mum gave in her part, even when the chair shares everyone's", () => {
    const s = room();
    const amy = id("amy");
    apply(
      s,
      [
        {
          type: "scale.given",
          childId: amy,
          participantId: id("mum"),
          score: 3,
          reason: "MUM-REASON",
          enteredBy: id("mum"),
        },
      ],
      5,
    );
    out(s, "dad", "family_conflict", 10, 20);
    apply(
      s,
      [
        {
          type: "scale.given",
          childId: amy,
          participantId: id("police"),
          score: 4,
          reason: "police",
          enteredBy: id("police"),
        },
      ],
      15,
    );
    apply(
      s,
      [
        {
          type: "scaling.shared",
          childId: amy,
          participantIds: [id("mum"), id("police")],
          youngPeople: false,
        },
      ],
      30,
    );
    // Mum scaled before the split: dad heard it.
    expect(familyChildren(s, id("dad"))[amy]!.scaling.shared.map((r) => r.reason)).toEqual([
      "MUM-REASON",
      "police",
    ]);
    apply(
      s,
      [
        {
          type: "scale.given",
          childId: amy,
          participantId: id("mum"),
          score: 2,
          reason: "MUM-IN-HER-PART",
          enteredBy: id("mum"),
        },
      ],
      12,
    );
    expect(JSON.stringify(familyChildren(s, id("dad")))).not.toContain("MUM-IN-HER-PART");
    expect(JSON.stringify(familyChildren(s, id("yp")))).not.toContain("MUM");
  });

  it("keeps someone out of a part out of 'who is here' for the others", () => {
    const s = room();
    out(s, "mum", "family_conflict");
    const names = familyRoom(s, id("dad")).present.map((p) => p.name);
    expect(names).not.toContain("mum");
    expect(names).not.toContain("advocate");
    expect(names).toContain("dad");
  });
});

const wish = (audience: "family" | "professionals", notShownTo: string[] = []) => ({ audience, notShownTo });
const write = (overrides: Partial<Extract<Command, { type: "voice.write" }>> = {}): Command => ({
  type: "voice.write",
  text: "words",
  title: "",
  youngPersonId: null,
  children: [],
  wish: wish("family"),
  ...overrides,
});

describe("the child's voice: who may bring it", () => {
  it.each([
    ["the young person", "yp", write(), "ok"],
    ["the young person's advocate", "ypadv", write(), "ok"],
    ["the social worker, for the young person", "social", write({ youngPersonId: id("yp") }), "ok"],
    ["the social worker, for a child not taking part", "social", write({ children: [id("amy")] }), "ok"],
    ["the social worker, for nobody", "social", write(), "validation_failed"],
    ["the social worker, for a parent", "social", write({ youngPersonId: id("mum") }), "validation_failed"],
    ["the chair", "chair", write({ youngPersonId: id("yp") }), "ok"],
    ["a second chair who is not the active chair", "chair2", write({ youngPersonId: id("yp") }), "forbidden"],
    ["a parent", "mum", write(), "forbidden"],
    ["a parent's advocate", "advocate", write(), "forbidden"],
    ["the police", "police", write({ youngPersonId: id("yp") }), "forbidden"],
    ["the minute taker", "minutes", write({ youngPersonId: id("yp") }), "forbidden"],
    ["an observer", "observer", write({ youngPersonId: id("yp") }), "forbidden"],
    ["the young person, for someone else", "yp", write({ youngPersonId: id("mum") }), "forbidden"],
    [
      "the young person, about a child not in the conference",
      "yp",
      write({ children: [id("nobody")] }),
      "validation_failed",
    ],
    [
      "the young person, keeping it from a professional",
      "yp",
      write({ wish: wish("family", [id("police")]) }),
      "validation_failed",
    ],
  ])("%s", (_case, actor, command, expected) => {
    const verdict = can(room(), id(actor), command);
    expect(verdict.ok ? "ok" : verdict.error.code).toBe(expected);
  });

  it("refuses a young person out of the meeting (views for the chair are the way then)", () => {
    const s = room();
    out(s, "yp", "child_request");
    const verdict = can(s, id("yp"), write());
    expect(verdict.ok ? "ok" : verdict.error.code).toBe("excluded");
  });

  it("is the same rule for a file as for words (the upload asks `can` with voice.write)", () => {
    const s = room();
    const input = { youngPersonId: null, children: [], wish: wish("family") };
    expect(canBringVoice(s, s.participants[id("yp")]!, input, false).ok).toBe(true);
    expect(canBringVoice(s, s.participants[id("mum")]!, input, false).ok).toBe(false);
  });
});

describe("the child's voice: her wish and the chair's confirmation", () => {
  function voice(state: RoomState, by: string, command: Extract<Command, { type: "voice.write" }>): string {
    const { type: _t, text, ...fields } = command;
    const d = decideVoice(state, id(by), { form: "words", text, file: null, ...fields }, 50);
    apply(state, d.events, 50);
    return String(d.result?.contentId);
  }
  const viewer = (s: RoomState, name: string) => {
    const p = s.participants[id(name)]!;
    return { participantId: p.id, role: p.role, supports: p.supports };
  };
  const sees = (s: RoomState, contentId: string, name: string) =>
    visibleTo(s.content[contentId]!, viewer(s, name), s.participants);

  it("is for the professionals and the young person until the chair confirms; then as she chose", () => {
    const s = room();
    const c = voice(s, "yp", write({ wish: wish("family", [id("dad")]) }) as never);
    expect(s.content[c]).toMatchObject({
      audience: "professionals",
      withheldFrom: [id("dad")],
      voiceOf: id("yp"),
    });
    expect(["yp", "ypadv", "police", "chair"].map((n) => sees(s, c, n))).toEqual([true, true, true, true]);
    expect(["mum", "dad", "advocate"].map((n) => sees(s, c, n))).toEqual([false, false, false]);
    apply(s, decideConfirm(s, id("chair"), { type: "voice.confirm", contentId: c }, 60).events, 60);
    expect(s.content[c]).toMatchObject({ audience: "family", forYoungPeople: true, chairDecided: true });
    expect(["mum", "advocate", "dad", "interp"].map((n) => sees(s, c, n))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("the young person sees her views when the social worker wrote them for her", () => {
    const s = room();
    const c = voice(s, "social", write({ youngPersonId: id("yp"), wish: wish("professionals") }) as never);
    expect(sees(s, c, "yp")).toBe(true);
    expect(sees(s, c, "mum")).toBe(false);
    const items = familyItems(s, id("yp"));
    expect(items.get(c)?.voice).toMatchObject({
      whose: "You",
      confirmed: false,
      wish: wish("professionals"),
    });
    expect(items.get(c)?.mine).toBe(false);
  });

  it.each([
    [
      "to the professionals only",
      { audience: "family", withheldFrom: [] },
      wish("professionals"),
      { audience: "professionals" },
    ],
    [
      "not dad as well",
      { audience: "family", withheldFrom: [id("mum")] },
      wish("family", [id("dad")]),
      { withheldFrom: [id("mum"), id("dad")] },
    ],
    [
      "wider: nothing changes yet",
      { audience: "professionals", withheldFrom: [id("dad")] },
      wish("family"),
      {},
    ],
  ] as const)("a new wish narrows at once, never widens: %s", (_case, meta, w, expected) => {
    const narrowed = narrowByWish(
      item({ kind: "childs_voice", ...meta, withheldFrom: [...meta.withheldFrom] }),
      {
        ...w,
        notShownTo: [...w.notShownTo],
      },
    );
    expect(narrowed.changes).toEqual(expected);
  });

  it("a wider wish the chair confirms undoes only what her wishes withheld", () => {
    const entry: VoiceEntry = {
      contentId: id("item"),
      form: "words",
      title: "",
      youngPersonId: id("yp"),
      file: null,
      wish: wish("family"),
      wishBy: id("yp"),
      wishWithheld: [id("dad")],
      confirmed: null,
    };
    const meta = item({ kind: "childs_voice", withheldFrom: [id("dad"), id("mum")] });
    expect(confirmedVisibility(meta, entry)).toEqual({
      audience: "family",
      withheldFrom: [id("mum")],
      forYoungPeople: true,
    });
  });

  it("keeps a young person's words from the other side of a split conference", () => {
    const s = room();
    out(s, "dad", "family_conflict");
    const c = voice(s, "yp", write() as never);
    expect(s.content[c]!.withheldFrom).toEqual([id("dad")]);
    // And held from him, being made while he is out.
    expect(s.content[c]!.heldFrom).toEqual([id("dad")]);
  });

  it("a wish changed by a parent or a professional who did not write it is refused", () => {
    const s = room();
    const c = voice(s, "yp", write() as never);
    for (const who of ["mum", "police", "advocate"]) {
      const v = can(s, id(who), { type: "voice.wish", contentId: c, wish: wish("professionals") });
      expect(v.ok ? "ok" : v.error.code, who).toBe("forbidden");
    }
    for (const who of ["yp", "ypadv", "chair"])
      expect(can(s, id(who), { type: "voice.wish", contentId: c, wish: wish("family") }).ok).toBe(true);
    const d = decideWish(
      s,
      id("yp"),
      { type: "voice.wish", contentId: c, wish: wish("family", [id("mum")]) },
      70,
    );
    expect(d.events.map((e) => e.type)).toEqual(["voice.wished", "content.changed"]);
    const missing = can(s, id("chair"), { type: "voice.confirm", contentId: id("nothing") });
    expect(missing.ok ? "ok" : missing.error.code).toBe("content_not_found");
  });
});

describe("who may fetch a child's voice file", () => {
  function withFile(s: RoomState, meta: Partial<Parameters<typeof item>[0]> = {}): string {
    const contentId = id("file");
    s.content[contentId] = item({
      id: contentId,
      kind: "childs_voice",
      authorId: id("yp"),
      voiceOf: id("yp"),
      ...meta,
    });
    s.childsVoice[contentId] = {
      contentId,
      form: "picture",
      title: "",
      youngPersonId: id("yp"),
      file: { mime: "image/png", size: 10 },
      wish: wish("family"),
      wishBy: id("yp"),
      wishWithheld: [],
      confirmed: null,
    };
    return contentId;
  }
  it.each([
    ["the young person", "yp", {}, true],
    ["her advocate", "ypadv", {}, true],
    ["the chair", "chair", {}, true],
    ["an observer", "observer", {}, true],
    ["mum, before it is shared", "mum", {}, false],
    ["mum, once shared", "mum", { audience: "family" }, true],
    ["mum's advocate, once shared", "advocate", { audience: "family" }, true],
    ["dad, shared but withheld from him", "dad", { audience: "family", withheldFrom: [id("dad")] }, false],
    [
      "dad's interpreter, withheld from dad",
      "interp",
      { audience: "family", withheldFrom: [id("dad")] },
      false,
    ],
    ["anyone, once removed", "chair", { removed: true }, false],
    ["a supporter attached to a professional", "lost", { audience: "family" }, false],
  ] as [string, string, Partial<ContentMeta>, boolean][])("%s", (_case, who, meta, expected) => {
    const s = room();
    const contentId = withFile(s, meta);
    expect(mayOpenVoiceFile(s, id(who), contentId)).toBe(expected);
  });

  it("refuses someone out of the meeting or not in the room, and ids that are not files", () => {
    const s = room();
    const contentId = withFile(s, { audience: "family" });
    out(s, "mum", "interference");
    expect(mayOpenVoiceFile(s, id("mum"), contentId)).toBe(false);
    expect(mayOpenVoiceFile(s, id("advocate"), contentId)).toBe(false);
    s.attendance[id("police")]!.presence = "lobby";
    expect(mayOpenVoiceFile(s, id("police"), contentId)).toBe(false);
    expect(mayOpenVoiceFile(s, id("chair"), "__proto__")).toBe(false);
    expect(mayOpenVoiceFile(s, id("chair"), "constructor")).toBe(false);
    s.content[id("item")] = item();
    expect(mayOpenVoiceFile(s, id("chair"), id("item"))).toBe(false);
  });
});

describe("file types, from the bytes", () => {
  it.each([
    ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], "image/png"],
    ["JPEG", [0xff, 0xd8, 0xff, 0xe0], "image/jpeg"],
    ["PDF", [...Buffer.from("%PDF-1.7")], "application/pdf"],
    ["a PNG cut short", [0x89, 0x50, 0x4e, 0x47], undefined],
    ["SVG", [...Buffer.from("<svg xmlns=")], undefined],
    ["HTML", [...Buffer.from("<!doctype html>")], undefined],
    ["GIF", [...Buffer.from("GIF89a")], undefined],
    ["nothing", [], undefined],
  ])("%s", (_case, bytes, expected) => {
    expect(sniffFileType(new Uint8Array(bytes))).toBe(expected);
  });

  it("names a download after its form and type, never after the sender", () => {
    expect(fileNameFor("application/pdf", "letter")).toBe("letter.pdf");
    expect(fileNameFor("image/jpeg", "picture")).toBe("picture.jpg");
  });
});

describe("the order of a family member's items", () => {
  it("is their rank among what they see: no gap, no time, tells of an item hidden from them", () => {
    const s = room();
    const add = (name: string, createdAt: number, overrides: Partial<ContentMeta> = {}) => {
      s.content[id(name)] = item({
        id: id(name),
        createdAt,
        changedAt: createdAt,
        audience: "family",
        ...overrides,
      });
    };
    add("a", 1_000);
    add("hidden", 2_000, { audience: "professionals" });
    add("b", 3_000);
    add("x", 4_000);
    // The chair moved x before b: a midpoint between b and the hidden item before it.
    s.order[id("x")] = 2_500;
    const mum = familyItems(s, id("mum"));
    expect([...mum].map(([key, f]) => [key, f.position])).toEqual([
      [id("a"), 0],
      [id("b"), 2],
      [id("x"), 1],
    ]);
    // The professionals' own order is the same, with the hidden item in it.
    const sorted = Object.values(s.content)
      .sort((p, q) => (s.order[p.id] ?? p.createdAt) - (s.order[q.id] ?? q.createdAt))
      .map((m) => m.id);
    expect(sorted).toEqual([id("a"), id("hidden"), id("x"), id("b")]);
  });
});
