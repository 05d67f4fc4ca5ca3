import { type FormEvent, type ReactNode, useState } from "react";
import { DECISION_LIMITS } from "../../../../shared/decision";
import { isTooLong, tooLongError } from "../../../../shared/textLimits";
import { Button } from "../../components/Button";
import { CommandError } from "../CommandError";
import { ScoreRadios, TextArea } from "./fields";
import type { Refusal } from "./useChildCommand";

/**
 * A safety scale with its reason: the person's own, a family member's, or one the chair or minute
 * taker enters for someone in the room. Empty fields are explained before anything is sent; the
 * server's refusal is shown beside the field it is about.
 */
export function ScaleForm({
  id,
  label,
  legend,
  reasonLabel,
  reasonHint,
  submit,
  initial,
  busy,
  refusal,
  onSubmit,
  before,
  zero,
  ten,
}: {
  id: string;
  /** The form's name for assistive technology ("Give my scale for Amy Example"). */
  label: string;
  legend: ReactNode;
  reasonLabel: ReactNode;
  reasonHint?: ReactNode;
  submit: string;
  initial?: { score: number; reason: string } | null;
  busy: boolean;
  refusal: Refusal | null;
  onSubmit: (score: number, reason: string) => Promise<boolean>;
  /** Fields above the scale (who it is for). */
  before?: ReactNode;
  zero?: string;
  ten?: string;
}) {
  const [score, setScore] = useState(initial ? String(initial.score) : "");
  const [reason, setReason] = useState(initial?.reason ?? "");
  const [errors, setErrors] = useState<{ score?: string; reason?: string }>({});
  const [saved, setSaved] = useState(false);
  const server = {
    score: refusal?.code === "scale_out_of_range" ? refusal.text : undefined,
    reason: refusal?.code === "scale_reason_required" ? refusal.text : undefined,
  };
  const general = refusal && !server.score && !server.reason ? refusal.text : null;
  const handle = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const next = {
      ...(score === "" ? { score: "Choose a number from 0 to 10" } : {}),
      ...(!reason.trim()
        ? { reason: "Give a reason for the scale" }
        : isTooLong(reason, DECISION_LIMITS.scaleReason)
          ? { reason: tooLongError("The reason", DECISION_LIMITS.scaleReason) }
          : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    if (await onSubmit(Number(score), reason.trim())) setSaved(true);
  };
  return (
    <form onSubmit={handle} noValidate aria-label={label} className="mt-[15px]">
      {before}
      <ScoreRadios
        id={`${id}-score`}
        legend={legend}
        value={score}
        onChange={(v) => {
          setScore(v);
          setSaved(false);
        }}
        error={errors.score ?? server.score}
        zero={zero}
        ten={ten}
      />
      <TextArea
        id={`${id}-reason`}
        label={reasonLabel}
        hint={reasonHint}
        value={reason}
        onChange={(v) => {
          setReason(v);
          setSaved(false);
        }}
        error={errors.reason ?? server.reason}
        max={DECISION_LIMITS.scaleReason}
      />
      <CommandError text={general} />
      {saved ? (
        <p role="status" className="mb-[15px] type-body font-bold">
          Saved.
        </p>
      ) : null}
      <Button type="submit" disabled={busy}>
        {submit}
      </Button>
    </form>
  );
}
