import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { LocatedPattern } from './patternDocuments';
import { UserError } from '../platform/commands';
import { readWorkspaceText } from './workspaceFiles';
import { DIALECT_SUFFIXES, dialectFromFileName } from '../core/dialect';
import { locatePatterns, locatorAccepts, mayHoldPatterns } from '../core/language/templates';
import { routeEvent } from '../core/engine/route';
import { matchInput, parseSampleFile } from '../core/engine/samples';
import { prepareEvent } from '../core/engine/event';
import { match } from '../core/engine/match';
import { resultSummary } from '../core/engine/explain';
import type { Dialect, Sample } from '../core/types';
import { positionsIn } from '../core/position';

/** A pattern somewhere in the workspace. */
export interface WorkspacePattern {
  /** Unique: `<file uri>::<pattern name>`. */
  readonly key: string;
  readonly uri: vscode.Uri;
  readonly name: string;
  readonly dialect: Dialect;
  readonly located: LocatedPattern;
  readonly pattern?: LocatedPattern['result']['pattern'];
  /** Document range of the pattern (for links). */
  readonly range: vscode.Range;
}

const EXCLUDE = '**/node_modules/**';
/** Files larger than this are not templates anyone edits by hand; skip them when looking for patterns. */
const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 3000;

function languageIdFor(path: string): string | undefined {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.jsonc$/i.test(path)) return 'jsonc';
  if (/\.(json|template)$/i.test(path)) return 'json';
  return undefined;
}

/**
 * Every pattern in the workspace: pattern files (by name, `eventlens.patterns` globs, per-file overrides) and
 * patterns embedded in CloudFormation / SAM templates. Open documents count as edited, not as saved.
 */
export async function workspacePatterns(deps: Deps, token?: vscode.CancellationToken): Promise<WorkspacePattern[]> {
  const dialects = new Map<string, Dialect | undefined>();
  const suffixes = DIALECT_SUFFIXES.map(d => d.suffix.slice(1)).join(',');
  for (const uri of await vscode.workspace.findFiles(`**/*.{${suffixes}}.{json,jsonc}`, EXCLUDE, MAX_FILES, token)) {
    dialects.set(uri.toString(), dialectFromFileName(uri.path));
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const [glob, dialect] of Object.entries(deps.config.patternGlobs(folder.uri))) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), EXCLUDE, MAX_FILES, token)) {
        // The first glob that matches wins, as in the editor.
        if (!dialects.has(uri.toString()) || dialects.get(uri.toString()) === dialectFromFileName(uri.path)) dialects.set(uri.toString(), dialect);
      }
    }
  }
  for (const uri of await vscode.workspace.findFiles('**/*.{yaml,yml,json,template,tf}', EXCLUDE, MAX_FILES, token)) {
    if (!dialects.has(uri.toString()) && !/\.tests\.json$/i.test(uri.path)) dialects.set(uri.toString(), undefined);
  }
  // CDK code: read only when it imports aws-cdk-lib / aws_cdk (checked below); synthesized output is not source.
  for (const uri of await vscode.workspace.findFiles('**/*.{ts,mts,cts,js,mjs,cjs,py}', '{**/node_modules/**,**/cdk.out/**,**/*.d.ts}', MAX_FILES, token)) {
    if (!dialects.has(uri.toString())) dialects.set(uri.toString(), undefined);
  }
  const out: WorkspacePattern[] = [];
  const open = new Map(vscode.workspace.textDocuments.map(d => [d.uri.toString(), d]));
  for (const [key, dialectByName] of dialects) {
    if (token?.isCancellationRequested) break;
    const uri = vscode.Uri.parse(key);
    try {
      let located: readonly LocatedPattern[];
      let positionAt: (offset: number) => vscode.Position;
      const doc = open.get(key);
      if (doc) {
        located = deps.patterns.patterns(doc);
        positionAt = o => doc.positionAt(o);
      } else {
        // Read, not opened: opening every template would light up diagnostics for files the user never opened.
        // Regular files only, with the cap checked while reading (a link to a device has stat size 0).
        const text = await readWorkspaceText(uri, MAX_TEMPLATE_BYTES);
        const dialect = deps.patterns.overrideOf(uri) ?? dialectByName;
        if (!dialect && !mayHoldPatterns(text) && !locatorAccepts({ fileName: uri.path }, text)) continue;
        located = locatePatterns(text, { ...(dialect ? { dialect } : {}), languageId: languageIdFor(uri.path), fileName: uri.path }, { maxPatternSize: deps.config.maxPatternSize(uri) });
        positionAt = positionsOf(text);
      }
      for (const p of located) {
        const range = new vscode.Range(positionAt(p.range.offset), positionAt(p.range.offset + p.range.length));
        out.push({ key: `${key}::${p.name}`, uri, name: p.name, dialect: p.dialect, located: p, pattern: p.result.pattern, range });
      }
    } catch (error) {
      deps.log.debug(`skipping ${key} while looking for patterns: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}

/** Offset → Position for a text that is not open in an editor. */
function positionsOf(text: string): (offset: number) => vscode.Position {
  const positionAt = positionsIn(text);
  return offset => {
    const p = positionAt(offset);
    return new vscode.Position(p.line, p.character);
  };
}

/** The plain-data answer of "Which rules match this event?", returned by the command. */
export interface RouteData {
  readonly sample: { readonly id: string; readonly label: string; readonly kind: Sample['kind'] };
  readonly matched: readonly { readonly uri: string; readonly name: string; readonly dialect: Dialect; readonly line: number }[];
  /** With the first clause that fails and why (`reason`), as the list shows them. */
  readonly unmatched: readonly { readonly uri: string; readonly name: string; readonly reason?: string }[];
  /** What the picker's title counts: the patterns listed (those for this kind of event). */
  readonly listed: number;
  readonly notCompiling: readonly { readonly uri: string; readonly name: string }[];
  readonly eventErrors: readonly string[];
}

/** Why a pattern does not match the sample: its first failing clause and reason, e.g. `detail.status: … "cancelled"`. */
function reasonOf(p: WorkspacePattern, sample: Sample): string | undefined {
  if (!p.pattern) return undefined;
  const prepared = prepareEvent(matchInput(sample, p.dialect), p.dialect);
  if ('error' in prepared) return prepared.error;
  const result = match(p.pattern, prepared);
  return result.matched ? undefined : resultSummary(result);
}

/** The event in a sample file at the cursor (or the first one). */
async function sampleAt(deps: Deps, uriArg: unknown, sampleId: unknown): Promise<Sample> {
  if (typeof sampleId === 'string') {
    await deps.samples.ready;
    const s = deps.samples.get(sampleId);
    if (!s) throw new UserError(`Sample not found: ${sampleId}`);
    return s;
  }
  const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new UserError('Open a sample event file first, then run "Which rules match this event?" again');
  const doc = await vscode.workspace.openTextDocument(uri);
  const r = parseSampleFile(doc.getText(), { id: uri.toString(), label: uri.path.replace(/^.*\//, ''), uri: uri.toString(), origin: 'workspace' });
  if (!r.samples.length) throw new UserError(`This file is not a usable sample event: ${r.errors[0]?.message ?? 'no event found'}`);
  const editor = vscode.window.activeTextEditor;
  if (r.samples.length > 1 && editor?.document.uri.toString() === uri.toString()) {
    const at = doc.offsetAt(editor.selection.active);
    const here = r.samples.find(s => s.offset !== undefined && at >= s.offset && at <= s.offset + s.text.length);
    if (here) return here;
  }
  return r.samples[0]!;
}

/** "Which rules match this event?": every workspace pattern against the sample; lists the matching ones as links. */
export async function routeCommand(deps: Deps, uriArg: unknown, sampleId: unknown, options: { readonly show: boolean }): Promise<RouteData> {
  const sample = await sampleAt(deps, uriArg, sampleId);
  const patterns = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'EventLens: finding patterns' },
    (_progress, token) => workspacePatterns(deps, token),
  );
  const routed = routeEvent(patterns, sample);
  const data: RouteData = {
    sample: { id: sample.id, label: sample.label, kind: sample.kind },
    matched: routed.matched.map(p => ({ uri: p.uri.toString(), name: p.name, dialect: p.dialect, line: p.range.start.line })),
    unmatched: routed.unmatched.map(p => ({ uri: p.uri.toString(), name: p.name, ...(reasonOf(p, sample) ? { reason: reasonOf(p, sample) } : {}) })),
    listed: routed.matched.length + routed.unmatched.length + routed.notCompiling.length,
    notCompiling: routed.notCompiling.map(p => ({ uri: p.uri.toString(), name: p.name })),
    eventErrors: routed.eventErrors.map(e => `${e.dialect}: ${e.error}`),
  };
  deps.log.info(`route ${sample.label}: ${routed.matched.length} of ${patterns.length} patterns match`);
  if (!options.show) return data;
  // File and, in a template, resource: two rules with one name in two templates read apart.
  const label = (p: WorkspacePattern): string => (p.name === 'pattern' ? vscode.workspace.asRelativePath(p.uri) : `${vscode.workspace.asRelativePath(p.uri)} › ${p.name}`);
  type Item = vscode.QuickPickItem & { target?: WorkspacePattern };
  const items: Item[] = [];
  if (routed.matched.length) items.push({ label: `Matching (${routed.matched.length})`, kind: vscode.QuickPickItemKind.Separator });
  for (const p of routed.matched) items.push({ label: `$(pass) ${label(p)}`, description: `${p.dialect} · ${vscode.workspace.asRelativePath(p.uri)}:${p.range.start.line + 1}`, target: p });
  if (routed.notCompiling.length) items.push({ label: `Not compiling (${routed.notCompiling.length})`, kind: vscode.QuickPickItemKind.Separator });
  for (const p of routed.notCompiling) items.push({ label: `$(error) ${label(p)}`, description: vscode.workspace.asRelativePath(p.uri), target: p });
  if (routed.unmatched.length) items.push({ label: `Not matching (${routed.unmatched.length})`, kind: vscode.QuickPickItemKind.Separator });
  for (const p of routed.unmatched) items.push({ label: `$(circle-slash) ${label(p)}`, description: reasonOf(p, sample) ?? '', target: p });
  for (const e of routed.eventErrors) void vscode.window.showWarningMessage(`This event cannot be read for some patterns: ${e.error}`); // informative only
  if (!patterns.length) {
    void vscode.window.showInformationMessage('No event patterns or filter policies found in the workspace: add *.eventpattern.json files or templates with rules'); // informative only
    return data;
  }
  const other = routed.otherKind.length ? ` (${routed.otherKind.length} more are for another kind of event)` : '';
  const picked = await vscode.window.showQuickPick(items, {
    // The count is of what is listed: patterns for other kinds of event (SNS vs EventBridge) are left out of both.
    title: `${routed.matched.length} of ${data.listed} patterns match ${sample.label}${other}`,
    placeHolder: routed.matched.length ? 'Pick one to open it' : 'No pattern matches this event',
    matchOnDescription: true,
  });
  if (picked?.target) {
    const doc = await vscode.workspace.openTextDocument(picked.target.uri);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(picked.target.range.start, picked.target.range.start) });
  }
  return data;
}
