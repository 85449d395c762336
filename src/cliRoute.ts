// `eventlens route`: a rule set read from a file, events streamed through it. dist/cli.js (cliEntry.ts) runs it from a
// bundle of its own, dist/cliRoute.js, so routing loads the engine and nothing of the editor's language services.
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { compile, firstError } from './core/engine/compile';
import { RuleSet } from './core/engine/ruleSet';
import {
  COMMON_FLAGS, compileOptions, dialectFlag, dialectFor, eventInput, guarded, type Io, nestingError, openInput, parseArgs,
  parseJsonTree, patternText, property, readText, streamLines, UsageError,
} from './cliBase';

export interface NamedRule {
  readonly name: string;
  readonly text: string;
}

/** Reads a rules file: a JSON object `{"name": pattern}` or JSON Lines `{"name": ..., "pattern": ...}`. */
export function readRules(file: string): NamedRule[] {
  return rulesFromText(readText(file), file);
}

/** The rules in a rules file's text (`file` names it in messages): plain JSON the fast way, anything else by jsonc. */
export function rulesFromText(text: string, file: string): NamedRule[] {
  return plainRules(text) ?? jsoncRules(text, file);
}

// The deepest nesting AWS accepts (the engine's limit, which nestingError reports past).
const MAX_DEPTH = 1000;

/**
 * The rules of a rules object in plain JSON, without building jsonc-parser's tree of the whole file (for 1,000 rules
 * that tree and the nesting scan before it were most of the time route spent before its first event). JSON.parse
 * checks the syntax natively; one scan of the text then finds each rule's name and the exact text of its pattern
 * (number literals and duplicate keys as written). Anything that is not the plain case returns undefined, and
 * `jsoncRules` answers or explains exactly as before: text JSON.parse refuses (JSON Lines, syntax errors), a
 * value that is not an object, the one-line JSON Lines shape, nesting past the limit, a pattern that is neither an
 * object nor a string. JSON.parse accepts only strict JSON, which jsonc-parser (comments and trailing commas
 * disallowed) reads the same way, so both give the same rules.
 */
export function plainRules(text: string): NamedRule[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const n = text.length;
  let i = 0;
  const skipSpace = (): void => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  // At a string's opening quote: moves past its closing quote (one not preceded by an odd run of backslashes).
  const skipString = (): void => {
    for (let from = i + 1; ; ) {
      const q = text.indexOf('"', from);
      if (q < 0) {
        i = n;
        return;
      }
      let b = q - 1;
      while (text.charCodeAt(b) === 92) b--;
      from = q + 1;
      if ((q - 1 - b) % 2 === 0) {
        i = from;
        return;
      }
    }
  };
  // At a value: moves past it; false when it nests deeper than MAX_DEPTH (the top-level object is depth 1).
  const skipValue = (): boolean => {
    const c = text.charCodeAt(i);
    if (c === 34) {
      skipString();
      return true;
    }
    if (c !== 123 && c !== 91) {
      while (i < n && !',}] \n\r\t'.includes(text[i])) i++;
      return true;
    }
    let depth = 1;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 34) {
        skipString();
        continue;
      }
      if (d === 123 || d === 91) {
        if (++depth > MAX_DEPTH) return false;
      } else if (d === 125 || d === 93) {
        if (--depth === 1) {
          i++;
          return true;
        }
      }
      i++;
    }
    return false;
  };
  const rules: NamedRule[] = [];
  skipSpace();
  i++; // the opening brace: JSON.parse said this is an object
  while (i < n) {
    skipSpace();
    if (text.charCodeAt(i) === 125) break;
    if (text.charCodeAt(i) === 44) {
      i++;
      skipSpace();
    }
    const keyStart = i;
    skipString();
    const name = JSON.parse(text.slice(keyStart, i)) as string;
    skipSpace();
    i++; // the colon
    skipSpace();
    const valueStart = i;
    const first = text.charCodeAt(i);
    if (!skipValue()) return undefined;
    if (first === 123) rules.push({ name, text: text.slice(valueStart, i) });
    else if (first === 34) rules.push({ name, text: JSON.parse(text.slice(valueStart, i)) as string });
    else return undefined;
  }
  // A one-line JSON Lines file is also a JSON object: jsoncRules tells the two apart.
  if (rules.length === 2 && rules.some(r => r.name === 'name') && rules.some(r => r.name === 'pattern')) return undefined;
  return rules;
}

/** `rulesFromText` through jsonc-parser's tree: every shape a rules file may have, and every message about it. */
export function jsoncRules(text: string, file: string): NamedRule[] {
  const deep = nestingError(text);
  if (deep) throw new UsageError(`a rule nests too deeply (${deep.message}): ${deep.topKey !== undefined ? `${file}: ${deep.topKey}` : file}`);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const asLine = (node: JsonNode, src: string, where: string): NamedRule => {
    const name = property(node, 'name');
    const pattern = property(node, 'pattern');
    if (name?.type !== 'string' || !pattern) throw new UsageError(`a rule line needs "name" (a string) and "pattern": ${where}`);
    const body = patternText(src, pattern);
    if (body === undefined) throw new UsageError(`a rule's pattern must be an object or a string of JSON text: ${where}`);
    return { name: name.value as string, text: body };
  };
  if (!errors.length && root) {
    if (root.type !== 'object') throw new UsageError(`rules must be a JSON object {"rule-name": pattern} or JSON Lines {"name": ..., "pattern": ...}: ${file}`);
    const keys = (root.children ?? []).map(p => p.children?.[0]?.value);
    // A one-line JSON Lines file is also a JSON object; its "name"/"pattern" shape tells it apart.
    if (keys.length === 2 && keys.includes('name') && keys.includes('pattern') && property(root, 'name')?.type === 'string') return [asLine(root, text, file)];
    return (root.children ?? []).map(p => {
      const [k, v] = p.children ?? [];
      const name = k.value as string;
      const body = v ? patternText(text, v) : undefined;
      if (body === undefined) throw new UsageError(`a rule's pattern must be an object or a string of JSON text: ${file}: ${name}`);
      return { name, text: body };
    });
  }
  const rules: NamedRule[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const node = parseJsonTree(line, `${file}:${i + 1}`);
    rules.push(asLine(node, line, `${file}:${i + 1}`));
  });
  return rules;
}

export async function cmdRoute(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs('route', args, { ...COMMON_FLAGS, '--rules': { takesValue: true }, '--dialect': { takesValue: true }, '--max-size': { takesValue: true } });
  const rulesFile = parsed.flags.get('--rules');
  if (rulesFile === undefined || rulesFile === true) throw new UsageError('name the rules file: eventlens route --rules RULES [EVENTS.jsonl | -]');
  if (parsed.positional.length > 1) throw new UsageError(`route reads one event stream (a file or - for stdin), got: ${parsed.positional.join(' ')}`);
  const dialect = dialectFor(dialectFlag(parsed), rulesFile);
  const options = { ...compileOptions(parsed), warnings: false };
  // EVENTLENS_TIMING=1: where a run's time went, one line on stderr at the end (CPU time of the process, ms).
  const timing = io.env.EVENTLENS_TIMING ? new PhaseTimer() : undefined;
  const rules = readRules(rulesFile);
  timing?.lap('rules file');
  const set = new RuleSet(dialect);
  const seen = new Set<string>();
  let compileMs = 0;
  for (const rule of rules) {
    if (seen.has(rule.name)) throw new UsageError(`two rules have the same name in ${rulesFile}: ${rule.name}`);
    seen.add(rule.name);
    const result = compile(rule.text, dialect, options);
    if (timing) compileMs += timing.lap();
    if (!result.pattern) {
      const e = firstError(result);
      throw new UsageError(`rule "${rule.name}" in ${rulesFile} is not valid: ${e?.awsReason ?? e?.message ?? 'unknown problem'}`);
    }
    set.add(rule.name, result.pattern);
    timing?.lap('plans');
  }
  if (timing) {
    timing.add('compile', compileMs);
    // The index is built on the first event anyway; built here, its time is its own.
    set.readPaths();
    timing.lap('index');
  }
  const input = openInput(parsed.positional[0], io);
  let lines = 0;
  await streamLines(input, io.stdout, line => {
    // EventBridge text goes to the rule set as text: it reads only the paths its rules use (prunedEvent.ts).
    const matches = set.matchingRulesOrError(eventInput(line, dialect));
    // Most events match no rule: their answer is one constant, not an object and an array to stringify.
    const answer = Array.isArray(matches) ? (matches.length === 0 ? NO_MATCHES : JSON.stringify({ matches })) : JSON.stringify({ matches: [], error: matches.error });
    // The first events run before the JIT has optimized the matcher: their share shows what warming up costs.
    if (timing && ++lines === TIMED_WARM_UP) timing.lap(`first ${TIMED_WARM_UP.toLocaleString('en-US')} events`);
    return answer;
  });
  if (timing) {
    timing.lap(lines >= TIMED_WARM_UP ? 'other events (read, match, write)' : 'events (read, match, write)');
    io.stderr.write(`eventlens route timing: ${timing.report()}\n`);
  }
  return 0;
}

/** The answer for an event that matches no rule: `JSON.stringify({ matches: [] })`. */
const NO_MATCHES = '{"matches":[]}';

/** EVENTLENS_TIMING: the events timed on their own at the start of the stream. */
const TIMED_WARM_UP = 1000;

/** CPU time of this process by phase: what EVENTLENS_TIMING prints (`lap` charges the time since the last lap). */
class PhaseTimer {
  // Before route began: starting Node and loading the CLI (process.cpuUsage counts from the process's start).
  private readonly before = cpuMs();
  private last = this.before;
  private readonly phases = new Map<string, number>();

  lap(phase?: string): number {
    const now = cpuMs();
    const ms = now - this.last;
    this.last = now;
    if (phase !== undefined) this.add(phase, ms);
    return ms;
  }

  add(phase: string, ms: number): void {
    this.phases.set(phase, (this.phases.get(phase) ?? 0) + ms);
  }

  report(): string {
    return [['start + load', this.before] as const, ...this.phases].map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The route bundle's `main`: `eventlens route ARGS…` (cliEntry.ts sends only that here; help is cli.ts's). */
export function routeMain(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, () => cmdRoute(argv.slice(1), io));
}
