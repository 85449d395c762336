import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { LocatedPattern } from './patternDocuments';
import type { ClauseResult, Dialect, MatchResult, Problem, Sample } from '../core/types';
import { match } from '../core/engine/match';
import { matchInput } from '../core/engine/samples';

/** One sample's outcome against a pattern. */
export interface SampleRun {
  readonly sample: Sample;
  readonly result: MatchResult;
}

/** A pattern's chosen samples and what the engine made of each. */
export interface PatternRun {
  readonly uri: vscode.Uri;
  readonly pattern: LocatedPattern;
  readonly runs: readonly SampleRun[];
  /** Chosen sample ids that no longer exist (a deleted file, an entry removed from a JSON Lines file). */
  readonly missing: readonly string[];
  /** The pattern's compile errors; when present there are no runs. */
  readonly errors: readonly Problem[];
}

/** The plain-data form of a run, returned by the commands (and so by in-host tests). */
export interface PatternRunData {
  readonly uri: string;
  readonly pattern: string;
  readonly dialect: Dialect;
  readonly errors: readonly string[];
  readonly missing: readonly string[];
  readonly results: readonly {
    readonly sampleId: string;
    readonly label: string;
    readonly matched: boolean;
    readonly eventError?: string;
    readonly explanation: readonly ClauseResult[];
  }[];
}

/** Turn a run into plain data for command results. */
export function runData(run: PatternRun): PatternRunData {
  return {
    uri: run.uri.toString(),
    pattern: run.pattern.name,
    dialect: run.pattern.dialect,
    errors: run.errors.map(p => p.message),
    missing: run.missing,
    results: run.runs.map(r => ({
      sampleId: r.sample.id,
      label: r.sample.label,
      matched: r.result.matched,
      ...(r.result.eventError !== undefined ? { eventError: r.result.eventError } : {}),
      explanation: r.result.explanation,
    })),
  };
}

function key(uri: vscode.Uri, name: string): string {
  return `${uri.toString()}::${name}`;
}

interface Memo {
  readonly text: string;
  readonly dialect: Dialect;
  readonly generation: number;
  readonly chosen: string;
  readonly run: PatternRun;
}

/**
 * Matching state shared by the lens, the decorations, the hover and the commands: which samples each pattern
 * runs against (kept by the SampleStore), which of them is shown in the editor, and the results, recomputed only
 * when the pattern text, the chosen samples or the samples themselves change.
 */
export class MatchSession implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when results may have changed (samples edited, choices changed, the shown sample changed). */
  readonly onDidChange = this.emitter.event;
  private readonly memo = new Map<string, Memo>();
  private readonly activeSample = new Map<string, string>();
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: Deps) {
    this.subscriptions.push(
      this.emitter,
      deps.samples.onDidChange(() => {
        this.generation++;
        this.emitter.fire();
      }),
    );
  }

  /** The patterns of a document (never throws). */
  patternsOf(doc: vscode.TextDocument): readonly LocatedPattern[] {
    try {
      return this.deps.patterns.patterns(doc);
    } catch (error) {
      this.deps.log.error('listing patterns failed', error);
      return [];
    }
  }

  /** The results of a pattern against its chosen samples (cached until something they depend on changes). */
  run(uri: vscode.Uri, pattern: LocatedPattern): PatternRun {
    const k = key(uri, pattern.name);
    const ids = this.deps.samples.chosenIdsFor(uri, pattern.name);
    const chosen = ids.join('\n');
    const cached = this.memo.get(k);
    if (cached && cached.text === pattern.text && cached.dialect === pattern.dialect && cached.generation === this.generation && cached.chosen === chosen) {
      return cached.run;
    }
    const errors = pattern.result.problems.filter(p => p.severity === 'error');
    const runs: SampleRun[] = [];
    const missing: string[] = [];
    const compiled = pattern.result.pattern;
    for (const id of ids) {
      const sample = this.deps.samples.get(id);
      if (!sample) {
        missing.push(id);
        continue;
      }
      if (!compiled) continue;
      let result: MatchResult;
      try {
        result = match(compiled, matchInput(sample, pattern.dialect));
      } catch (error) {
        // The engine promises not to throw; a bug there must not take the lens down with it.
        this.deps.log.error(`matching ${sample.label} failed`, error);
        result = { matched: false, explanation: [], eventError: `EventLens could not match this sample: ${error instanceof Error ? error.message : String(error)}` };
      }
      runs.push({ sample, result });
    }
    const run: PatternRun = { uri, pattern, runs, missing, errors };
    this.memo.set(k, { text: pattern.text, dialect: pattern.dialect, generation: this.generation, chosen, run });
    return run;
  }

  /** The sample whose clause results the editor shows for a pattern: the one picked last, else the first failing. */
  shown(run: PatternRun): SampleRun | undefined {
    const id = this.activeSample.get(key(run.uri, run.pattern.name));
    return run.runs.find(r => r.sample.id === id) ?? run.runs.find(r => !r.result.matched) ?? run.runs[0];
  }

  /** Show this sample's clause results for the pattern. */
  setShown(uri: vscode.Uri, patternName: string, sampleId: string | undefined): void {
    const k = key(uri, patternName);
    if (sampleId === undefined) this.activeSample.delete(k);
    else this.activeSample.set(k, sampleId);
    this.emitter.fire();
  }

  /** Choose the samples of a pattern (replacing the choice); show `show`, else the first failing one. */
  async choose(uri: vscode.Uri, patternName: string, sampleIds: readonly string[], show?: string): Promise<void> {
    await this.deps.samples.setChosen(uri, patternName, sampleIds);
    // Without an explicit sample to show, the first failing one explains the most.
    if (show !== undefined) this.activeSample.set(key(uri, patternName), show);
    else this.activeSample.delete(key(uri, patternName));
    this.emitter.fire();
  }

  /** Add samples to a pattern's choice (kept in order, no duplicates) and show the first added. */
  async add(uri: vscode.Uri, patternName: string, sampleIds: readonly string[]): Promise<void> {
    const current = this.deps.samples.chosenIdsFor(uri, patternName);
    await this.choose(uri, patternName, [...current, ...sampleIds.filter(id => !current.includes(id))], sampleIds[0]);
  }

  /** Recompute everything (the pattern documents re-read). */
  refresh(): void {
    this.memo.clear();
    this.emitter.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.memo.clear();
  }
}

/** Walk a clause tree depth-first. */
export function* clauses(list: readonly ClauseResult[]): Generator<ClauseResult> {
  for (const c of list) {
    yield c;
    if (c.children) yield* clauses(c.children);
  }
}

