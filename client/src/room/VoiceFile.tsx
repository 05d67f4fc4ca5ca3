import type { VoiceEntry } from "../../../shared/childsVoice";
import { voiceFileUrl } from "./VoiceForm";

function kb(size: number): string {
  return size < 1024 * 1024
    ? `${Math.max(1, Math.round(size / 1024))} KB`
    : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** "Everyone in the meeting except Dan Example" / "Only the professionals". */
export function wishWords(wish: VoiceEntry["wish"], name: (id: string) => string): string {
  if (wish.audience === "professionals") return "only the professionals";
  if (wish.notShownTo.length === 0) return "everyone in the meeting";
  return `everyone in the meeting except ${wish.notShownTo.map(name).join(" and ")}`;
}

/** A letter or picture as it is shown: the picture itself, or a link to open the letter. */
export function VoiceFile({
  contentId,
  file,
  form,
  alt,
}: {
  contentId: string;
  file: NonNullable<VoiceEntry["file"]>;
  form: VoiceEntry["form"];
  alt: string;
}) {
  const url = voiceFileUrl(contentId);
  if (file.mime === "application/pdf")
    return (
      <p className="type-body">
        <a href={url} className="text-link underline" download>
          Open the {form === "letter" ? "letter" : "file"} (PDF, {kb(file.size)})
        </a>
      </p>
    );
  return <img src={url} alt={alt} className="max-h-[320px] max-w-full border border-border" loading="lazy" />;
}
