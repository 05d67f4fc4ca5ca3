import { type FormEvent, useState } from "react";
import { ROLE_LABEL } from "../../../shared/domain";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import { Button } from "../components/Button";
import { Checkbox } from "../components/Checkbox";
import { Select } from "../components/Select";
import { TextInput } from "../components/TextInput";
import { CommandError } from "./CommandError";
import { useCommand } from "./useCommand";

const ROLES = [
  "professional",
  "social_worker",
  "team_manager",
  "observer",
  "parent",
  "carer",
  "young_person",
] as const;
type AddRole = (typeof ROLES)[number];

/** Add someone who is in the room without a device of their own (hybrid meetings). */
export function AddInRoom() {
  const cmd = useCommand();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [role, setRole] = useState<AddRole>("professional");
  const [agency, setAgency] = useState("");
  const [direct, setDirect] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; agency?: string }>({});
  if (!open)
    return (
      <Button variant="secondary" className="mt-[10px]" onClick={() => setOpen(true)}>
        Add someone in the room
      </Button>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      ...(!name.trim()
        ? { name: "Enter their name" }
        : isTooLong(name, TEXT_LIMITS.name)
          ? { name: tooLongError("The name", TEXT_LIMITS.name) }
          : {}),
      ...(role === "professional" && !agency.trim()
        ? { agency: "Enter the agency they work for" }
        : isTooLong(agency, TEXT_LIMITS.name)
          ? { agency: tooLongError("The agency", TEXT_LIMITS.name) }
          : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const ack = await cmd.run({
      type: "participant.addInRoom",
      name: name.trim(),
      role,
      ...(agency.trim() ? { agency: agency.trim() } : {}),
      directContact: direct,
    });
    if (ack.ok) {
      setOpen(false);
      setName("");
      setAgency("");
      setDirect(false);
    }
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="add-in-room"
      className="mt-[15px] border-l-[5px] border-border pl-[10px]"
    >
      <h3 id="add-in-room" className="mb-[10px] type-s">
        Add someone in the room
      </h3>
      <TextInput
        id="add-name"
        label="Name"
        value={name}
        onChange={setName}
        error={errors.name}
        max={TEXT_LIMITS.name}
      />
      <Select
        id="add-role"
        label="Role"
        value={role}
        onChange={(v) => setRole(v as AddRole)}
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
      />
      {role === "professional" ? (
        <TextInput
          id="add-agency"
          label="Agency"
          value={agency}
          onChange={setAgency}
          error={errors.agency}
          max={TEXT_LIMITS.name}
        />
      ) : null}
      {role === "professional" || role === "social_worker" ? (
        <Checkbox
          id="add-direct"
          label="Has direct contact with the children"
          checked={direct}
          onChange={setDirect}
        />
      ) : null}
      <CommandError text={cmd.error} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={cmd.busy}>
          Add to the register
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
