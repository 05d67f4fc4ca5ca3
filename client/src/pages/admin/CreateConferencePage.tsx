import { type FormEvent, useEffect, useRef, useState } from "react";
import { CONFERENCE_KIND_LABEL, type ConferenceKind } from "../../../../shared/domain";
import { POLICY_PRESETS, type PresetName } from "../../../../shared/policy";
import { Button } from "../../components/Button";
import { type ErrorItem, ErrorSummary } from "../../components/ErrorSummary";
import { describedBy, ErrorMessage, FormGroup } from "../../components/FormGroup";
import { Select } from "../../components/Select";
import { inputClass, TextInput } from "../../components/TextInput";
import { ApiError } from "../../lib/api";
import { errorWords } from "../../lib/errors";
import { navigate } from "../../lib/router";
import type { CreatedConference } from "../../lib/types";
import { useTitle } from "../../lib/useTitle";
import { useAdmin } from "./adminContext";
import { ChildFields, InviteeFields } from "./SheetRows";
import {
  type ChildRow,
  childFieldId,
  emptyChild,
  emptyInvitee,
  emptySheet,
  familyRows,
  fieldIdForIssue,
  type InviteeRow,
  inviteeFieldId,
  issueText,
  mapIssues,
  type SheetForm,
  toPayload,
} from "./sheet";

const KIND_OPTIONS = (Object.keys(CONFERENCE_KIND_LABEL) as ConferenceKind[]).map((k) => ({
  value: k,
  label: CONFERENCE_KIND_LABEL[k],
}));
const PRESET_OPTIONS = Object.values(POLICY_PRESETS).map((p) => ({ value: p.preset, label: p.name }));

/** The convening sheet: a new conference, its children and its invite list, in one request. */
export function CreateConferencePage() {
  const admin = useAdmin();
  const [form, setForm] = useState<SheetForm>(emptySheet);
  const [errors, setErrors] = useState<{ summary: ErrorItem[]; byField: Map<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  /** A control to focus after the next render (a row just added, or the add button after a removal). */
  const focusNext = useRef<string | null>(null);
  useTitle("Create a conference", errors !== null);

  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const err = (id: string) => errors?.byField.get(id);
  const update = (patch: Partial<SheetForm>) => setForm((f) => ({ ...f, ...patch }));
  const updateChild = (key: string, patch: Partial<ChildRow>) =>
    setForm((f) => ({ ...f, children: f.children.map((c) => (c.key === key ? { ...c, ...patch } : c)) }));
  const updateInvitee = (key: string, patch: Partial<InviteeRow>) =>
    setForm((f) => ({ ...f, invitees: f.invitees.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));

  const addChild = () => {
    focusNext.current = childFieldId(form.children.length, "name");
    setForm((f) => ({ ...f, children: [...f.children, emptyChild()] }));
  };
  const removeChild = (key: string) => {
    focusNext.current = "add-child";
    setForm((f) => ({ ...f, children: f.children.filter((c) => c.key !== key) }));
  };
  const addInvitee = () => {
    focusNext.current = inviteeFieldId(form.invitees.length, "name");
    setForm((f) => ({ ...f, invitees: [...f.invitees, emptyInvitee()] }));
  };
  const removeInvitee = (key: string) => {
    focusNext.current = "add-invitee";
    setForm((f) => ({ ...f, invitees: f.invitees.filter((r) => r.key !== key) }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const created = await admin.call<CreatedConference>("POST", "/api/admin/conferences", toPayload(form));
      admin.handOff(created.conference.id, created.links);
      navigate(`/admin/conferences/${created.conference.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        setErrors(
          mapIssues(
            e.issues,
            (path) => fieldIdForIssue(path, form),
            (issue) => issueText(issue, form),
          ),
        );
      } else {
        const words = e instanceof ApiError ? errorWords(e.code, e.message) : errorWords("network_error");
        setErrors({ summary: [{ text: words }], byField: new Map() });
      }
    } finally {
      setBusy(false);
    }
  };

  const startError = err("start-date") ?? err("start-time");
  const start = describedBy("start", "UK time.", startError);
  const family = familyRows(form);

  return (
    <div className="max-w-[640px]">
      {errors ? <ErrorSummary errors={errors.summary} /> : null}
      <h1 className="mb-[30px] type-l">Create a conference</h1>
      <p className="mb-[30px] type-body">
        Fill in the convening sheet. When you create the conference, Quorum makes one personal link for each
        person on the invite list. You will see each link once, to copy and send.
      </p>
      <form onSubmit={submit} noValidate>
        <h2 className="mb-5 type-m">About the conference</h2>
        <Select
          id="kind"
          label="Kind of conference"
          placeholder="Choose the kind of conference"
          options={KIND_OPTIONS}
          value={form.kind}
          onChange={(v) => update({ kind: v as ConferenceKind | "" })}
          error={err("kind")}
        />
        <TextInput
          id="title"
          label="Title"
          hint="Everyone invited sees this, the family too. For example: Conference for the Example family."
          value={form.title}
          onChange={(v) => update({ title: v })}
          error={err("title")}
          autoComplete="off"
        />
        <FormGroup error={startError}>
          <fieldset aria-describedby={start.describedBy}>
            <legend className="mb-[5px] type-body">When does it start?</legend>
            <div id="start-hint" className="mb-[15px] type-body text-secondary">
              UK time.
            </div>
            {startError ? <ErrorMessage id="start">{startError}</ErrorMessage> : null}
            <div className="flex flex-wrap gap-x-5 gap-y-3">
              <div>
                <label htmlFor="start-date" className="mb-[5px] block type-body">
                  Date
                </label>
                <input
                  id="start-date"
                  name="start-date"
                  type="date"
                  value={form.date}
                  onChange={(e) => update({ date: e.target.value })}
                  aria-invalid={Boolean(err("start-date")) || undefined}
                  className={`${inputClass(err("start-date") ?? (startError && !form.date))} w-auto min-w-[11em]`}
                />
              </div>
              <div>
                <label htmlFor="start-time" className="mb-[5px] block type-body">
                  Time
                </label>
                <input
                  id="start-time"
                  name="start-time"
                  type="time"
                  value={form.time}
                  onChange={(e) => update({ time: e.target.value })}
                  aria-invalid={Boolean(err("start-time")) || undefined}
                  className={`${inputClass(err("start-time") ?? (startError && !form.time))} w-auto min-w-[7em]`}
                />
              </div>
            </div>
          </fieldset>
        </FormGroup>
        <Select
          id="policy-profile"
          label="Policy profile"
          hint="The local procedures the conference follows: what makes it quorate, how the decision and category are made, and the deadlines for the record."
          placeholder="Choose a policy profile"
          options={PRESET_OPTIONS}
          value={form.policyProfile}
          onChange={(v) => update({ policyProfile: v as PresetName | "" })}
          error={err("policy-profile")}
        />

        <h2 className="mt-[30px] mb-[15px] type-m">Children</h2>
        <p className="mb-5 type-body text-secondary">
          All the children in the household. The conference makes a decision for each subject child.
        </p>
        {form.children.map((child, i) => (
          <ChildFields
            key={child.key}
            row={child}
            index={i}
            error={err}
            onChange={(patch) => updateChild(child.key, patch)}
            {...(form.children.length > 1 ? { onRemove: () => removeChild(child.key) } : {})}
          />
        ))}
        <Button id="add-child" variant="secondary" className="mb-[30px]" onClick={addChild}>
          Add another child
        </Button>

        <h2 className="mt-[30px] mb-[15px] type-m">Invite list</h2>
        <p className="mb-5 type-body text-secondary">
          Everyone who takes part, the chair first. Each person gets their own link. A supporter, advocate,
          solicitor or interpreter is with one family member and hears what that person hears.
        </p>
        {form.invitees.map((row, i) => (
          <InviteeFields
            key={row.key}
            row={row}
            index={i}
            family={family.filter((f) => f.key !== row.key)}
            allRows={form.invitees}
            error={err}
            onChange={(patch) => updateInvitee(row.key, patch)}
            {...(form.invitees.length > 1 ? { onRemove: () => removeInvitee(row.key) } : {})}
          />
        ))}
        <Button id="add-invitee" variant="secondary" className="mb-[30px]" onClick={addInvitee}>
          Add another person
        </Button>

        <div className="mt-5 border-t border-border pt-[30px]">
          <Button type="submit" disabled={busy}>
            Create conference and links
          </Button>
        </div>
      </form>
    </div>
  );
}
