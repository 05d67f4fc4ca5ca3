import { describe, expect, it } from "vitest";
import { emptyInvitee, emptySheet, issueText } from "../../client/src/pages/admin/sheet";
import { ConferenceInput, InviteeInput } from "../../shared/domain";

/** The convening sheet's error summary words the server's issues for the field they are about. */
describe("issueText for an invitee's agency", () => {
  const form = emptySheet();
  form.invitees = [emptyInvitee("chair"), { ...emptyInvitee("social_worker"), name: "Jo Bloggs" }];

  /** The message the shared schema gives an invitee with this agency. */
  const schemaMessage = (agency: string) => {
    const parsed = InviteeInput.safeParse({ name: "Jo Bloggs", role: "social_worker", agency });
    if (parsed.success) throw new Error("expected a refusal");
    return parsed.error.issues[0]!.message;
  };

  it.each([
    [
      "missing (the sheet's own rule)",
      "a professional must name their agency",
      "Enter the agency Jo Bloggs (person 2) works for",
    ],
    [
      "too long",
      schemaMessage("x".repeat(201)),
      "The agency of Jo Bloggs (person 2) must be at most 200 characters",
    ],
  ])("%s", (_case, message, expected) => {
    expect(issueText({ path: "invitees.1.agency", message }, form)).toBe(expected);
  });
});

describe("issueText for a pre-birth conference without an unborn child", () => {
  const preBirth = (child: Record<string, unknown>) =>
    ConferenceInput.safeParse({
      kind: "pre_birth",
      title: "Baby Example",
      scheduledStart: "2026-12-10T10:00:00Z",
      policyProfile: "haringey",
      children: [child],
    });

  it("asks for the expected date of birth", () => {
    const parsed = preBirth({ name: "Amy", dateOfBirth: "2020-01-01" });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join(".") === "children")!;
    expect(issueText({ path: "children", message: issue.message }, emptySheet())).toBe(
      "Enter the expected date of birth of the unborn child: a pre-birth conference is about them",
    );
    expect(preBirth({ name: "Baby", expectedDate: "2027-02-01" }).success).toBe(true);
  });
});
