import { inflateRawSync, inflateSync } from "node:zlib";

/**
 * Reading rendered copies the way a leak probe must: every part, hidden text included. No library of
 * the renderers is used, so the test does not trust the code it checks.
 */

/** Every entry of a zip file (a .docx), decompressed, by name. */
export function unzip(buffer: Buffer): Map<string, Buffer> {
  // The end of central directory record: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file");
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory");
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    const localName = buffer.readUInt16LE(local + 26);
    const localExtra = buffer.readUInt16LE(local + 28);
    const start = local + 30 + localName + localExtra;
    const data = buffer.subarray(start, start + compressedSize);
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/**
 * A PDF as text to search: the raw file (latin1), every stream inflated where it is FlateDecode, and
 * the strings shown by the text operators decoded (pdfkit writes them as hex: `<48656c6c6f> Tj`,
 * `[<4865> 20 <6c6c6f>] TJ`) — the words of one TJ array joined, as a reader would see them.
 */
export function pdfTexts(buffer: Buffer): { raw: string; streams: string[]; shown: string } {
  const raw = buffer.toString("latin1");
  const streams: string[] = [];
  const shown: string[] = [];
  const re = /<<(?:(?!>>\s*stream)[\s\S])*?>>\s*stream\r?\n/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const dict = m[0];
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    let data = buffer.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) {
      try {
        data = inflateSync(data);
      } catch {
        data = inflateSync(data.subarray(0, data.length - 1));
      }
    }
    const text = data.toString("latin1");
    streams.push(text);
    shown.push(...shownStrings(text));
    re.lastIndex = end;
  }
  return { raw, streams, shown: shown.join("\n") };
}

function hexToText(hex: string): string {
  const clean = hex.replace(/\s+/g, "");
  let out = "";
  for (let i = 0; i + 1 < clean.length; i += 2)
    out += String.fromCharCode(Number.parseInt(clean.slice(i, i + 2), 16));
  return out;
}

function shownStrings(content: string): string[] {
  const out: string[] = [];
  const tj = /\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:[^)\\]|\\.)*)\)\s*Tj/g;
  for (let m = tj.exec(content); m; m = tj.exec(content)) {
    if (m[1] !== undefined) {
      let line = "";
      for (const part of m[1].matchAll(/<([0-9A-Fa-f\s]*)>|\(((?:[^)\\]|\\.)*)\)/g)) {
        line += part[1] !== undefined ? hexToText(part[1]) : (part[2] ?? "");
      }
      out.push(line);
    } else if (m[2] !== undefined) out.push(hexToText(m[2]));
    else out.push(m[3] ?? "");
  }
  return out;
}

/** All the searchable text of a rendered copy: each XML part of a .docx, or each view of a PDF. */
export function documentTexts(kind: "pdf" | "docx", buffer: Buffer): string[] {
  if (kind === "docx") return [...unzip(buffer).values()].map((b) => b.toString("utf8"));
  const { raw, streams, shown } = pdfTexts(buffer);
  return [raw, ...streams, shown];
}
