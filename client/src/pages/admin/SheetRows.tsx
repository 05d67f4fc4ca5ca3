import type { ReactNode } from "react";
import { ROLE_LABEL, type Role } from "../../../../shared/domain";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Select } from "../../components/Select";
import { TextInput } from "../../components/TextInput";
import {
  type ChildRow,
  childFieldId,
  type InviteeRow,
  inviteeFieldId,
  ROLE_OPTIONS,
  showsAgency,
  showsDirectContact,
  showsSupports,
} from "./sheet";

/** One repeated group of the sheet: a bordered box with a legend and a Remove button. */
function RowBox({
  legend,
  onRemove,
  removeLabel,
  children,
}: {
  legend: string;
  onRemove: (() => void) | undefined;
  removeLabel: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="mb-5 min-w-0 border-2 border-border px-[15px] pt-[10px] pb-0 tablet:px-5">
      <legend className="px-[5px] type-s">{legend}</legend>
      {children}
      {onRemove ? (
        <Button variant="secondary" className="mb-5" onClick={onRemove}>
          Remove<span className="sr-only"> {removeLabel}</span>
        </Button>
      ) : null}
    </fieldset>
  );
}

export function ChildFields({
  row,
  index,
  error,
  onChange,
  onRemove,
}: {
  row: ChildRow;
  index: number;
  error: (fieldId: string) => string | undefined;
  onChange: (patch: Partial<ChildRow>) => void;
  onRemove?: () => void;
}) {
  const id = (field: string) => childFieldId(index, field);
  const n = index + 1;
  return (
    <RowBox legend={`Child ${n}`} onRemove={onRemove} removeLabel={`child ${n}`}>
      <TextInput
        id={id("name")}
        label="Full name"
        value={row.name}
        onChange={(name) => onChange({ name })}
        error={error(id("name"))}
        autoComplete="off"
        width="20"
      />
      <TextInput
        id={id("dateOfBirth")}
        label="Date of birth"
        hint="Leave empty for an unborn child."
        type="date"
        value={row.dateOfBirth}
        onChange={(dateOfBirth) => onChange({ dateOfBirth })}
        error={error(id("dateOfBirth"))}
        width="10"
      />
      <TextInput
        id={id("expectedDate")}
        label="Expected date of birth"
        hint="For an unborn child."
        type="date"
        value={row.expectedDate}
        onChange={(expectedDate) => onChange({ expectedDate })}
        error={error(id("expectedDate"))}
        width="10"
      />
      <Checkbox
        id={id("subject")}
        label="Subject of this conference"
        hint="Untick for another child in the household who is not a subject."
        checked={row.subject}
        onChange={(subject) => onChange({ subject })}
        error={error(id("subject"))}
      />
    </RowBox>
  );
}

export function InviteeFields({
  row,
  index,
  family,
  allRows,
  error,
  onChange,
  onRemove,
}: {
  row: InviteeRow;
  index: number;
  /** The family members on the sheet (other than this row) this person could be with. */
  family: InviteeRow[];
  allRows: InviteeRow[];
  error: (fieldId: string) => string | undefined;
  onChange: (patch: Partial<InviteeRow>) => void;
  onRemove?: () => void;
}) {
  const id = (field: string) => inviteeFieldId(index, field);
  const n = index + 1;
  const nameOf = (r: InviteeRow) => {
    const name = r.name.trim() || `Person ${allRows.indexOf(r) + 1}`;
    return r.role ? `${name} (${ROLE_LABEL[r.role]})` : name;
  };
  return (
    <RowBox legend={`Person ${n}`} onRemove={onRemove} removeLabel={`person ${n}`}>
      <TextInput
        id={id("name")}
        label="Full name"
        value={row.name}
        onChange={(name) => onChange({ name })}
        error={error(id("name"))}
        autoComplete="off"
        width="20"
      />
      <Select
        id={id("role")}
        label="Role"
        placeholder="Choose a role"
        options={ROLE_OPTIONS}
        value={row.role}
        onChange={(role) => onChange({ role: role as Role | "" })}
        error={error(id("role"))}
      />
      {showsAgency(row.role) ? (
        <TextInput
          id={id("agency")}
          label={row.role === "professional" ? "Agency" : "Agency (optional)"}
          hint={
            row.role === "social_worker" || row.role === "team_manager"
              ? "Social workers and team managers count as Children's social care."
              : "For example: Police, Health visiting, School."
          }
          value={row.agency}
          onChange={(agency) => onChange({ agency })}
          error={error(id("agency"))}
          width="20"
        />
      ) : null}
      {showsDirectContact(row.role) ? (
        <Checkbox
          id={id("directContact")}
          label="Their agency has had direct contact with the child"
          hint="This counts towards the conference being quorate."
          checked={row.directContact}
          onChange={(directContact) => onChange({ directContact })}
          error={error(id("directContact"))}
        />
      ) : null}
      {showsSupports(row.role) ? (
        <Select
          id={id("supports")}
          label="Who are they with?"
          hint={
            family.length === 0
              ? "Add the parent, carer or young person they are with to the invite list first."
              : "They hear what this person hears."
          }
          placeholder="Choose a family member"
          options={family.map((f) => ({ value: f.key, label: nameOf(f) }))}
          value={family.some((f) => f.key === row.supports) ? row.supports : ""}
          onChange={(supports) => onChange({ supports })}
          error={error(id("supports"))}
        />
      ) : null}
    </RowBox>
  );
}
