import type { VoiceFileType } from "../../shared/childsVoice";

/**
 * What a file is, from its first bytes. A name or a Content-Type header says what the sender claims;
 * the bytes say what a browser or viewer would treat it as, so only they decide (PNG, JPEG, PDF).
 */
const SIGNATURES: { mime: VoiceFileType; bytes: number[] }[] = [
  // PNG: \x89 P N G \r \n \x1a \n
  { mime: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // JPEG: start of image, then the marker prefix of the first segment.
  { mime: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  // PDF: "%PDF-"
  { mime: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

export function sniffFileType(bytes: Uint8Array): VoiceFileType | undefined {
  return SIGNATURES.find((s) => s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b))
    ?.mime;
}

/** The name a downloaded file gets (never one the sender chose). */
export function fileNameFor(mime: VoiceFileType, form: string): string {
  const ext = mime === "image/png" ? "png" : mime === "image/jpeg" ? "jpg" : "pdf";
  return `${form === "letter" ? "letter" : "picture"}.${ext}`;
}
