/**
 * Is this XML 1.0 well-formed? A strict, small checker for the parts of a .docx (no library of the
 * renderer's is trusted to judge its own output): only characters XML allows, one root element,
 * every tag closed in order, attributes quoted and unique, `<` and `&` only as markup or entity
 * references, no DOCTYPE (Word never writes one; entity tricks need one). Returns the first
 * problem, or undefined.
 */
export function xmlProblem(xml: string): string | undefined {
  const illegal =
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(
      xml,
    );
  if (illegal)
    return `a character XML forbids (U+${illegal[0].charCodeAt(0).toString(16).padStart(4, "0")}) at ${illegal.index}`;
  const name = "[A-Za-z_][\\w.:-]*";
  const entity = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const text = (end: number): string | undefined => {
    for (let j = i; j < end; j++) {
      if (xml[j] === "&") {
        entity.lastIndex = j;
        if (!entity.test(xml)) return `a bare & at ${j}`;
      }
      if (xml[j] === ">" && xml.slice(j - 2, j) === "]]") return `]]> in text at ${j}`;
    }
    if (stack.length === 0 && xml.slice(i, end).trim() !== "") return `text outside the root at ${i}`;
    return undefined;
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const end = lt < 0 ? xml.length : lt;
    const problem = text(end);
    if (problem) return problem;
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("<?", i)) {
      const close = xml.indexOf("?>", i);
      if (close < 0) return `an unclosed processing instruction at ${i}`;
      i = close + 2;
    } else if (xml.startsWith("<!--", i)) {
      const close = xml.indexOf("-->", i);
      if (close < 0) return `an unclosed comment at ${i}`;
      i = close + 3;
    } else if (xml.startsWith("<![CDATA[", i)) {
      const close = xml.indexOf("]]>", i);
      if (close < 0 || stack.length === 0) return `a misplaced or unclosed CDATA section at ${i}`;
      i = close + 3;
    } else if (xml.startsWith("<!", i)) {
      return `a declaration (DOCTYPE or ENTITY) at ${i}`;
    } else if (xml.startsWith("</", i)) {
      const m = new RegExp(`^</(${name})\\s*>`).exec(xml.slice(i, i + 300));
      if (!m) return `a malformed end tag at ${i}`;
      if (stack.pop() !== m[1]) return `</${m[1]}> closes the wrong element at ${i}`;
      i += m[0].length;
    } else {
      const m = new RegExp(`^<(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`).exec(
        xml.slice(i, i + 100_000),
      );
      if (!m) return `a malformed start tag at ${i}: ${xml.slice(i, i + 60)}`;
      const attrs = [...m[2]!.matchAll(new RegExp(`(${name})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "g"))];
      const seen = new Set<string>();
      for (const a of attrs) {
        if (seen.has(a[1]!)) return `attribute ${a[1]} twice at ${i}`;
        seen.add(a[1]!);
        const value = a[2] ?? a[3] ?? "";
        for (let j = value.indexOf("&"); j >= 0; j = value.indexOf("&", j + 1)) {
          entity.lastIndex = j;
          if (!entity.test(value)) return `a bare & in an attribute at ${i}`;
        }
      }
      if (stack.length === 0) roots += 1;
      if (roots > 1) return `a second root element at ${i}`;
      if (m[3] !== "/") stack.push(m[1]!);
      i += m[0].length;
    }
  }
  if (stack.length > 0) return `<${stack.at(-1)}> is never closed`;
  if (roots !== 1) return "no root element";
  return undefined;
}
