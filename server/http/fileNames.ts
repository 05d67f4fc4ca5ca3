/**
 * The names of the record's files as a browser saves them (`Content-Disposition`, RFC 6266): an
 * ASCII `filename` for any client, and `filename*` in UTF-8 with the names as written, in any
 * script. Never a name anyone typed as it stands: only letters, digits and hyphens.
 */

/** The ASCII part: accents taken off ("Siobhán" → "siobhan"), anything else a hyphen, 40 at most. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 40)
    .replace(/-+$/, "");
}

/** The same in any script: letters and digits kept (accents too), the rest a hyphen, 40 characters at most. */
export function wordsOf(text: string): string {
  return [
    ...text
      .normalize("NFC")
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, ""),
  ]
    .slice(0, 40)
    .join("")
    .replace(/-+$/, "");
}

function disposition(ascii: string, readable: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(readable)}`;
}

/**
 * A copy of the record (for `recipient`) or the decision summary (`recipient` null). A recipient's
 * name without Latin letters gives no ASCII slug: the start of their id keeps such copies apart, so
 * that the chair's downloads for two people never share a name.
 */
export function copyDisposition(
  title: string,
  recipient: { id: string; name: string } | null,
  ext: string,
): string {
  const conference = slug(title) || "conference";
  if (!recipient)
    return disposition(
      `${conference}-decision-summary.${ext}`,
      `${wordsOf(title) || "conference"}-decision-summary.${ext}`,
    );
  const who = slug(recipient.name) || slug(recipient.id.slice(0, 8)) || "copy";
  return disposition(
    `${conference}-record-${who}.${ext}`,
    `${wordsOf(title) || "conference"}-record-${wordsOf(recipient.name) || who}.${ext}`,
  );
}

/** The chair's export of the whole conference (JSON). */
export function exportDisposition(title: string): string {
  return disposition(
    `${slug(title) || "conference"}-export.json`,
    `${wordsOf(title) || "conference"}-export.json`,
  );
}
