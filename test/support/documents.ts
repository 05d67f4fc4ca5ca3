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
 * A PDF as text to search: the raw file (latin1), every stream inflated where it is FlateDecode, the
 * strings of its objects (the document's title, author and the like) decoded, and the text shown on
 * its pages. The shown text is read as a viewer would: each page's content stream is tokenised, the
 * font in force (`/F1 11 Tf`) looked up in the page's resources, and each string shown (`Tj`, `'`,
 * `"`, and the strings of a `TJ` array, joined) decoded through that font's ToUnicode CMap — pdfkit
 * writes an embedded font's glyph ids (`[<00010002> 17.5 <0003>] TJ`), which mean nothing without it
 * — or as single bytes for a font without one. One text operator per line. A code that a font's CMap
 * does not map, or a font a page does not name, is an error rather than text left out: the leak tests
 * search this text for what must be absent, and a decoder that dropped text would make them pass.
 */
export function pdfTexts(buffer: Buffer): { raw: string; streams: string[]; strings: string; shown: string } {
  const raw = buffer.toString("latin1");
  const objects = pdfObjects(buffer);
  const streams: string[] = [];
  const strings: string[] = [];
  for (const object of objects.values()) {
    if (object.stream) streams.push(object.stream.toString("latin1"));
    for (const token of tokens(Buffer.from(object.dict, "latin1")))
      if (token.kind === "string") strings.push(pdfString(token.bytes));
  }
  const shown: string[] = [];
  const cmaps = new Map<number, ToUnicode>();
  for (const object of objects.values()) {
    const isPage = /\/Type\s*\/Page(?![A-Za-z])/.test(object.dict);
    const isForm = object.stream !== undefined && /\/Subtype\s*\/Form\b/.test(object.dict);
    if (!isPage && !isForm) continue;
    const fonts = fontsOf(object.dict, objects, cmaps);
    const content = isPage
      ? Buffer.concat(refsOf(object.dict, "Contents").map((n) => objects.get(n)?.stream ?? Buffer.alloc(0)))
      : object.stream!;
    shown.push(...shownStrings(content, fonts));
  }
  return { raw, streams, strings: strings.join("\n"), shown: shown.join("\n") };
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

/** Every `N 0 obj … endobj` of the file, its stream (if any) inflated. */
function pdfObjects(buffer: Buffer): Map<number, PdfObject> {
  const raw = buffer.toString("latin1");
  const out = new Map<number, PdfObject>();
  const re = /(?<![0-9])(\d+)\s+\d+\s+obj\b/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const bodyStart = m.index + m[0].length;
    const streamAt = /^\s*(<<[\s\S]*?>>)\s*stream\r?\n/.exec(raw.slice(bodyStart, bodyStart + 65_536));
    const end = raw.indexOf("endobj", bodyStart);
    if (streamAt && (end < 0 || bodyStart + streamAt[0].length < end)) {
      const dict = dictAt(raw, bodyStart + streamAt[0].indexOf("<<"));
      const start = bodyStart + streamAt[0].length;
      const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
      let stop = length ? start + Number(length[1]) : raw.indexOf("endstream", start);
      if (!raw.startsWith("endstream", stop) && !/^\s*endstream/.test(raw.slice(stop, stop + 4 + 9)))
        stop = raw.indexOf("endstream", start);
      let data = buffer.subarray(start, stop);
      if (/\/FlateDecode/.test(dict)) {
        try {
          data = inflateSync(data);
        } catch {
          data = inflateSync(data.subarray(0, data.length - 1));
        }
      }
      out.set(Number(m[1]), { dict, stream: Buffer.from(data) });
      const after = raw.indexOf("endobj", stop);
      if (after < 0) break;
      re.lastIndex = after;
    } else {
      out.set(Number(m[1]), { dict: raw.slice(bodyStart, end < 0 ? undefined : end) });
      if (end < 0) break;
      re.lastIndex = end;
    }
  }
  return out;
}

/** The dictionary `<< … >>` that starts at `at`, nested dictionaries included. */
function dictAt(text: string, at: number): string {
  let depth = 0;
  for (let i = at; i < text.length - 1; i++) {
    const two = text.slice(i, i + 2);
    if (two === "<<") {
      depth++;
      i++;
    } else if (two === ">>") {
      depth--;
      i++;
      if (depth === 0) return text.slice(at, i + 1);
    } else if (text[i] === "(") {
      // A literal string may hold unbalanced brackets.
      let nest = 0;
      for (; i < text.length; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === "(") nest++;
        else if (text[i] === ")" && --nest === 0) break;
      }
    }
  }
  throw new Error("unterminated dictionary");
}

/** The object numbers a key refers to: `/Key 3 0 R` or `/Key [3 0 R 4 0 R]`. */
function refsOf(dict: string, key: string): number[] {
  const m = new RegExp(`/${key}\\s*(\\[[^\\]]*\\]|\\d+\\s+\\d+\\s+R)`).exec(dict);
  if (!m) return [];
  return [...m[1]!.matchAll(/(\d+)\s+\d+\s+R/g)].map((r) => Number(r[1]));
}

/** The value of `/Key`: a dictionary given inline or by reference. */
function subDict(dict: string, key: string, objects: Map<number, PdfObject>): string | undefined {
  const m = new RegExp(`/${key}\\s*(<<|(\\d+)\\s+\\d+\\s+R)`).exec(dict);
  if (!m) return undefined;
  if (m[2] !== undefined) return objects.get(Number(m[2]))?.dict;
  return dictAt(dict, m.index + m[0].length - 2);
}

type ToUnicode = { width: number; map: Map<number, string> } | null;

/** A page's (or form's) fonts by resource name, each with its ToUnicode map (null: none). */
function fontsOf(
  dict: string,
  objects: Map<number, PdfObject>,
  cmaps: Map<number, ToUnicode>,
): Map<string, ToUnicode> {
  const fonts = new Map<string, ToUnicode>();
  const resources = subDict(dict, "Resources", objects);
  const fontDict = resources && subDict(resources, "Font", objects);
  if (!fontDict) return fonts;
  for (const m of fontDict.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+\d+\s+R/g)) {
    const font = objects.get(Number(m[2]));
    if (!font) throw new Error(`font ${m[1]} is missing`);
    const ref = refsOf(font.dict, "ToUnicode")[0];
    if (ref === undefined) {
      fonts.set(m[1]!, null);
      continue;
    }
    if (!cmaps.has(ref)) {
      const stream = objects.get(ref)?.stream;
      if (!stream) throw new Error(`the ToUnicode map of font ${m[1]} is missing`);
      cmaps.set(ref, parseCmap(stream.toString("latin1")));
    }
    fonts.set(m[1]!, cmaps.get(ref)!);
  }
  return fonts;
}

const utf16 = (hex: string): string => {
  const clean = hex.replace(/\s+/g, "");
  let out = "";
  for (let i = 0; i + 3 < clean.length; i += 4)
    out += String.fromCharCode(Number.parseInt(clean.slice(i, i + 4), 16));
  return out;
};

/** A ToUnicode CMap: its code width (from the codespace range), bfchar and bfrange entries. */
function parseCmap(text: string): ToUnicode {
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(text);
  const width = space ? space[1]!.length / 2 : 2;
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const e of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f\s]*)>/g))
      map.set(Number.parseInt(e[1]!, 16), utf16(e[2]!));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const e of block[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f\s]*)>|\[([^\]]*)\])/g,
    )) {
      const lo = Number.parseInt(e[1]!, 16);
      const hi = Number.parseInt(e[2]!, 16);
      if (e[4] !== undefined) {
        const list = [...e[4].matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((d) => utf16(d[1]!));
        for (let c = lo; c <= hi && c - lo < list.length; c++) map.set(c, list[c - lo]!);
      } else {
        const first = utf16(e[3]!);
        const last = first.charCodeAt(first.length - 1);
        for (let c = lo; c <= hi; c++) map.set(c, first.slice(0, -1) + String.fromCharCode(last + c - lo));
      }
    }
  return { width, map };
}

type Token =
  | { kind: "string"; bytes: Buffer }
  | { kind: "array"; items: Token[] }
  | { kind: "name"; name: string }
  | { kind: "number" | "operator" | "other"; text: string };

const WHITE = /[\0\t\n\f\r ]/;
const DELIMITER = /[\0\t\n\f\r ()<>[\]{}/%]/;

/** PDF tokens (content-stream syntax): strings decoded to bytes, arrays nested. */
function tokens(data: Buffer): Token[] {
  const text = data.toString("latin1");
  let i = 0;
  const read = (): Token | "]" | undefined => {
    while (i < text.length) {
      const c = text[i]!;
      if (WHITE.test(c)) i++;
      else if (c === "%") while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
      else break;
    }
    if (i >= text.length) return undefined;
    const c = text[i]!;
    if (c === "(") {
      const bytes: number[] = [];
      let nest = 1;
      i++;
      while (i < text.length) {
        const d = text[i++]!;
        if (d === "\\") {
          const e = text[i++] ?? "";
          const octal = /^[0-7]{1,3}/.exec(text.slice(i - 1, i + 2));
          if (octal) {
            bytes.push(Number.parseInt(octal[0], 8) & 0xff);
            i += octal[0].length - 1;
          } else if (e === "\r") {
            if (text[i] === "\n") i++;
          } else if (e !== "\n")
            bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[e] ?? e.charCodeAt(0));
        } else if (d === "(") {
          nest++;
          bytes.push(40);
        } else if (d === ")") {
          if (--nest === 0) break;
          bytes.push(41);
        } else bytes.push(d.charCodeAt(0));
      }
      return { kind: "string", bytes: Buffer.from(bytes) };
    }
    if (c === "<" && text[i + 1] === "<") {
      i += 2;
      return { kind: "other", text: "<<" };
    }
    if (c === ">" && text[i + 1] === ">") {
      i += 2;
      return { kind: "other", text: ">>" };
    }
    if (c === "<") {
      const close = text.indexOf(">", i);
      const hex = text.slice(i + 1, close < 0 ? undefined : close).replace(/[^0-9A-Fa-f]/g, "");
      i = close < 0 ? text.length : close + 1;
      return { kind: "string", bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex") };
    }
    if (c === "[") {
      i++;
      const items: Token[] = [];
      for (let t = read(); t !== undefined && t !== "]"; t = read()) items.push(t);
      return { kind: "array", items };
    }
    if (c === "]") {
      i++;
      return "]";
    }
    let j = i + 1;
    while (j < text.length && !DELIMITER.test(text[j]!)) j++;
    const word = text.slice(i, j);
    i = j;
    if (c === "/") return { kind: "name", name: word.slice(1) };
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { kind: "number", text: word };
    if (word === "ID") {
      // Inline image data: binary up to EI.
      const ei = text.slice(i).search(/\sEI(?=[\0\t\n\f\r ]|$)/);
      i = ei < 0 ? text.length : i + ei + 3;
    }
    return { kind: word === "" ? "other" : "operator", text: word || c };
  };
  const out: Token[] = [];
  for (let t = read(); t !== undefined; t = read()) if (t !== "]") out.push(t);
  return out;
}

/** A string of an object (not a page's text): UTF-16BE with its byte order mark, or PDFDocEncoding. */
function pdfString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2).toString("hex"));
  return bytes.toString("latin1");
}

/** The text each text-showing operator of a content stream shows, decoded through its font. */
function shownStrings(content: Buffer, fonts: Map<string, ToUnicode>): string[] {
  const out: string[] = [];
  let font: ToUnicode | undefined;
  let fontName = "";
  const decode = (bytes: Buffer): string => {
    if (font === undefined) throw new Error("text shown before any font is set");
    if (font === null) return bytes.toString("latin1");
    let text = "";
    for (let i = 0; i + font.width <= bytes.length; i += font.width) {
      const code = bytes.readUIntBE(i, font.width);
      const unicode = font.map.get(code);
      if (unicode === undefined)
        throw new Error(`code ${code.toString(16)} of font ${fontName} has no Unicode`);
      text += unicode;
    }
    return text;
  };
  let operands: Token[] = [];
  for (const token of tokens(content)) {
    if (token.kind !== "operator") {
      operands.push(token);
      continue;
    }
    const last = operands[operands.length - 1];
    switch (token.text) {
      case "Tf": {
        const name = operands[operands.length - 2];
        if (name?.kind !== "name") throw new Error("Tf without a font name");
        if (!fonts.has(name.name)) throw new Error(`font ${name.name} is not in the page's resources`);
        fontName = name.name;
        font = fonts.get(name.name);
        break;
      }
      case "Tj":
      case "'":
      case '"':
        if (last?.kind === "string") out.push(decode(last.bytes));
        break;
      case "TJ":
        if (last?.kind === "array")
          out.push(last.items.map((item) => (item.kind === "string" ? decode(item.bytes) : "")).join(""));
        break;
    }
    operands = [];
  }
  return out;
}

/** All the searchable text of a rendered copy: each XML part of a .docx, or each view of a PDF. */
export function documentTexts(kind: "pdf" | "docx", buffer: Buffer): string[] {
  if (kind === "docx") return [...unzip(buffer).values()].map((b) => b.toString("utf8"));
  const { raw, streams, strings, shown } = pdfTexts(buffer);
  return [raw, ...streams, strings, shown];
}
