import { describe, expect, it } from "vitest";
import { ClusterEvent, ToPrimary, ToWorker } from "../../server/cluster/messages";
import {
  ownerOf,
  parseRequestHead,
  type RequestRoute,
  routeOf,
  sameHostLocation,
} from "../../server/cluster/routing";

const CONF = "aSZb7YOaoJc41Hha-h9lTQ";
const PERSON = "7ifa5dzvypj9UgJU0IoPDQ";
const SECRET = "s".repeat(43);
const COOKIE = `quorum_device=d; quorum_session=${SECRET}`;

describe("routeOf: what decides a request's worker", () => {
  const cases: [string, string | undefined, RequestRoute][] = [
    [`/sync/${CONF}:professional`, undefined, { kind: "conference", conferenceId: CONF }],
    [`/sync/${CONF}:state?x=1`, COOKIE, { kind: "conference", conferenceId: CONF }],
    [`/sync/${CONF}%3Aview%3A${PERSON}`, COOKIE, { kind: "conference", conferenceId: CONF }],
    [`/sync/${CONF}:nothing`, COOKIE, { kind: "any" }],
    ["/sync/%E0%A4%A", COOKIE, { kind: "any" }],
    [`/api/admin/conferences/${CONF}/export`, undefined, { kind: "conference", conferenceId: CONF }],
    [`/api/admin/conferences/${CONF}`, undefined, { kind: "conference", conferenceId: CONF }],
    ["/api/admin/conferences", undefined, { kind: "any" }],
    ["/api/admin/conferences/short/export", undefined, { kind: "any" }],
    ["/api/conference/audit", COOKIE, { kind: "session", sessionSecret: SECRET }],
    ["/api/conference/childs-voice/x", COOKIE, { kind: "session", sessionSecret: SECRET }],
    ["/api/record/copy?format=pdf", COOKIE, { kind: "session", sessionSecret: SECRET }],
    ["/socket.io/?EIO=4&transport=websocket", COOKIE, { kind: "session", sessionSecret: SECRET }],
    ["/api/conference/audit", undefined, { kind: "any" }],
    ["/api/conference/audit", "quorum_device=d", { kind: "any" }],
    ["/api/conferences", COOKIE, { kind: "any" }],
    ["/api/session", COOKIE, { kind: "any" }],
    ["/assets/index.js", COOKIE, { kind: "any" }],
    ["/", COOKIE, { kind: "any" }],
    ["", undefined, { kind: "any" }],
  ];
  it.each(cases)("%s (cookie %s)", (url, cookie, route) => {
    expect(routeOf(url, cookie)).toEqual(route);
  });
});

describe("sameHostLocation: a refused request is sent to its own path, never elsewhere", () => {
  it.each([
    ["/api/conference/audit", "/api/conference/audit"],
    ["/api/record/copy?format=pdf&x=%20", "/api/record/copy?format=pdf&x=%20"],
    ["//evil.example/x", "/"],
    ["/\\evil.example/x", "/"],
    ["https://evil.example/", "/"],
    ["/api/a b", "/"],
    ["/api/\u00e9", "/"],
    ["", "/"],
  ])("%j -> %j", (url, location) => {
    expect(sameHostLocation(url)).toBe(location);
  });
});

describe("ownerOf", () => {
  it("is stable, in range, and spreads ids over the workers", () => {
    expect(ownerOf(CONF, 2)).toBe(ownerOf(CONF, 2));
    expect(ownerOf(CONF, 1)).toBe(0);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[ownerOf(`conference-${i}`, 3)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
  it.each([
    ["", 2, 1],
    ["127.0.0.1", 2, ownerOf("127.0.0.1", 2)],
  ])("ownerOf(%j, %i) is %i", (id, n, owner) => {
    expect(ownerOf(id, n)).toBe(owner);
  });
});

describe("parseRequestHead", () => {
  const cases: [string, ReturnType<typeof parseRequestHead>][] = [
    ["GET / HTTP/1.1\r\nHost: x\r\n", undefined],
    ["GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n", { url: "/a?b", cookie: undefined }],
    ["POST /api/session HTTP/1.0\r\nCookie: a=1\r\n\r\n{}", { url: "/api/session", cookie: "a=1" }],
    ["GET / HTTP/1.1\r\ncookie:a=1\r\nCOOKIE: b=2\r\n\r\n", { url: "/", cookie: "a=1; b=2" }],
    ["garbage\r\n\r\n", { url: "", cookie: undefined }],
    ["GET  / HTTP/1.1\r\n\r\n", { url: "", cookie: undefined }],
  ];
  it.each(cases)("%j", (head, parsed) => {
    expect(parseRequestHead(Buffer.from(head, "latin1"))).toEqual(parsed);
  });
});

describe("IPC messages", () => {
  it.each([
    [ToWorker, { type: "quorum:connection", head: Buffer.from("GET /").toString("base64") }, true],
    [ToWorker, { type: "quorum:connection", head: "not base64!" }, false],
    [ToWorker, { type: "quorum:event", event: { kind: "sessions.ended", sessionIds: ["a"] } }, true],
    [ToWorker, { type: "quorum:event", event: { kind: "sessions.ended" } }, false],
    [ToWorker, { type: "other" }, false],
    [ToPrimary, { type: "quorum:ready" }, true],
    [ToPrimary, { type: "quorum:event", event: { kind: "conference.changed", conferenceId: CONF } }, true],
    [ToPrimary, { type: "quorum:event", event: { kind: "device.refused", conferenceId: CONF } }, false],
    [ToPrimary, null, false],
  ] as const)("%#: parses as expected", (schema, message, ok) => {
    expect(schema.safeParse(message).success).toBe(ok);
  });
  it("bounds what a session end may carry", () => {
    const many = Array.from({ length: 10_001 }, (_, i) => String(i));
    expect(ClusterEvent.safeParse({ kind: "sessions.ended", sessionIds: many }).success).toBe(false);
  });
});
