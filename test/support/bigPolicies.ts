// Policy shapes of a given size, for issue #12 item 6 ("a 256 KB policy of any shape compiles in < 50 ms"): the
// benchmark (bench/policies.ts) builds them at 256 KB, the unit tests at a few KB (exact results before/after a
// change) and at two sizes (CPU time grows linearly). One list, so the tests cover every shape the benchmark times.
// Not a test file.
import type { Dialect } from '../../src/core/types';

/** One shape: a name, the dialect it is compiled in, and a function that builds a text of about `max` characters. */
export interface PolicyShape {
  readonly name: string;
  readonly dialect: Dialect;
  readonly make: (max: number) => string;
}

/** `open` + as many `make(i)` joined by commas as fit in `max` characters + `close`. */
function fill(make: (i: number) => string, open: string, close: string): (max: number) => string {
  return (max: number): string => {
    const parts: string[] = [];
    let len = open.length + close.length;
    for (let i = 0; ; i++) {
      const p = make(i);
      if (len + p.length + 1 > max) break;
      parts.push(p);
      len += p.length + 1;
    }
    return open + parts.join(',') + close;
  };
}

/** A nested object `{"a":{"a":…[leaf]…}}` `levels` deep (the parser stops at depth 1,000, as Jackson does). */
function deep(levels: number, leaf: string): string {
  return '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);
}

const NUMBER_FORMS = ['0', '-0', '7', '-12', '3.25', '-0.5', '1e3', '1E+3', '2.5e-3', '-7.125E2', '123456789012345678', '0.10000000000000001', '1e400', '9007199254740993'];

/**
 * The shapes: those the issue named (the first fifteen, in the benchmark's original order), then others that
 * stress a different part of the compiler: warnings with quick fixes on every value, escapes, every number form,
 * exists lists, deep and wide trees of distinct keys, and the Pipes dialect.
 */
export const POLICY_SHAPES: readonly PolicyShape[] = [
  { name: 'sns-body: one key repeated', dialect: 'sns-body', make: fill(i => `"k":["v${i}"]`, '{', '}') },
  { name: 'sns-body: nested key repeated', dialect: 'sns-body', make: fill(i => `"a":{"b":{"c":["v${i}"]}}`, '{', '}') },
  { name: 'sns-body: many keys', dialect: 'sns-body', make: fill(i => `"k${i}":["v"]`, '{', '}') },
  { name: 'sns-body: one long value list', dialect: 'sns-body', make: fill(i => `"v${i}"`, '{"k":[', ']}') },
  { name: 'sns-body: numeric ranges', dialect: 'sns-body', make: fill(i => `{"numeric":[">",${i},"<",${i + 1}]}`, '{"k":[', ']}') },
  { name: 'sns-body: prefixes', dialect: 'sns-body', make: fill(i => `{"prefix":"p${i}"}`, '{"k":[', ']}') },
  { name: 'sns-body: anything-but list', dialect: 'sns-body', make: fill(i => `"v${i}"`, '{"k":[{"anything-but":[', ']}]}') },
  { name: 'sns-body: $or of many branches', dialect: 'sns-body', make: fill(i => `{"k${i % 5}":["v${i}"]}`, '{"$or":[', ']}') },
  { name: 'sns-body: $or repeated', dialect: 'sns-body', make: fill(i => `"$or":[{"a":["${i}"]},{"b":["${i}"]}]`, '{', '}') },
  { name: 'sns-body: deep nesting', dialect: 'sns-body', make: max => '{"a":'.repeat(Math.min(9000, Math.floor(max / 29))) + '["x"]' + '}'.repeat(Math.min(9000, Math.floor(max / 29))) },
  { name: 'sns-attributes: one key repeated', dialect: 'sns-attributes', make: fill(i => `"k":["v${i}"]`, '{', '}') },
  { name: 'eventbridge: one key repeated', dialect: 'eventbridge', make: fill(i => `"k":["v${i}"]`, '{', '}') },
  { name: 'eventbridge: nested key repeated', dialect: 'eventbridge', make: fill(i => `"a":{"b":{"c":["v${i}"]}}`, '{', '}') },
  { name: 'eventbridge: wildcards', dialect: 'eventbridge', make: fill(i => `{"wildcard":"a*b${i}"}`, '{"k":[', ']}') },
  { name: 'eventbridge: $or of objects', dialect: 'eventbridge', make: fill(i => `{"a${i % 50}":{"b":["v${i}"]}}`, '{"$or":[', ']}') },
  // Every value draws a warning with a quick fix (a digit string under a quantity-like key).
  { name: 'sns-body: quoted numbers (a warning each)', dialect: 'sns-body', make: fill(i => `"${i}"`, '{"price":[', ']}') },
  { name: 'sns-body: repeated keys of quoted numbers', dialect: 'sns-body', make: fill(i => `"price":["${i}"]`, '{', '}') },
  { name: 'sns-body: numbers in every form', dialect: 'sns-body', make: fill(i => NUMBER_FORMS[i % NUMBER_FORMS.length], '{"k":[', ']}') },
  { name: 'eventbridge: numbers in every form', dialect: 'eventbridge', make: fill(i => NUMBER_FORMS[i % NUMBER_FORMS.length], '{"k":[', ']}') },
  { name: 'sns-body: strings with escapes', dialect: 'sns-body', make: fill(i => `"\\u00e9\\n\\"\\\\\\t${i}\\ud83d\\ude00"`, '{"k":[', ']}') },
  { name: 'sns-body: one long escaped string', dialect: 'sns-body', make: max => `{"k":["${'\\u00e9\\n'.repeat(Math.floor((max - 12) / 8))}"]}` },
  { name: 'sns-body: distinct keys at many depths', dialect: 'sns-body', make: fill(i => `"k${i}":{"m${i % 7}":{"n${i % 3}":{"o":["v${i}"]}}}`, '{', '}') },
  { name: 'sns-body: deep and wide', dialect: 'sns-body', make: max => deep(Math.min(990, Math.floor(max / 14)), fill(i => `"w${i}":["v${i}"]`, '{', '}')(max - 7 * Math.min(990, Math.floor(max / 14)))) },
  { name: 'sns-body: exists list', dialect: 'sns-body', make: fill(i => `"k${i}":[{"exists":${i % 2 === 0}}]`, '{', '}') },
  { name: 'sns-body: anything-but prefixes', dialect: 'sns-body', make: fill(i => `{"anything-but":{"prefix":"p${i}"}}`, '{"k":[', ']}') },
  { name: 'sns-body: $or nested in $or', dialect: 'sns-body', make: fill(i => `{"$or":[{"a":["${i}"]},{"b${i % 3}":["x"]}]}`, '{"$or":[', ']}') },
  { name: 'eventbridge: equals-ignore-case list', dialect: 'eventbridge', make: fill(i => `{"equals-ignore-case":"Straße${i}"}`, '{"k":[', ']}') },
  { name: 'eventbridge: suffix list', dialect: 'eventbridge', make: fill(i => `{"suffix":".png${i}"}`, '{"k":[', ']}') },
  { name: 'eventbridge: wildcards with many stars', dialect: 'eventbridge', make: fill(i => `{"wildcard":"a*b*c*d*e*${i}"}`, '{"k":[', ']}') },
  { name: 'eventbridge: cidr list', dialect: 'eventbridge', make: fill(i => `{"cidr":"10.${i % 256}.${(i >> 8) % 256}.0/24"}`, '{"k":[', ']}') },
  { name: 'eventbridge: many distinct keys', dialect: 'eventbridge', make: fill(i => `"detail${i}":{"x${i % 11}":["v"]}`, '{', '}') },
  { name: 'eventbridge: $or repeated', dialect: 'eventbridge', make: fill(i => `"$or":[{"a":["${i}"]},{"b":["${i}"]}]`, '{', '}') },
  { name: 'pipes: one key repeated', dialect: 'pipes', make: fill(i => `"k":["v${i}"]`, '{', '}') },
  { name: 'pipes: nested key repeated', dialect: 'pipes', make: fill(i => `"body":{"b":{"c":["v${i}"]}}`, '{', '}') },
  { name: 'pipes: many keys', dialect: 'pipes', make: fill(i => `"k${i}":[{"prefix":"v${i}"}]`, '{', '}') },
];
