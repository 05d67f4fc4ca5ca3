import { describe, expect, it } from "vitest";
import type { Role } from "../../shared/domain";
import { POLICY_PRESETS, type PolicyProfile, type PresetName } from "../../shared/policy";
import { agencyKey, assessQuorum, type QuorumAttendee } from "../../shared/quorum";

const CSC = "Children's social care";

function person(
  role: Role,
  agency?: string,
  opts: { direct?: boolean; present?: boolean } = {},
): QuorumAttendee {
  return { role, agency, directContact: opts.direct ?? true, present: opts.present ?? true };
}
const sw = (opts: { direct?: boolean; present?: boolean } = {}) => person("social_worker", undefined, opts);
const tm = (opts: { direct?: boolean; present?: boolean } = {}) => person("team_manager", undefined, opts);
const pro = (agency: string, opts: { direct?: boolean; present?: boolean } = {}) =>
  person("professional", agency, opts);

const standard: PolicyProfile = POLICY_PRESETS.hertfordshire;
const withQuorum = (minimumAgencies: number, requireChildrensSocialCare: boolean): PolicyProfile => ({
  ...standard,
  preset: "custom",
  quorum: { minimumAgencies, requireChildrensSocialCare },
});

describe("assessQuorum", () => {
  it.each([
    [
      "social care and two agencies",
      [sw(), pro("Police"), pro("Health visiting")],
      true,
      [CSC, "Health visiting", "Police"],
      0,
    ],
    ["social care and one agency", [sw(), pro("Police")], false, [CSC, "Police"], 1],
    [
      "social care and three agencies",
      [sw(), pro("Police"), pro("School"), pro("GP")],
      true,
      [CSC, "GP", "Police", "School"],
      0,
    ],
    [
      "three agencies without social care",
      [pro("Police"), pro("School"), pro("GP")],
      false,
      ["GP", "Police", "School"],
      1,
    ],
    ["two agencies without social care", [pro("Police"), pro("School")], false, ["Police", "School"], 1],
    ["one agency without social care", [pro("Police")], false, ["Police"], 2],
    ["nobody", [], false, [], 3],
    [
      "an agency without direct contact",
      [sw(), pro("Police"), pro("Housing", { direct: false })],
      false,
      [CSC, "Police"],
      1,
    ],
    [
      "an agency whose second professional has direct contact",
      [sw(), pro("Police"), pro("Housing", { direct: false }), pro("Housing")],
      true,
      [CSC, "Housing", "Police"],
      0,
    ],
    ["two police officers count once", [sw(), pro("Police"), pro("Police")], false, [CSC, "Police"], 1],
    [
      "agency names differing in case and spaces",
      [sw(), pro("Police"), pro("  police ")],
      false,
      [CSC, "Police"],
      1,
    ],
    [
      "a professional who left",
      [sw(), pro("Police"), pro("School", { present: false })],
      false,
      [CSC, "Police"],
      1,
    ],
    [
      "the social worker left",
      [sw({ present: false }), pro("Police"), pro("School")],
      false,
      ["Police", "School"],
      1,
    ],
    [
      "the team manager for social care",
      [tm(), pro("Police"), pro("School")],
      true,
      [CSC, "Police", "School"],
      0,
    ],
    ["social worker and team manager count once", [sw(), tm(), pro("Police")], false, [CSC, "Police"], 1],
    [
      "social care counts without the direct-contact flag",
      [sw({ direct: false }), pro("Police"), pro("School")],
      true,
      [CSC, "Police", "School"],
      0,
    ],
    [
      "a professional naming social care (curly apostrophe)",
      [pro("Children’s Social Care"), pro("Police"), pro("School")],
      true,
      [CSC, "Police", "School"],
      0,
    ],
    [
      "chair, minute taker, family, supporters and observers are not agencies",
      [
        sw(),
        pro("Police"),
        person("chair", "Safeguarding unit"),
        person("minute_taker", "Business support"),
        person("parent"),
        person("carer"),
        person("young_person"),
        person("advocate", "Advocacy service"),
        person("solicitor", "Law firm"),
        person("supporter"),
        person("interpreter", "Language line"),
        person("observer", "School"),
      ],
      false,
      [CSC, "Police"],
      1,
    ],
    [
      "a professional with no agency",
      [sw(), pro("Police"), person("professional")],
      false,
      [CSC, "Police"],
      1,
    ],
  ] as const)("%s", (_label, attendees, quorate, agencies, missing) => {
    const q = assessQuorum(standard, attendees);
    expect(q).toMatchObject({
      quorate,
      agencies: [...agencies],
      count: agencies.length,
      minimum: 3,
      socialCarePresent: (agencies as readonly string[]).includes(CSC),
      socialCareRequired: true,
      missing,
    });
  });

  it.each([
    [4, true, [sw(), pro("Police"), pro("School"), pro("GP")], true, 0],
    [4, true, [sw(), pro("Police"), pro("School")], false, 1],
    [4, true, [pro("Police"), pro("School"), pro("GP"), pro("Housing")], false, 1],
    [3, false, [pro("Police"), pro("School"), pro("GP")], true, 0],
    [3, false, [pro("Police"), pro("School")], false, 1],
    [2, true, [sw(), pro("Police")], true, 0],
    [1, true, [sw()], true, 0],
    [1, true, [pro("Police")], false, 1],
  ] as const)(
    "a custom minimum of %i (social care required: %s)",
    (minimum, required, attendees, quorate, missing) => {
      const q = assessQuorum(withQuorum(minimum, required), attendees);
      expect(q).toMatchObject({ quorate, minimum, missing, socialCareRequired: required });
    },
  );

  it.each(Object.keys(POLICY_PRESETS) as PresetName[])(
    "%s: social care and two agencies with direct contact",
    (preset) => {
      const profile = POLICY_PRESETS[preset];
      expect(assessQuorum(profile, [sw(), pro("Police"), pro("School")]).quorate).toBe(true);
      expect(assessQuorum(profile, [sw(), pro("Police")]).quorate).toBe(false);
      expect(assessQuorum(profile, [pro("GP"), pro("Police"), pro("School")]).quorate).toBe(false);
      expect(assessQuorum(profile, [sw(), pro("Police"), pro("School", { direct: false })]).quorate).toBe(
        false,
      );
    },
  );

  it.each([
    [
      [sw(), pro("Police"), pro("School")],
      /^Quorate\. 3 agencies with direct contact with the child are here \(/,
    ],
    [[sw(), pro("Police")], /^Not quorate: 1 more agency is needed\. 2 agencies .* are here/],
    [
      [sw()],
      /^Not quorate: 2 more agencies are needed\. 1 agency with direct contact with the child is here/,
    ],
    [[pro("Police"), pro("School")], /^Not quorate: children's social care is not here .*\. 2 agencies/],
    [[pro("Police")], /children's social care is not here .*, and 1 more agency is needed/],
    [[], /No agency with direct contact with the child is here/],
    [[sw(), pro("Police")], /social care and at least 2 other agencies.*You may still go ahead: record why/],
  ])("tells the chair why (%#)", (attendees, reason) => {
    expect(assessQuorum(standard, attendees).reason).toMatch(reason);
  });

  it("names the agencies that count in its reason", () => {
    const reason = assessQuorum(standard, [sw(), pro("Police"), pro("Housing", { direct: false })]).reason;
    expect(reason).toContain(`(${CSC}, Police)`);
    expect(reason).not.toContain("Housing");
  });
});

describe("agencyKey", () => {
  it.each([
    ["Police", "police", true],
    ["Health  visiting", " health visiting ", true],
    ["Children’s social care", "Children's social care", true],
    ["Police", "Probation", false],
    ["School nurse", "School", false],
  ])("%j and %j are the same agency: %s", (a, b, same) => {
    expect(agencyKey(a) === agencyKey(b)).toBe(same);
  });
});
