/**
 * The exhaustiveness check that ends every `switch` over a matcher, operator or value kind: when a new kind is
 * added to `types.ts`, each switch that does not handle it stops typechecking here, naming the place.
 * At run time (a value that the types ruled out, e.g. from a cast) it throws rather than answering wrongly.
 * @example
 * switch (m.kind) { case 'exact': …; default: return assertNever(m); }
 */
export function assertNever(value: never, what = 'kind'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
