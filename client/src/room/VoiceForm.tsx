import { type FormEvent, useId, useRef, useState } from "react";
import { type VoiceForm as Form, VOICE_MAX_BYTES, VOICE_TITLE_LIMIT } from "../../../shared/childsVoice";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import { Button } from "../components/Button";
import { CharacterCount, countInfoId } from "../components/CharacterCount";
import { errorWords } from "../lib/errors";
import { CommandError } from "./CommandError";
import { useCommand } from "./useCommand";

/** Where a child's voice file is fetched from; the server decides whether this person may. */
export function voiceFileUrl(contentId: string): string {
  return `/api/conference/childs-voice/${encodeURIComponent(contentId)}/file`;
}

export interface VoiceFormPerson {
  id: string;
  name: string;
}

/** The words of the form: the young person's own, or a professional's bringing them for a child. */
const WORDS = {
  self: {
    legend: "What do you want to add?",
    words: "Some words",
    letter: "A letter",
    picture: "A picture or drawing",
    title: "Give it a name (you do not have to)",
    text: "What you want to say",
    file: "Choose the file",
    fileHint: "A photo (PNG or JPEG) or a PDF, up to 5 MB.",
    who: "Who do you want to see it?",
    family: "Everyone at the meeting, my family too",
    professionals: "Only the professionals, not my family",
    notShown: "Keep it from (you do not have to choose anyone)",
    submit: "Send",
    sent: "Thank you. The chair will check who can see it.",
  },
  for: {
    legend: "What are you adding?",
    words: "Their words",
    letter: "A letter",
    picture: "A picture or drawing",
    title: "Title (optional)",
    text: "Their views, in their words",
    file: "File",
    fileHint: "PNG, JPEG or PDF, up to 5 MB.",
    who: "Who do they want to see it?",
    family: "Everyone in the meeting, the family too",
    professionals: "Only the professionals",
    notShown: "Not shown to",
    submit: "Add the child's views",
    sent: "Added. It is for the professionals until the chair confirms who can see it.",
  },
} as const;

/**
 * Bring the child's voice into the meeting: words, a letter or a picture, and who the young person
 * wants to see it (`mode: "self"` for the young person or the person with them; `"for"` for the
 * social worker or the chair, who say whose views they are). Words go as a command; a file is
 * uploaded to the server, which checks its type from its bytes.
 */
export function VoiceForm({
  mode,
  family,
  speakers = [],
  household = [],
}: {
  mode: "self" | "for";
  /** Parents and carers the young person may keep it from. */
  family: VoiceFormPerson[];
  /** For a professional: the young people taking part. */
  speakers?: VoiceFormPerson[];
  /** For a professional: the children of the household (for a child who is not taking part). */
  household?: VoiceFormPerson[];
}) {
  const id = useId();
  const w = WORDS[mode];
  const cmd = useCommand();
  const fileRef = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState<Form | "">("");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [whose, setWhose] = useState("");
  const [audience, setAudience] = useState<"family" | "professionals" | "">("");
  const [notShownTo, setNotShownTo] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  const reset = () => {
    setForm("");
    setTitle("");
    setText("");
    setFile(null);
    setWhose("");
    setAudience("");
    setNotShownTo([]);
    if (fileRef.current) fileRef.current.value = "";
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    setUploadError(null);
    const next: Record<string, string> = {};
    if (!form) next.form = mode === "self" ? "Choose what you want to add" : "Choose what you are adding";
    if (form === "words" && !text.trim())
      next.text = mode === "self" ? "Write what you want to say" : "Enter their views";
    else if (form === "words" && isTooLong(text, TEXT_LIMITS.voice))
      next.text = tooLongError(mode === "self" ? "What you want to say" : "Their views", TEXT_LIMITS.voice);
    if (isTooLong(title, VOICE_TITLE_LIMIT))
      next.title = tooLongError(mode === "self" ? "The name" : "The title", VOICE_TITLE_LIMIT);
    if ((form === "letter" || form === "picture") && !file) next.file = "Choose a file";
    if (file && file.size > VOICE_MAX_BYTES) next.file = "The file must be smaller than 5 MB";
    if (mode === "for" && !whose) next.whose = "Choose whose views these are";
    if (!audience)
      next.audience = mode === "self" ? "Choose who you want to see it" : "Choose who they want to see it";
    setErrors(next);
    if (Object.keys(next).length > 0 || !form || !audience) return;
    const [kind, personId] = whose.split(":");
    const about = {
      title: title.trim(),
      youngPersonId: kind === "yp" ? (personId ?? null) : null,
      children: kind === "child" && personId ? [personId] : [],
    };
    const wish = { audience, notShownTo: audience === "family" ? notShownTo : [] };
    if (form === "words") {
      const ack = await cmd.run({ type: "voice.write", text: text.trim(), ...about, wish });
      if (ack.ok) {
        reset();
        setSent(true);
      }
      return;
    }
    if (!file) return;
    const query = new URLSearchParams({ form, audience, title: about.title });
    if (about.youngPersonId) query.set("youngPersonId", about.youngPersonId);
    if (about.children.length > 0) query.set("children", about.children.join(","));
    if (wish.notShownTo.length > 0) query.set("notShownTo", wish.notShownTo.join(","));
    setBusy(true);
    try {
      const res = await fetch(`/api/conference/childs-voice?${query}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": file.type || "application/octet-stream" },
        body: file,
      });
      if (res.ok) {
        reset();
        setSent(true);
      } else {
        const body = (await res.json().catch(() => null)) as {
          error?: { code?: string; message?: string };
        } | null;
        const code = body?.error?.code ?? "internal";
        setUploadError(
          code === "unsupported_media_type"
            ? "The file must be a photo (PNG or JPEG) or a PDF."
            : code === "payload_too_large"
              ? "The file must be smaller than 5 MB."
              : code === "conflict" || code === "validation_failed" || code === "forbidden"
                ? (body?.error?.message ?? errorWords(code))
                : errorWords(code, body?.error?.message),
        );
      }
    } catch {
      setUploadError(errorWords("network_error"));
    } finally {
      setBusy(false);
    }
  };

  const err = (key: string) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="mb-[10px] type-body font-bold text-error">
        <span className="sr-only">Error: </span>
        {errors[key]}
      </p>
    ) : null;
  const group = (key: string) => `mb-[20px] ${errors[key] ? "border-l-[5px] border-error pl-[10px]" : ""}`;
  const radio = "size-8 shrink-0 accent-ink";
  const check = "size-7 shrink-0 accent-ink";

  return (
    <form onSubmit={submit} noValidate>
      <div className={group("form")}>
        <fieldset aria-describedby={errors.form ? `${id}-form-error` : undefined}>
          <legend className="mb-[10px] type-s">{w.legend}</legend>
          {err("form")}
          {(["words", "letter", "picture"] as const).map((f) => (
            <div key={f} className="mb-[10px] flex items-center gap-3">
              <input
                id={`${id}-form-${f}`}
                type="radio"
                name={`${id}-form`}
                className={radio}
                checked={form === f}
                onChange={() => setForm(f)}
              />
              <label htmlFor={`${id}-form-${f}`} className="type-body">
                {w[f]}
              </label>
            </div>
          ))}
        </fieldset>
      </div>
      {mode === "for" ? (
        <div className={group("whose")}>
          <label htmlFor={`${id}-whose`} className="mb-[5px] block type-s">
            Whose views are these?
          </label>
          {err("whose")}
          <select
            id={`${id}-whose`}
            value={whose}
            onChange={(e) => setWhose(e.target.value)}
            aria-describedby={errors.whose ? `${id}-whose-error` : undefined}
            className="block h-10 w-full border-2 border-input-border bg-white px-[5px] type-body"
          >
            <option value="">Choose a young person or a child</option>
            {speakers.map((p) => (
              <option key={p.id} value={`yp:${p.id}`}>
                {p.name} (taking part)
              </option>
            ))}
            {household.map((c) => (
              <option key={c.id} value={`child:${c.id}`}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className={group("title")}>
        <label htmlFor={`${id}-title`} className="mb-[5px] block type-s">
          {w.title}
        </label>
        {err("title")}
        <input
          id={`${id}-title`}
          type="text"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-describedby={`${errors.title ? `${id}-title-error ` : ""}${countInfoId(`${id}-title`)}`}
          aria-invalid={errors.title ? true : undefined}
          className={`block h-10 w-full border-2 bg-white px-[5px] type-body ${errors.title ? "border-error" : "border-input-border"}`}
        />
        <CharacterCount id={`${id}-title`} value={title} max={VOICE_TITLE_LIMIT} />
      </div>
      {form === "words" ? (
        <div className={group("text")}>
          <label htmlFor={`${id}-text`} className="mb-[5px] block type-s">
            {w.text}
          </label>
          {err("text")}
          <textarea
            id={`${id}-text`}
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={`${errors.text ? `${id}-text-error ` : ""}${countInfoId(`${id}-text`)}`}
            aria-invalid={errors.text ? true : undefined}
            className={`block w-full border-2 bg-white p-[5px] type-body ${errors.text ? "border-error" : "border-input-border"}`}
          />
          <CharacterCount id={`${id}-text`} value={text} max={TEXT_LIMITS.voice} />
        </div>
      ) : null}
      {form === "letter" || form === "picture" ? (
        <div className={group("file")}>
          <label htmlFor={`${id}-file`} className="mb-[5px] block type-s">
            {w.file}
          </label>
          <p id={`${id}-file-hint`} className="mb-[5px] type-body text-secondary">
            {w.fileHint}
          </p>
          {err("file")}
          <input
            ref={fileRef}
            id={`${id}-file`}
            type="file"
            accept="image/png,image/jpeg,application/pdf"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-describedby={`${id}-file-hint${errors.file ? ` ${id}-file-error` : ""}`}
            className="block w-full min-h-11 type-body file:mr-3 file:min-h-11 file:cursor-pointer file:border-0 file:bg-button-secondary file:px-3 file:type-body"
          />
        </div>
      ) : null}
      <div className={group("audience")}>
        <fieldset aria-describedby={errors.audience ? `${id}-audience-error` : undefined}>
          <legend className="mb-[10px] type-s">{w.who}</legend>
          {err("audience")}
          {(["family", "professionals"] as const).map((a) => (
            <div key={a} className="mb-[10px] flex items-center gap-3">
              <input
                id={`${id}-audience-${a}`}
                type="radio"
                name={`${id}-audience`}
                className={radio}
                checked={audience === a}
                onChange={() => setAudience(a)}
              />
              <label htmlFor={`${id}-audience-${a}`} className="type-body">
                {w[a]}
              </label>
            </div>
          ))}
        </fieldset>
        {audience === "family" && family.length > 0 ? (
          <fieldset className="mt-[10px] ml-[10px] border-l-[4px] border-border pl-[15px]">
            <legend className="mb-[10px] type-body font-bold">{w.notShown}</legend>
            {family.map((p) => (
              <div key={p.id} className="mb-[10px] flex items-center gap-3">
                <input
                  id={`${id}-not-${p.id}`}
                  type="checkbox"
                  className={check}
                  checked={notShownTo.includes(p.id)}
                  onChange={(e) =>
                    setNotShownTo(
                      e.target.checked ? [...notShownTo, p.id] : notShownTo.filter((x) => x !== p.id),
                    )
                  }
                />
                <label htmlFor={`${id}-not-${p.id}`} className="type-body">
                  {p.name}
                </label>
              </div>
            ))}
          </fieldset>
        ) : null}
      </div>
      <CommandError text={cmd.error ?? uploadError} />
      {sent ? (
        <p role="status" className="mb-[15px] type-body font-bold">
          {w.sent}
        </p>
      ) : null}
      <Button type="submit" disabled={cmd.busy || busy}>
        {w.submit}
      </Button>
    </form>
  );
}
