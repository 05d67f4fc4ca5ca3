import { type FormEvent, useId, useState } from "react";
import { TEXT_LIMITS } from "../../../shared/protocol";
import { isTooLong, tooLongError } from "../../../shared/textLimits";
import { Button } from "../components/Button";
import { CharacterCount, countInfoId } from "../components/CharacterCount";
import { useTitle } from "../lib/useTitle";
import { CommandError } from "./CommandError";
import { Complaints } from "./Complaints";
import { OUT_WORDS } from "./familyWords";
import { RoomBanners } from "./RoomBanners";
import { useRoom } from "./RoomContext";
import { useCommand } from "./useCommand";

const MAX = TEXT_LIMITS.viewsForChair;

const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
});

/**
 * A family member out of the meeting for a while (an exclusion, or the other part of a split
 * conference), and anyone with them: a waiting screen. Nothing of the meeting reaches this screen
 * (the server closes their document); they can send their views for the chair to present
 * (`001` 7.6.13), and come back when the chair asks them in.
 */
export function ExcludedScreen({ title }: { title: string }) {
  const { me } = useRoom();
  const words = me.role === "young_person" ? OUT_WORDS.young : OUT_WORDS.family;
  useTitle("Waiting outside the meeting");
  const id = useId();
  const cmd = useCommand();
  const [text, setText] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [sent, setSent] = useState<{ text: string; at: number }[]>([]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = !text.trim()
      ? "Write what you want the chair to know"
      : isTooLong(text, MAX)
        ? tooLongError("What you write", MAX)
        : null;
    setInvalid(problem);
    if (problem) return;
    const ack = await cmd.run({ type: "family.viewsForChair", text: text.trim() });
    if (ack.ok) {
      setSent([...sent, { text: text.trim(), at: Date.now() }]);
      setText("");
    }
  };
  return (
    <div className="max-w-[640px]">
      <RoomBanners />
      <span className="mb-[5px] block type-m font-normal text-secondary">{title}</span>
      <h1 className="mb-[30px] type-l">{words.heading}</h1>
      {words.lines.map((line) => (
        <p key={line} className="mb-5 type-body">
          {line}
        </p>
      ))}
      <form
        onSubmit={submit}
        noValidate
        className={`mt-[30px] ${invalid ? "border-l-[5px] border-error pl-[10px]" : ""}`}
      >
        <label htmlFor={`${id}-views`} className="mb-[5px] block type-m">
          {words.box}
        </label>
        {invalid ? (
          <p id={`${id}-views-error`} className="mb-[10px] type-body font-bold text-error">
            <span className="sr-only">Error: </span>
            {invalid}
          </p>
        ) : null}
        <textarea
          id={`${id}-views`}
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={`${invalid ? `${id}-views-error ` : ""}${countInfoId(`${id}-views`)}`}
          aria-invalid={invalid ? true : undefined}
          className={`block w-full border-2 bg-white p-[5px] type-body ${invalid ? "border-error" : "border-input-border"}`}
        />
        <div className="mb-[15px]">
          <CharacterCount id={`${id}-views`} value={text} max={MAX} />
        </div>
        <CommandError text={cmd.error} />
        <Button type="submit" disabled={cmd.busy}>
          {words.send}
        </Button>
      </form>
      {sent.length > 0 ? (
        <section aria-labelledby={`${id}-sent`} className="mt-[30px]">
          <h2 id={`${id}-sent`} className="mb-[15px] type-m">
            What you have sent
          </h2>
          <p role="status" className="mb-[10px] type-body font-bold">
            {words.sent}
          </p>
          <ul className="space-y-[10px]">
            {sent.map((s) => (
              <li key={s.at} className="border-l-[5px] border-brand p-[10px]">
                <p className="type-body whitespace-pre-wrap">{s.text}</p>
                <p className="mt-[5px] type-small text-secondary">Sent at {clock.format(s.at)}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="mt-[40px]">
        <Complaints young={me.role === "young_person"} chair={undefined} prefix="out-" />
      </div>
    </div>
  );
}
