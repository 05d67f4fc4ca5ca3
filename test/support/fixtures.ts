import type { ConferenceInput } from "../../shared/domain";

/** A small but complete convening sheet for tests. */
export function sampleConference(overrides: Partial<ConferenceInput> = {}): ConferenceInput {
  return {
    kind: "icpc",
    title: "Conference for the Example family",
    scheduledStart: "2026-12-01T10:00:00Z",
    policyProfile: "haringey",
    children: [
      { name: "Amy Example", dateOfBirth: "2016-04-02", subject: true },
      { name: "Ben Example", dateOfBirth: "2020-01-15", subject: true },
    ],
    invitees: [
      { name: "Chris Chair", role: "chair" },
      { name: "Mina Minutes", role: "minute_taker" },
      { name: "Sally Social", role: "social_worker", directContact: true },
      { name: "PC Lee", role: "professional", agency: "Police", directContact: true },
      { name: "Hana Health", role: "professional", agency: "Health visiting", directContact: true },
      { ref: "mum", name: "Jo Example", role: "parent" },
      { ref: "dad", name: "Dan Example", role: "parent" },
      { name: "Ava Advocate", role: "advocate", supports: "mum" },
    ],
    ...overrides,
  };
}
