import { type FormEvent, useState } from "react";
import { isFamilyRole, type Participant, ROLE_LABEL, type Role } from "../../../../shared/domain";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { type ErrorItem, ErrorSummary } from "../../components/ErrorSummary";
import { Select } from "../../components/Select";
import { TextInput } from "../../components/TextInput";
import { ApiError, type ApiIssue } from "../../lib/api";
import { errorWords } from "../../lib/errors";
import type { JoinLink } from "../../lib/types";
import { useAdmin } from "./adminContext";
import { compose, mapIssues, ROLE_OPTIONS, showsAgency, showsDirectContact, showsSupports } from "./sheet";

const FIELDS = new Set(["name", "role", "agency", "directContact", "supports"]);

function fieldFor(path: string, role: Role | ""): string | undefined {
  const field = path.split(".")[0] ?? "";
  if (!FIELDS.has(field)) return undefined;
  if (field === "supports" && !showsSupports(role)) return "add-role";
  if (field === "agency" && !showsAgency(role)) return "add-role";
  return `add-${field}`;
}

function textFor(issue: ApiIssue): string {
  const field = issue.path.split(".")[0];
  if (field === "name" && /required/.test(issue.message)) return "Enter the name of the person to add";
  if (field === "role") return "Choose a role for the person to add";
  if (field === "agency") return "Enter the agency they work for";
  if (field === "supports") return "Choose the family member they are with";
  return compose(field ? field.charAt(0).toUpperCase() + field.slice(1) : "The form", issue.message);
}

/** Someone missing from the invite list: added with their own new link. */
export function AddParticipantForm({
  conferenceId,
  participants,
  onAdded,
}: {
  conferenceId: string;
  participants: Participant[];
  onAdded: (participant: Participant, link: JoinLink | null) => void;
}) {
  const admin = useAdmin();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [agency, setAgency] = useState("");
  const [directContact, setDirectContact] = useState(false);
  const [supports, setSupports] = useState("");
  const [errors, setErrors] = useState<{ summary: ErrorItem[]; byField: Map<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);

  const family = participants.filter((p) => isFamilyRole(p.role));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const body = {
        name,
        role,
        ...(showsAgency(role) && agency.trim() ? { agency } : {}),
        ...(showsDirectContact(role) ? { directContact } : {}),
        ...(showsSupports(role) && supports ? { supports } : {}),
      };
      const res = await admin.call<{ participant: Participant; link: JoinLink | null }>(
        "POST",
        `/api/admin/conferences/${conferenceId}/participants`,
        body,
      );
      setErrors(null);
      setName("");
      setRole("");
      setAgency("");
      setDirectContact(false);
      setSupports("");
      onAdded(res.participant, res.link);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        setErrors(mapIssues(e.issues, (path) => fieldFor(path, role), textFor));
      } else {
        const words = e instanceof ApiError ? errorWords(e.code, e.message) : errorWords("network_error");
        setErrors({ summary: [{ text: words }], byField: new Map() });
      }
    } finally {
      setBusy(false);
    }
  };

  const err = (id: string) => errors?.byField.get(id);
  return (
    <section aria-labelledby="add-heading" className="mt-10 max-w-[640px] border-t border-border pt-[30px]">
      {errors ? <ErrorSummary errors={errors.summary} /> : null}
      <h2 id="add-heading" className="mb-[15px] type-m">
        Add someone
      </h2>
      <p className="mb-5 type-body text-secondary">They get their own link, shown once when you add them.</p>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="add-name"
          label="Full name"
          value={name}
          onChange={setName}
          error={err("add-name")}
          width="20"
        />
        <Select
          id="add-role"
          label="Role"
          placeholder="Choose a role"
          options={ROLE_OPTIONS}
          value={role}
          onChange={(v) => setRole(v as Role | "")}
          error={err("add-role")}
        />
        {showsAgency(role) ? (
          <TextInput
            id="add-agency"
            label={role === "professional" ? "Agency" : "Agency (optional)"}
            hint="For example: Police, Health visiting, School."
            value={agency}
            onChange={setAgency}
            error={err("add-agency")}
            width="20"
          />
        ) : null}
        {showsDirectContact(role) ? (
          <Checkbox
            id="add-directContact"
            label="Their agency has had direct contact with the child"
            hint="This counts towards the conference being quorate."
            checked={directContact}
            onChange={setDirectContact}
            error={err("add-directContact")}
          />
        ) : null}
        {showsSupports(role) ? (
          <Select
            id="add-supports"
            label="Who are they with?"
            hint={
              family.length === 0
                ? "There is no parent, carer or young person on the invite list yet."
                : "They hear what this person hears."
            }
            placeholder="Choose a family member"
            options={family.map((p) => ({ value: p.id, label: `${p.name} (${ROLE_LABEL[p.role]})` }))}
            value={supports}
            onChange={setSupports}
            error={err("add-supports")}
          />
        ) : null}
        <Button type="submit" disabled={busy}>
          Add and make their link
        </Button>
      </form>
    </section>
  );
}
