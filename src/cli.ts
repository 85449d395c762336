/**
 * The `eventlens` command line: the same engine as the editor, without vscode. Commands: validate, match,
 * route, batch, test. Exit codes: 0 fine, 1 a finding (an error in a pattern, an event that does not match, a
 * failed expectation), 2 bad input (missing file, unreadable JSON, unknown flag or dialect).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { compile, firstError } from './core/engine/compile';
import { missingEnvelopeFields, prepareEvent } from './core/engine/event';
import { match, matches } from './core/engine/match';
import { renderExplanation } from './core/engine/explain';
import { isDialect } from './core/dialect';
import { DIALECTS, type CompileOptions, type CompileResult, type CompiledPattern, type Dialect, type Problem } from './core/types';
import { runPatternTestsCli } from './core/language/patternTestsCli';
import { TESTS_FILE_SUFFIX } from './core/language/patternTests';
import { confinedReader, FileRefusal, isInside, readRegularFile } from './nodeFiles';
import { findTemplatePattern, isTemplateFile, listPatternFiles, templateProblems } from './cliTemplates';
import { SchemaCatalog, looksLikeSchema, parseEventSchema, type EventSchema } from './core/language/schemas';
import { checkAgainstSchemas } from './core/language/schemaCheck';
import { unknownValues, unknownValuesNote } from './core/language/templates';
import { version } from '../package.json';
import { setCdkVersionResolver } from './core/language/iac';
import { findCdkLibVersion } from './platform/cdkVersion';
import {
  COMMON_FLAGS, compileOptions, dialectFlag, dialectFor, eventInput, type Io, lineCol, nestingError, parseArgs, property,
  guarded, readText, runAsProcess, sourceOf, stdinFor, streamLines, UsageError,
} from './cliBase';
import { cmdRoute } from './cliRoute';

setCdkVersionResolver(findCdkLibVersion);
import { spellingProblems } from './core/language/didYouMean';

function formatProblem(file: string, text: string, p: Problem): string {
  const { line, col } = lineCol(text, p.span.offset);
  return `${file}:${line}:${col}: ${p.severity}: ${p.message}`;
}

function errorsOf(result: CompileResult): Problem[] {
  return result.problems.filter(p => p.severity === 'error');
}

// ---------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------

function useColour(io: Io): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return io.stdout.isTTY === true && io.env.TERM !== 'dumb';
}

function paint(on: boolean, code: number, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

// ---------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------

const HELP = `eventlens ${version} — validate and test Amazon EventBridge event patterns, Pipes filters and SNS filter policies

Usage:
  eventlens validate [--dialect D] [--max-size N] [--schemas DIR [--schema-errors]] FILE|DIR...
      Check pattern files, and every pattern in CloudFormation/SAM templates, AWS CDK code (TypeScript, JavaScript,
      Python), Terraform (.tf, .tf.json) and serverless.yml/.ts, as AWS would. Prints file:line:col: severity:
      message. A DIR stands for the pattern files and sources in it. Exit 1 if any error.
      --schemas DIR also checks EventBridge pattern files against the event schemas in DIR (OpenAPI 3 or JSON Schema
      files naming x-amazon-events-source/-detail-type); --schema-errors makes those warnings errors.
  eventlens match [--dialect D] [--max-size N] PATTERN_FILE[#Name] EVENT_FILE...
      Match each event against the pattern: ✓ or ✗, and for a non-match, why. Exit 1 if an event does not match.
      template.yaml#Name is the pattern of resource Name in a template (lib/stack.ts#ConstructId in CDK code,
      main.tf#aws_cloudwatch_event_rule.name in Terraform, serverless.yml#functions.f.events[0]). An EVENT_FILE
      ending in .jsonl holds one event per line.
  eventlens route --rules RULES [--dialect D] [EVENTS.jsonl | -]
      Route a stream of events (JSON Lines, stdin by default) through a rule set. RULES is a JSON object
      {"rule-name": pattern, ...} or JSON Lines {"name": ..., "pattern": ...}. Writes {"matches":[...]} per event.
  eventlens batch
      Machine interface. Reads JSON Lines {"dialect", "pattern", "event"} on stdin and writes one line per input:
      {"result":"match"}, {"result":"no-match"}, {"result":"invalid","reason":...} or {"result":"error","reason":...}.
  eventlens test [FILE|DIR...]
      Run pattern expectation files. Exit 1 if an expectation fails.

Dialects (--dialect): eventbridge (default), pipes, sns-attributes, sns-body. Without --dialect, a file name
decides: *.eventpattern.json, *.pipefilter.json, *.filterpolicy.json, *.bodyfilterpolicy.json (also .jsonc).
--max-size N sets the EventBridge pattern size limit in characters (2048 by default; 4096 with a quota increase).

Exit codes: 0 all good, 1 a finding (invalid pattern, non-match, failed expectation), 2 bad input.
Options: --help, --version. NO_COLOR turns colours off.`;

const COMMAND_HELP: Record<string, string> = {
  validate: `Usage: eventlens validate [--dialect D] [--max-size N] [--schemas DIR [--schema-errors]] FILE|DIR...
Checks each pattern file as AWS would and prints file:line:col: severity: message for every problem. In a
CloudFormation/SAM template (JSON or YAML) every pattern is checked, each problem placed on the template's own
line and prefixed with the resource's name. A DIR stands for the pattern files and templates under it.
--schemas DIR: also check EventBridge pattern files against the event schemas under DIR (a file or a folder, searched
recursively for .json files that are OpenAPI 3 or JSON Schema documents; each names its event with
x-amazon-events-source and x-amazon-events-detail-type, as the Schema Registry's exports do). Fields the schema
lacks, values of the wrong type or outside an enum, and detail-types without a schema are warnings;
--schema-errors makes them errors. No AWS access is needed.
Exit 1 if any file has an error (warnings alone exit 0), 2 if a file cannot be read.`,
  match: `Usage: eventlens match [--dialect D] [--max-size N] PATTERN_FILE[#Name] EVENT_FILE...
Matches each event against the pattern and prints ✓ or ✗ per event; for a non-match, which clause failed and why.
PATTERN_FILE may be a CloudFormation/SAM template: template.yaml#LargeOrderRule names the pattern of one
resource (as in pattern tests); without #Name the template must hold exactly one.
An EVENT_FILE ending in .jsonl or .ndjson holds one event per line. For SNS an event file is a message record
{"MessageAttributes": {...}, "Message": "..."}, just the MessageAttributes map (sns-attributes) or the raw body (sns-body).
Exit 1 if an event does not match, 2 if the pattern is invalid or a file cannot be read.`,
  route: `Usage: eventlens route --rules RULES [--dialect D] [--max-size N] [EVENTS.jsonl | -]
Reads events as JSON Lines (from the file, or stdin) and writes one line per event, in order:
{"matches":["rule-a","rule-b"]} (rule names sorted). An event line that cannot be used gets
{"matches":[],"error":"..."}. RULES is a JSON object {"rule-name": pattern, ...} or JSON Lines
{"name": "...", "pattern": ...}; a pattern may also be given as a string holding its JSON text.`,
  batch: `Usage: eventlens batch
Reads JSON Lines on stdin, each {"dialect": D, "pattern": <JSON text or object>, "event": <JSON text or object>},
and writes one line per input, in order: {"result":"match"}, {"result":"no-match"},
{"result":"invalid","reason":"<AWS reason text>"}, or {"result":"error","reason":"..."} for a line that cannot be used.
For sns-attributes, "event" is the MessageAttributes map; for sns-body, the raw message body string.`,
  test: `Usage: eventlens test [FILE|DIR...]
Runs pattern expectation files (the current directory when none is given) and prints one line per
expectation, then "N passed, N failed". Exit 1 if an expectation fails.`,
};


async function cmdValidate(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs('validate', args, {
    ...COMMON_FLAGS, '--dialect': { takesValue: true }, '--max-size': { takesValue: true },
    '--schemas': { takesValue: true }, '--schema-errors': { takesValue: false },
  });
  const flag = dialectFlag(parsed);
  const options = compileOptions(parsed);
  if (!parsed.positional.length) throw new UsageError('name at least one pattern file: eventlens validate FILE...');
  const schemasDir = parsed.flags.get('--schemas');
  if (parsed.flags.has('--schema-errors') && typeof schemasDir !== 'string') throw new UsageError('--schema-errors needs --schemas DIR: eventlens validate --schemas DIR --schema-errors FILE...');
  const catalog = typeof schemasDir === 'string' ? loadSchemas(schemasDir, io) : undefined;
  const asErrors = parsed.flags.has('--schema-errors');
  // Read every file first, so a missing one is reported before any output. A folder stands for the pattern files
  // and templates in it.
  const files = parsed.positional.flatMap(target => {
    const listed = isDirectory(target) ? refusalsAsUsage(() => listPatternFiles(target, readRegularFile)) : [target];
    if (!listed.length) throw new UsageError(`no pattern files (*.eventpattern.json, …) or templates holding patterns in: ${target}`);
    return listed.map(file => ({ file, text: readText(file) }));
  });
  let failed = false;
  for (const { file, text } of files) {
    const dialect = flag === undefined && isTemplateFile(file, text) ? undefined : dialectFor(flag, file);
    let problems: readonly Problem[];
    if (dialect === undefined) {
      // A template (no pattern-file name, no --dialect) holds any number of patterns; each is checked where it sits.
      problems = templateProblems(file, text, options).map(t => t.problem);
    } else {
      const result = compile(text, dialect, options);
      const schemaProblems = catalog && result.pattern ? checkAgainstSchemas(result.pattern, text, catalog) : [];
      // The editor's did-you-mean warnings (misspelled envelope keys, AWS sources) too, so both say the same.
      const spelling = options.warnings === false ? [] : spellingProblems(text, dialect);
      // Where a schema warning and a spelling hint name the same characters (a misspelled detail-type), the schema's
      // says more: one warning per mistake.
      const schemaAt = new Set(schemaProblems.map(p => p.span.offset));
      problems = [
        ...result.problems,
        ...spelling.filter(p => !schemaAt.has(p.span.offset)),
        ...schemaProblems.map(p => (asErrors ? { ...p, severity: 'error' as const } : p)),
      ];
    }
    for (const p of problems) {
      io.stdout.write(formatProblem(file, text, p) + '\n');
      if (p.severity === 'error') failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** The event schemas under a file or folder (recursively, `.json` files that are schema documents). */
function loadSchemas(target: string, io: Io): SchemaCatalog {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new UsageError(`schema folder not found: ${target}`);
  }
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 12) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name.endsWith('.json')) files.push(p);
    }
  };
  if (stat.isDirectory()) walk(target, 0);
  else files.push(target);
  const schemas: EventSchema[] = [];
  for (const file of files.sort()) {
    const text = readText(file);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      continue; // not JSON: not a schema (a folder may hold other files)
    }
    if (!looksLikeSchema(doc)) continue;
    const r = parseEventSchema(text, { origin: { kind: 'workspace', label: file, location: file } });
    if (!r.schema) io.stderr.write(`eventlens: skipped a schema file (${r.error}): ${file}\n`);
    else if (!r.schema.source || !r.schema.detailType) io.stderr.write(`eventlens: skipped a schema that names no event (add x-amazon-events-source and x-amazon-events-detail-type): ${file}\n`);
    else schemas.push(r.schema);
  }
  if (!schemas.length) io.stderr.write(`eventlens: no event schemas found, so no pattern was checked against one: ${target}\n`);
  return new SchemaCatalog(schemas);
}

function compileOrFail(file: string, text: string, dialect: Dialect, options: CompileOptions, io: Io): CompiledPattern {
  const result = compile(text, dialect, options);
  if (result.pattern) return result.pattern;
  for (const p of errorsOf(result)) io.stderr.write(formatProblem(file, text, p) + '\n');
  throw new UsageError(`the pattern is not valid, so no event can match it: ${file}`);
}

async function cmdMatch(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs('match', args, { ...COMMON_FLAGS, '--dialect': { takesValue: true }, '--max-size': { takesValue: true } });
  const flag = dialectFlag(parsed);
  const options = compileOptions(parsed);
  const [patternRef, ...eventFiles] = parsed.positional;
  if (patternRef === undefined || !eventFiles.length) throw new UsageError('name a pattern file and at least one event file: eventlens match PATTERN_FILE EVENT_FILE...');
  // `template.yaml#Name`: a pattern in a template, named as in pattern tests (a file whose name has a # wins).
  const hash = patternRef.lastIndexOf('#');
  const split = hash > 0 && !fs.existsSync(patternRef);
  const patternFile = split ? patternRef.slice(0, hash) : patternRef;
  const patternName = split ? patternRef.slice(hash + 1) : undefined;
  const text = readText(patternFile);
  let dialect: Dialect;
  let pattern: CompiledPattern;
  let explainText: string | undefined = text;
  let unknownNote: string | undefined;
  if (patternName !== undefined || (flag === undefined && isTemplateFile(patternFile, text))) {
    const found = findTemplatePattern(patternFile, text, patternName, options);
    if ('error' in found) throw new UsageError(found.error);
    dialect = found.dialect;
    if (!found.result.pattern) {
      for (const p of errorsOf(found.result)) io.stderr.write(formatProblem(patternFile, text, { ...p, span: found.toDocument(p.span) }) + '\n');
      throw new UsageError(`the pattern is not valid, so no event can match it: ${patternRef}`);
    }
    pattern = found.result.pattern;
    unknownNote = unknownValuesNote(unknownValues(found, text));
    // Explanations name lines of the pattern's own text; in a template those would not be the file's lines.
    explainText = found.host === 'document' ? found.text : undefined;
  } else {
    dialect = dialectFor(flag, patternFile);
    pattern = compileOrFail(patternFile, text, dialect, options, io);
  }
  const events = eventFiles.flatMap(file => {
    const content = readText(file);
    if (!/\.(jsonl|ndjson)$/i.test(file)) return [{ label: file, text: content }];
    const lines = content.split(/\r?\n/).flatMap((line, i) => (line.trim() ? [{ label: `${file}:${i + 1}`, text: line }] : []));
    if (!lines.length) throw new UsageError(`the file holds no events: ${file}`);
    return lines;
  });
  const colour = useColour(io);
  let code = 0;
  for (const ev of events) {
    const prepared = prepareEvent(eventInput(ev.text, dialect), dialect);
    if ('error' in prepared) {
      io.stderr.write(`eventlens: cannot use this event (${prepared.error}): ${ev.label}\n`);
      code = 2;
      continue;
    }
    const result = match(pattern, prepared);
    if (result.matched) io.stdout.write(`${paint(colour, 32, '✓')} ${ev.label}\n`);
    else {
      if (code === 0) code = 1;
      io.stdout.write(`${paint(colour, 31, '✗')} ${ev.label}\n`);
      for (const line of renderExplanation(result, explainText)) io.stdout.write(`    ${line}\n`);
    }
    if (unknownNote) io.stdout.write(`    note: ${unknownNote}\n`);
    // Matching does not need the envelope, but AWS's TestEventPattern refuses such an event: say so.
    const missing = dialect === 'eventbridge' ? missingEnvelopeFields(prepared) : [];
    if (missing.length) io.stdout.write(`    note: EventBridge's TestEventPattern rejects an event without these fields: ${missing.join(', ')}\n`);
  }
  return code;
}

/** One line of `eventlens batch`: the answer as a JSON line. Never throws. */
export function batchLine(line: string): string {
  try {
    return JSON.stringify(batchAnswer(line));
  } catch (err) {
    return JSON.stringify({ result: 'error', reason: `internal error: ${err instanceof Error ? err.message : String(err)}` });
  }
}

type BatchAnswer = { result: 'match' | 'no-match' } | { result: 'invalid' | 'error'; reason: string };

function batchAnswer(line: string): BatchAnswer {
  // The pattern is the line's deepest part; AWS's own limit (the engine's error) applies before the tree is built.
  const deep = nestingError(line);
  if (deep) return deep.topKey === 'pattern' ? { result: 'invalid', reason: deep.message } : { result: 'error', reason: `the line nests too deeply: ${deep.message}` };
  const errors: ParseError[] = [];
  const root = parseTree(line, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || !root) return { result: 'error', reason: `the line is not valid JSON: ${errors.length ? printParseErrorCode(errors[0].error) : 'empty'}` };
  if (root.type !== 'object') return { result: 'error', reason: 'the line must be a JSON object with "dialect", "pattern" and "event"' };
  const dialectNode = property(root, 'dialect');
  const dialect: unknown = dialectNode === undefined ? 'eventbridge' : dialectNode.value;
  if (!isDialect(dialect)) return { result: 'error', reason: `unknown dialect (use one of ${DIALECTS.join(', ')}): ${JSON.stringify(dialect)}` };
  const patternNode = property(root, 'pattern');
  if (!patternNode) return { result: 'error', reason: 'the line has no "pattern"' };
  // A string is the pattern's JSON text as sent to AWS; anything else is the JSON value as written in the line.
  const pattern = patternNode.type === 'string' ? (patternNode.value as string) : sourceOf(line, patternNode);
  const compiled = compile(pattern, dialect, { allowComments: false, warnings: false });
  if (!compiled.pattern) {
    const e = firstError(compiled);
    return { result: 'invalid', reason: e?.awsReason ?? e?.message ?? 'invalid pattern' };
  }
  const eventNode = property(root, 'event');
  if (!eventNode || eventNode.type === 'null') return { result: 'error', reason: 'the line has no "event"' };
  let input: unknown;
  if (dialect === 'sns-attributes') {
    input = { MessageAttributes: eventNode.type === 'string' ? safeParse(eventNode.value as string) : JSON.parse(sourceOf(line, eventNode)) };
  } else if (dialect === 'sns-body') {
    // The raw body: a string as given, any other JSON value as its text.
    input = eventNode.type === 'string' ? (eventNode.value as string) : sourceOf(line, eventNode);
  } else {
    input = eventNode.type === 'string' ? (eventNode.value as string) : sourceOf(line, eventNode);
  }
  const prepared = prepareEvent(input, dialect);
  if ('error' in prepared) return { result: 'error', reason: `the event cannot be used: ${prepared.error}` };
  return { result: matches(compiled.pattern, prepared) ? 'match' : 'no-match' };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // prepareEvent explains what is wrong with a value that is not an attributes map.
    return text;
  }
}

async function cmdBatch(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs('batch', args, COMMON_FLAGS);
  if (parsed.positional.length) throw new UsageError(`batch reads stdin and takes no file names: ${parsed.positional.join(' ')}`);
  await streamLines(stdinFor('batch', io), io.stdout, batchLine);
  return 0;
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}

function refusalsAsUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof FileRefusal) throw new UsageError(err.message);
    throw err;
  }
}

function readdirOrRefuse(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'cannot read folder'}: ${dir}`);
  }
}

/** `*.tests.json` files under a directory, skipping node_modules and hidden folders; undefined for a file. */
function listTestsFiles(target: string): string[] | undefined {
  if (!fs.statSync(target).isDirectory()) return undefined;
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirOrRefuse(dir)) {
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(path.join(dir, e.name));
      } else if (e.name.endsWith(TESTS_FILE_SUFFIX)) out.push(path.join(dir, e.name));
    }
  };
  walk(target);
  return out;
}

function readIfExists(file: string): string | undefined {
  try {
    return readText(file);
  } catch {
    return undefined;
  }
}

async function cmdTest(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs('test', args, COMMON_FLAGS);
  const targets = parsed.positional.length ? parsed.positional : ['.'];
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`file or directory not found: ${t}`);
  // Bundled samples ship with the package, beside dist/.
  const samplesDir = path.resolve(__dirname, '..', 'media', 'samples');
  // What a tests file may refer to: the current folder (the checkout, in CI) when the target is inside it, else the
  // folder named (or the named file's folder). Nothing outside it is read, symbolic links included, so a tests file
  // in a pull request cannot print the runner's secrets.
  const cwd = path.resolve('.');
  const roots = targets.map(t => {
    const abs = path.resolve(t);
    if (isInside(cwd, abs) || isInside(realpathOr(cwd), realpathOr(abs))) return cwd;
    return isDirectory(abs) ? abs : path.dirname(abs);
  });
  const rootFor = (file: string): string => {
    const abs = path.resolve(file);
    return roots.filter(r => isInside(r, abs)).sort((a, b) => b.length - a.length)[0] ?? path.dirname(abs);
  };
  const readers = new Map<string, (file: string) => string>();
  const readConfined = (file: string): string | undefined => {
    const root = rootFor(file);
    let reader = readers.get(root);
    if (!reader) readers.set(root, (reader = confinedReader(root)));
    try {
      return reader(file);
    } catch (err) {
      // Missing is "not found" to the tests runner; every other refusal is shown with its reason.
      if (err instanceof FileRefusal && err.why === 'file not found') return undefined;
      throw err;
    }
  };
  return runPatternTestsCli(targets, {
    readFile: readConfined,
    root: rootFor,
    write: (text: string) => void io.stdout.write(text),
    colour: useColour(io),
    listTestsFiles,
    readBundled: (name: string) => (/^[\w-][\w.-]*$/.test(name) && !name.includes('..') ? readIfExists(path.join(samplesDir, `${name}.json`)) : undefined),
  });
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

const COMMANDS: Record<string, (args: readonly string[], io: Io) => Promise<number>> = {
  validate: cmdValidate,
  match: cmdMatch,
  route: cmdRoute,
  batch: cmdBatch,
  test: cmdTest,
};

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      io.stdout.write((topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : HELP) + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v' || command === '-V') {
      io.stdout.write(`${version}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command (see eventlens --help): ${command}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(COMMAND_HELP[command] + '\n');
      return 0;
    }
    return await run(rest, io);
  });
}

// dist/cli.js is cliEntry.ts, which loads this bundle (dist/cliMain.js) and calls runAsProcess(main); run directly
// (a bundle of this file alone), it is the process itself.
if (require.main === module) runAsProcess(main);
