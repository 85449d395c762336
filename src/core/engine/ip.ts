/**
 * IP literals and CIDR blocks exactly as event-ruler reads them (`CIDR.java`): a string is an IP literal only when
 * it passes Ruler's shape check (four dot-separated decimal runs, or hex digits and colons with at least one colon)
 * and then parses as Java's `InetAddress` would. So `::ffff:1.2.3.4` (a dot in an IPv6 literal) is *not* an IP
 * literal for AWS, while `::ffff:102:304` is, and it is the IPv4 address 1.2.3.4 (Java maps IPv4-mapped addresses
 * to IPv4).
 */
import type { IpRange } from '../types';

/** A parsed address: 4 bytes (IPv4) or 16 bytes (IPv6), big-endian. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly bytes: readonly number[];
}

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/**
 * Whether `s` has the shape Ruler checks before it tries to parse an address (no DNS, no other spellings). Both shapes
 * hold only hex digits, dots and colons, so a string that starts with anything else (most strings of a policy: every
 * pattern string and event value is asked) is answered without running the two expressions.
 */
function hasIpShape(s: string): boolean {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  if (hexVal(c) < 0 && c !== 58 /* : */) return false;
  return IPV4_SHAPE.test(s) || IPV6_SHAPE.test(s);
}

/**
 * Java's IPv4 literal parser (`IPAddressUtil.textToNumericFormatV4`) for the dotted-quad shape: at most 15
 * characters, each part read as a *decimal* number up to 255, so leading zeros are accepted and do not mean octal
 * (`053.086.249.098` is 53.86.249.98). The fuzz corpus labelled by event-ruler 2.0.1 shows this: `"10.53.182.62"`
 * matches the event value `"10.53.182.062"`. (JDKs that refuse such "ambiguous" literals would differ; the JDK
 * AWS runs evidently does not.)
 */
function parseIpv4(s: string): number[] | undefined {
  if (s.length > 15) return undefined;
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length === 0) return undefined;
    const n = Number(p);
    if (!Number.isInteger(n) || n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Java's `IPAddressUtil.textToNumericFormatV6` for strings of hex digits and colons (no embedded IPv4, no zone). */
function parseIpv6(s: string): number[] | undefined {
  const len = s.length;
  if (len < 2) return undefined;
  const dst = new Array<number>(16).fill(0);
  let i = 0;
  let j = 0;
  let colonp = -1;
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) return undefined;
    i = 1;
  }
  let sawDigit = false;
  let val = 0;
  while (i < len) {
    const ch = s.charCodeAt(i++);
    const d = hexVal(ch);
    if (d !== -1) {
      val = (val << 4) | d;
      if (val > 0xffff) return undefined;
      sawDigit = true;
      continue;
    }
    if (ch === 58) {
      if (!sawDigit) {
        if (colonp !== -1) return undefined;
        colonp = j;
        continue;
      } else if (i === len) {
        return undefined;
      }
      if (j + 2 > 16) return undefined;
      dst[j++] = (val >> 8) & 0xff;
      dst[j++] = val & 0xff;
      sawDigit = false;
      val = 0;
      continue;
    }
    return undefined;
  }
  if (sawDigit) {
    if (j + 2 > 16) return undefined;
    dst[j++] = (val >> 8) & 0xff;
    dst[j++] = val & 0xff;
  }
  if (colonp !== -1) {
    const n = j - colonp;
    if (j === 16) return undefined;
    for (let k = 1; k <= n; k++) {
      dst[16 - k] = dst[colonp + n - k];
      dst[colonp + n - k] = 0;
    }
    j = 16;
  }
  if (j !== 16) return undefined;
  return dst;
}

function isIpv4Mapped(b: readonly number[]): boolean {
  for (let k = 0; k < 10; k++) if (b[k] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

type Parsed = { kind: 'ok'; ip: IpAddress } | { kind: 'not-ip' } | { kind: 'invalid' };

/** Shared answers: most strings of a big policy are not addresses, and each answer object was garbage at once. */
const NOT_IP: Parsed = { kind: 'not-ip' };
const INVALID: Parsed = { kind: 'invalid' };

function parse(s: string): Parsed {
  if (!hasIpShape(s)) return NOT_IP;
  const v4 = IPV4_SHAPE.test(s) ? parseIpv4(s) : undefined;
  if (v4) return { kind: 'ok', ip: { version: 4, bytes: v4 } };
  if (s.includes(':')) {
    const v6 = parseIpv6(s);
    if (v6) {
      return isIpv4Mapped(v6) ? { kind: 'ok', ip: { version: 4, bytes: v6.slice(12) } } : { kind: 'ok', ip: { version: 6, bytes: v6 } };
    }
  }
  return INVALID;
}

/**
 * Parses an IP address literal the way Ruler does, or returns `undefined` when `s` is not one (then it is an
 * ordinary string for matching). Use it for both pattern values and event values.
 * @example parseIpLiteral('2001:db8::1')   // { version: 6, bytes: [0x20, 0x01, 0x0d, 0xb8, 0, …, 1] }
 * @example parseIpLiteral('::ffff:1.2.3.4') // undefined — Ruler's shape check rejects the dot form
 */
export function parseIpLiteral(s: string): IpAddress | undefined {
  const r = parse(s);
  return r.kind === 'ok' ? r.ip : undefined;
}

/** Whether `s` is an IP literal for Ruler (a pattern string that compiles to a one-address range). */
export function isIpLiteral(s: string): boolean {
  return parseIpLiteral(s) !== undefined;
}

/** The one-address range of an IP literal, or `undefined` when `s` is not one. */
export function ipLiteralRange(s: string): IpRange | undefined {
  const ip = parseIpLiteral(s);
  return ip ? { version: ip.version, low: ip.bytes, high: ip.bytes } : undefined;
}

/** Whether `ip` lies in `range` (same IP version and low ≤ ip ≤ high, bytewise). */
export function ipInRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.version !== range.version) return false;
  return compareBytes(ip.bytes, range.low) >= 0 && compareBytes(ip.bytes, range.high) <= 0;
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== b[k]) return a[k] - b[k];
  }
  return 0;
}

/** The result of reading a CIDR block: the range, or Ruler's own error text. */
export type CidrResult =
  | { readonly ok: true; readonly range: IpRange; readonly maskBits: number; readonly address: string; readonly hostBitsSet: boolean }
  | { readonly ok: false; readonly error: string; readonly maskBits?: number; readonly address?: string };

/**
 * Reads a CIDR block exactly as Ruler's `CIDR.cidr` does, with its error texts:
 * `Malformed CIDR, one '/' required`, `Malformed CIDR, mask bits must be an integer`,
 * `Malformed CIDR, mask bits must not be negative`, `Nonstandard IP address: X`, `Invalid IP address: X`,
 * `IPv4 mask bits must be < 32`, `IPv6 mask bits must be < 128`. Host bits are cleared, as event-ruler 2.x does
 * (`CIDR.cidr`: the bottom is the address ANDed with `LEADING_MIN_BITS[hostBits]`, the top ORed with
 * `TRAILING_MAX_BITS`): `10.0.0.5/24` covers 10.0.0.0–10.0.0.255. (Ruler 1.x started the range at the address as
 * written; the fuzz corpus labelled by event-ruler 2.0.1 shows the masked range.)
 * @example parseCidr('10.0.0.0/24') // { ok: true, range: { version: 4, low: [10,0,0,0], high: [10,0,0,255] }, … }
 * @example parseCidr('10.0.0.1/32') // { ok: false, error: 'IPv4 mask bits must be < 32', … }
 */
export function parseCidr(cidr: string): CidrResult {
  // Java's String.split drops trailing empty strings: "1.2.3.4/" has one part, "a/b/" two.
  const parts = cidr.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  if (parts.length === 1 && parts[0] === '' && cidr.length > 0) parts.pop();
  if (parts.length !== 2) return { ok: false, error: "Malformed CIDR, one '/' required" };
  const [address, maskText] = parts;
  if (!/^[+-]?[0-9]+$/.test(maskText)) return { ok: false, error: 'Malformed CIDR, mask bits must be an integer' };
  const maskBits = Number(maskText);
  if (maskBits > 2147483647 || maskBits < -2147483648) return { ok: false, error: 'Malformed CIDR, mask bits must be an integer' };
  if (maskBits < 0) return { ok: false, error: 'Malformed CIDR, mask bits must not be negative' };
  const p = parse(address);
  if (p.kind === 'not-ip') return { ok: false, error: `Nonstandard IP address: ${address}`, maskBits, address };
  if (p.kind === 'invalid') return { ok: false, error: `Invalid IP address: ${address}`, maskBits, address };
  const ip = p.ip;
  if (ip.version === 4 && maskBits > 31) return { ok: false, error: 'IPv4 mask bits must be < 32', maskBits, address };
  if (ip.version === 6 && maskBits > 127) return { ok: false, error: 'IPv6 mask bits must be < 128', maskBits, address };
  const high = ip.bytes.slice();
  const low = ip.bytes.slice();
  let hostBits = ip.bytes.length * 8 - maskBits;
  let hostBitsSet = false;
  for (let k = high.length - 1; k >= 0 && hostBits > 0; k--) {
    const m = hostBits >= 8 ? 0xff : (1 << hostBits) - 1;
    if ((low[k] & m) !== 0) hostBitsSet = true;
    low[k] = low[k] & ~m & 0xff;
    high[k] = high[k] | m;
    hostBits -= 8;
  }
  return { ok: true, range: { version: ip.version, low, high }, maskBits, address, hostBitsSet };
}

/** Formats address bytes for messages: a dotted quad (4 bytes), or uncompressed lower-case IPv6 groups (16). */
export function formatIpBytes(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let k = 0; k < bytes.length; k += 2) groups.push(((bytes[k] << 8) | bytes[k + 1]).toString(16));
  return groups.join(':');
}

// ---------------------------------------------------------------------------------------------------------
// Number values walked through an address range, as event-ruler's ByteMachine does.
// ---------------------------------------------------------------------------------------------------------

/** event-ruler's hex digits (`Constants.HEX_DIGITS`): the alphabet of its address and range texts. */
const HEX = '0123456789ABCDEF';

/**
 * An address range as event-ruler's `Range` holds it: bottom and top as upper-case hex text (`CIDR.toHexDigits`,
 * two digits a byte) and whether each end is open.
 */
export interface RulerRange {
  readonly bottom: string;
  readonly top: string;
  readonly openBottom: boolean;
  readonly openTop: boolean;
}

function hexText(bytes: readonly number[]): string {
  let s = '';
  for (const b of bytes) s += HEX[(b >> 4) & 15] + HEX[b & 15];
  return s;
}

/**
 * The `Range` event-ruler builds for a `cidr` block (`CIDR.cidr`: both ends closed) or for a plain IP literal value
 * (`CIDR.ipToRangeIfPossible`: the address up to the next hex digit, open at the top; an address whose last digit is
 * `F` instead runs from one below it, open at the bottom).
 * @example rulerRange({ version: 4, low: [0, 0, 0, 0], high: [255, 255, 255, 255] }, 'cidr') // { bottom: '00000000', top: 'FFFFFFFF', … }
 */
export function rulerRange(range: IpRange, kind: 'cidr' | 'exact-ip'): RulerRange {
  if (kind === 'cidr') return { bottom: hexText(range.low), top: hexText(range.high), openBottom: false, openTop: false };
  const digits = hexText(range.low);
  const head = digits.slice(0, -1);
  const last = digits[digits.length - 1];
  if (last === 'F') return { bottom: `${head}E`, top: digits, openBottom: true, openTop: false };
  return { bottom: digits, top: head + HEX[HEX.indexOf(last) + 1], openBottom: false, openTop: true };
}

/**
 * Whether event-ruler's ByteMachine reaches a match of this range while it walks `text` byte by byte. Ranges are
 * states keyed by hex digits (`ByteMachine.addRangePattern`), and a range match counts "as soon as you see the
 * match" (`ByteMachine.doTransitionOn`, NUMERIC_RANGE), whatever follows. The walk is meant for the hex text of an
 * address (`CIDR.ipToString`); event-ruler also walks the text of a number value through it, because a number is
 * not an IP literal and `transitionOn` then passes its text on unchanged: `812` is inside `0.0.0.0/0` (its first
 * digit `8` lies between `0` and `F`), and `645` inside `100.64.0.0/10` (`64`, then `5` between `4` and `7`).
 * Looks like an accident in event-ruler; followed because AWS runs it.
 * @example rulerRangeAcceptsText(rulerRange(v4All, 'cidr'), '812') // true
 */
export function rulerRangeAcceptsText(r: RulerRange, text: string): boolean {
  const { bottom: b, top: t } = r;
  const n = b.length;
  let f = 0;
  while (f < n && b[f] === t[f]) f++;
  if (f === n) return false;
  for (let k = 0; k < f; k++) if (text[k] !== b[k]) return false;
  const c = text[f];
  if (c === undefined) return false;
  const ci = HEX.indexOf(c);
  if (ci > HEX.indexOf(b[f]) && ci < HEX.indexOf(t[f])) return true;
  if (f === n - 1) return (!r.openBottom && c === b[f]) || (!r.openTop && c === t[f]);
  if (c === b[f]) {
    // Past the fork on the bottom digits: any greater digit is inside.
    for (let o = f + 1; o < n - 1; o++) {
      const d = text[o];
      if (d === undefined) return false;
      if (HEX.indexOf(d) > HEX.indexOf(b[o])) return true;
      if (d !== b[o]) return false;
    }
    const d = text[n - 1];
    if (d === undefined || (b[n - 1] === 'F' && r.openBottom)) return false;
    return (!r.openBottom && d === b[n - 1]) || HEX.indexOf(d) > HEX.indexOf(b[n - 1]);
  }
  if (c === t[f]) {
    // Past the fork on the top digits: any smaller digit is inside.
    for (let o = f + 1; o < n - 1; o++) {
      const d = text[o];
      if (d === undefined) return false;
      const di = HEX.indexOf(d);
      if (di >= 0 && di < HEX.indexOf(t[o])) return true;
      if (d !== t[o]) return false;
    }
    const d = text[n - 1];
    if (d === undefined || (t[n - 1] === '0' && r.openTop)) return false;
    const di = HEX.indexOf(d);
    return (!r.openTop && d === t[n - 1]) || (di >= 0 && di < HEX.indexOf(t[n - 1]));
  }
  return false;
}

/**
 * Whether some number's text can reach a match of this range ({@link rulerRangeAcceptsText}): only when the digits
 * the range's two ends share could start a JSON number (decimal digits and `E`). Used to keep indexes exact.
 */
export function rulerRangeMayAcceptNumber(r: RulerRange): boolean {
  let f = 0;
  while (f < r.bottom.length && r.bottom[f] === r.top[f]) f++;
  return /^[0-9E]*$/.test(r.bottom.slice(0, f));
}
