/**
 * Whether two pattern / filter-policy texts mean the same JSON: whitespace, formatting and object key order do
 * not count; array order, values and number spelling do. `undefined` and the empty string both mean "none".
 *
 * Deploy uses it to detect a concurrent change: the explorer opens a formatted copy, so the text it remembers
 * may differ from AWS's byte for byte while meaning the same.
 */
export function samePolicyText(a: string | undefined, b: string | undefined): boolean {
  const na = a?.trim() ? a : undefined;
  const nb = b?.trim() ? b : undefined;
  if (na === undefined || nb === undefined) return na === nb;
  if (na === nb) return true;
  const ca = canonical(na);
  const cb = canonical(nb);
  return ca !== undefined && ca === cb;
}

/** Whether a text is a JSON object: what AWS requires of a pattern or filter policy before deploy sends it. */
export function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

const LITERAL = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;

/** JSON with sorted keys and numbers kept as written (so `1.0` and `1` differ, as they can in AWS matching). */
function canonical(text: string): string | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  let i = 0;
  const ws = (): void => { while (i < text.length && /\s/.test(text[i])) i++; };
  const value = (): string => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, string][] = [];
      ws();
      if (text[i] === '}') { i++; return '{}'; }
      for (;;) {
        ws();
        const k = stringLit();
        ws(); i++; // ':'
        entries.push([k, value()]);
        ws();
        if (text[i++] === '}') break; // else ','
      }
      entries.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      return `{${entries.map(([k, v]) => `${k}:${v}`).join(',')}}`;
    }
    if (c === '[') {
      i++;
      const items: string[] = [];
      ws();
      if (text[i] === ']') { i++; return '[]'; }
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === ']') break;
      }
      return `[${items.join(',')}]`;
    }
    if (c === '"') return stringLit();
    LITERAL.lastIndex = i;
    const m = LITERAL.exec(text);
    const lit = m ? m[0] : '';
    i += lit.length;
    return lit;
  };
  // Re-encode strings so `"\u0041"` and `"A"` compare equal.
  const stringLit = (): string => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    const raw = m ? m[0] : '""';
    i += raw.length;
    return JSON.stringify(JSON.parse(raw));
  };
  return value();
}
