import * as vscode from 'vscode';
import type { Log } from '../platform/log';
import type { Config } from '../platform/config';
import type { Sample } from '../core/types';
import { DIALECT_SUFFIXES } from '../core/dialect';
import {
  MAX_SAMPLE_FILE_SIZE,
  isSampleFileName,
  parseSampleFile,
  tooLargeError,
  type SampleFileError,
  type SampleKind,
} from '../core/engine/samples';
import { FileRefusal } from '../core/language/patternTests';
import { readWorkspaceText } from './workspaceFiles';

/** One entry of `media/samples/index.json`, the manifest of bundled AWS service events. */
export interface BundledManifestEntry {
  readonly file: string;
  readonly title: string;
  readonly kind: SampleKind;
  readonly source: string;
  readonly detailType: string;
  /** The AWS documentation page the sample is written from. */
  readonly note: string;
}

/** A sample file that could not be (fully) used, for the picker and the log. */
export interface SampleFileProblem {
  readonly uri: string;
  readonly label: string;
  readonly errors: readonly SampleFileError[];
}

const CHOSEN_KEY = 'eventlens.match.chosen';
const EPHEMERAL_KEY = 'eventlens.match.ephemeralSamples';
/** Clipboard and generated samples are remembered in workspace state; cap them so the state stays small. */
const MAX_EPHEMERAL = 50;
const MAX_EPHEMERAL_TEXT = 256 * 1024;
/** Stop scanning after this many files per glob: a workspace with more is not a sample folder. */
const MAX_FILES_PER_GLOB = 5000;

const PATTERN_SUFFIXES = DIALECT_SUFFIXES.map(d => d.suffix);

function chosenKey(docUri: vscode.Uri, patternName: string): string {
  return `${docUri.toString()}::${patternName}`;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.replace(/^.*\//, '');
}

/**
 * Every sample event EventLens knows: workspace files matching `eventlens.sampleEvents` (kept current by file
 * watchers and by edits to open documents), the bundled AWS service events, and clipboard / generated samples.
 * Also remembers which samples the user chose for each pattern (workspace state).
 */
export class SampleStore implements vscode.Disposable {
  /** Resolves when the first workspace scan and the bundled set are loaded. */
  readonly ready: Promise<void>;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  private readonly files = new Map<string, readonly Sample[]>();
  private readonly fileProblems = new Map<string, SampleFileProblem>();
  private bundledSamples: readonly Sample[] = [];
  private bundledManifest: readonly BundledManifestEntry[] = [];
  private ephemeral: Sample[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private readonly pendingDocs = new Map<string, ReturnType<typeof setTimeout>>();
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private scanGeneration = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: Config,
    private readonly log: Log,
  ) {
    this.ephemeral = this.loadEphemeral();
    this.ready = Promise.all([this.loadBundled(), this.rescan()]).then(
      () => undefined,
      error => this.log.error('loading sample events failed', error),
    );
    this.disposables.push(
      this.emitter,
      config.onDidChange(e => {
        if (e.affectsConfiguration('eventlens.sampleEvents')) void this.rescan(); // background: fires onDidChange when done
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()), // background, as above
      // Edits to an open sample file count before it is saved, so results follow what the user sees.
      vscode.workspace.onDidChangeTextDocument(e => this.onDocumentEdited(e.document)),
      // Closing without saving reverts to the file on disk.
      vscode.workspace.onDidCloseTextDocument(doc => {
        if (this.files.has(doc.uri.toString()) && doc.isDirty) void this.readFile(doc.uri); // background re-read
      }),
    );
  }

  /** Workspace, bundled, clipboard and generated samples; optionally only one kind. */
  all(kind?: SampleKind): readonly Sample[] {
    return [...this.workspace(kind), ...this.bundled(kind), ...this.ephemeral.filter(s => !kind || s.kind === kind)];
  }

  /** Samples from workspace files. */
  workspace(kind?: SampleKind): readonly Sample[] {
    const out: Sample[] = [];
    const keys = [...this.files.keys()].sort();
    for (const key of keys) for (const s of this.files.get(key)!) if (!kind || s.kind === kind) out.push(s);
    return out;
  }

  /** The bundled AWS service events (`media/samples`). */
  bundled(kind?: SampleKind): readonly Sample[] {
    return kind ? this.bundledSamples.filter(s => s.kind === kind) : this.bundledSamples;
  }

  /** The bundled manifest, for pickers that group by service. */
  bundledEntries(): readonly BundledManifestEntry[] {
    return this.bundledManifest;
  }

  /** Clipboard and generated samples added this session (and remembered from earlier ones). */
  ephemeralSamples(): readonly Sample[] {
    return this.ephemeral;
  }

  /** Workspace sample files that are invalid, too large or partly unusable. */
  problems(): readonly SampleFileProblem[] {
    return [...this.fileProblems.values()];
  }

  /** The problems of one file, if any. */
  problemsOf(uri: vscode.Uri | string): SampleFileProblem | undefined {
    return this.fileProblems.get(uri.toString());
  }

  /** A sample by id (workspace ids are `<file uri>` or `<file uri>#N`; bundled `bundled:<name>`). */
  get(id: string): Sample | undefined {
    if (id.startsWith('bundled:')) return this.bundledSamples.find(s => s.id === id);
    const hash = id.lastIndexOf('#');
    const fileKey = hash > 0 && /^#\d+$/.test(id.slice(hash)) ? id.slice(0, hash) : id;
    const fromFile = this.files.get(fileKey)?.find(s => s.id === id) ?? this.files.get(id)?.find(s => s.id === id);
    return fromFile ?? this.ephemeral.find(s => s.id === id);
  }

  /** The samples of one workspace file (after the store has read it). */
  samplesOf(uri: vscode.Uri | string): readonly Sample[] {
    return this.files.get(uri.toString()) ?? [];
  }

  /** The ids the user picked for a pattern, including ones that no longer resolve (a deleted file). */
  chosenIdsFor(docUri: vscode.Uri, patternName: string): readonly string[] {
    const all = this.context.workspaceState.get<Record<string, string[]>>(CHOSEN_KEY) ?? {};
    const ids = all[chosenKey(docUri, patternName)];
    return Array.isArray(ids) ? ids.filter(i => typeof i === 'string') : [];
  }

  /** The samples the user picked for a pattern that still exist. */
  chosenFor(docUri: vscode.Uri, patternName: string): readonly Sample[] {
    return this.chosenIdsFor(docUri, patternName)
      .map(id => this.get(id))
      .filter((s): s is Sample => s !== undefined);
  }

  /** Remember the samples picked for a pattern (an empty list forgets them). */
  async setChosen(docUri: vscode.Uri, patternName: string, sampleIds: readonly string[]): Promise<void> {
    const all = { ...(this.context.workspaceState.get<Record<string, string[]>>(CHOSEN_KEY) ?? {}) };
    const key = chosenKey(docUri, patternName);
    if (sampleIds.length === 0) delete all[key];
    else all[key] = [...new Set(sampleIds)];
    await this.context.workspaceState.update(CHOSEN_KEY, all);
    this.emitter.fire();
  }

  /**
   * Keep a clipboard or generated sample (in memory and in workspace state, so choices that use it survive a
   * reload). A sample with the same id replaces the earlier one.
   */
  async addEphemeral(sample: Sample): Promise<void> {
    this.ephemeral = [sample, ...this.ephemeral.filter(s => s.id !== sample.id)].slice(0, MAX_EPHEMERAL);
    const stored = this.ephemeral.filter(s => s.text.length <= MAX_EPHEMERAL_TEXT);
    await this.context.workspaceState.update(EPHEMERAL_KEY, stored);
    this.emitter.fire();
  }

  /** Re-read one file now (tests, and the "Which rules match" command on a file outside the globs). */
  async refreshFile(uri: vscode.Uri): Promise<readonly Sample[]> {
    await this.readFile(uri);
    return this.samplesOf(uri);
  }

  private loadEphemeral(): Sample[] {
    const raw = this.context.workspaceState.get<unknown>(EPHEMERAL_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (s): s is Sample =>
        typeof s === 'object' && s !== null && typeof (s as Sample).id === 'string' && typeof (s as Sample).text === 'string' && ((s as Sample).kind === 'eventbridge' || (s as Sample).kind === 'sns'),
    );
  }

  private async loadBundled(): Promise<void> {
    const folder = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'samples');
    let manifest: BundledManifestEntry[];
    try {
      const raw = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'index.json')))) as { samples?: BundledManifestEntry[] };
      manifest = Array.isArray(raw.samples) ? raw.samples : [];
    } catch (error) {
      this.log.warn(`bundled samples unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const out: Sample[] = [];
    await Promise.all(
      manifest.map(async entry => {
        try {
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, entry.file)));
          const name = entry.file.replace(/\.json$/, '');
          const r = parseSampleFile(text, { id: `bundled:${name}`, label: entry.title, origin: 'bundled', note: entry.note });
          if (r.errors.length) this.log.warn(`bundled sample ${entry.file}: ${r.errors[0]!.message}`);
          out.push(...r.samples);
        } catch (error) {
          this.log.warn(`bundled sample ${entry.file} unreadable: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    const order = new Map(manifest.map((m, i) => [`bundled:${m.file.replace(/\.json$/, '')}`, i]));
    out.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    this.bundledManifest = manifest;
    this.bundledSamples = out;
    this.log.debug(`${out.length} bundled samples loaded`);
    this.fireSoon();
  }

  /** Find every sample file in every workspace folder and (re)start the watchers. */
  private async rescan(): Promise<void> {
    const generation = ++this.scanGeneration;
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const found = new Set<string>();
    const uris: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const glob of this.config.sampleEventGlobs(folder.uri)) {
        const pattern = new vscode.RelativePattern(folder, glob);
        const watcher = vscode.workspace.createFileSystemWatcher(pattern);
        watcher.onDidCreate(uri => this.onFileEvent(uri));
        watcher.onDidChange(uri => this.onFileEvent(uri));
        watcher.onDidDelete(uri => this.forget(uri));
        this.watchers.push(watcher);
        try {
          const list = await vscode.workspace.findFiles(pattern, '**/node_modules/**', MAX_FILES_PER_GLOB);
          if (list.length >= MAX_FILES_PER_GLOB) this.log.warn(`sample glob matched more than ${MAX_FILES_PER_GLOB} files, the rest are ignored: ${glob}`);
          for (const uri of list) {
            if (found.has(uri.toString()) || !isSampleFileName(uri.path, PATTERN_SUFFIXES)) continue;
            found.add(uri.toString());
            uris.push(uri);
          }
        } catch (error) {
          this.log.warn(`sample glob could not be searched: ${glob}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    if (generation !== this.scanGeneration) return; // a newer scan started meanwhile; it owns the result
    for (const key of [...this.files.keys()]) if (!found.has(key)) this.forget(vscode.Uri.parse(key), false);
    // Read a few files at a time: thousands of small reads at once would starve the extension host.
    const queue = [...uris];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let uri = queue.shift(); uri; uri = queue.shift()) await this.readFile(uri, false);
      }),
    );
    this.log.debug(`${this.workspace().length} workspace samples in ${uris.length} files`);
    this.fireSoon();
  }

  private onFileEvent(uri: vscode.Uri): void {
    if (!isSampleFileName(uri.path, PATTERN_SUFFIXES) || uri.path.includes('/node_modules/')) return;
    // An open, edited document is the truth until it is saved or closed.
    const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    if (open?.isDirty) return;
    void this.readFile(uri); // background: fires onDidChange when read
  }

  private onDocumentEdited(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (!this.files.has(key) && !this.fileProblems.has(key)) return;
    const pending = this.pendingDocs.get(key);
    if (pending) clearTimeout(pending);
    this.pendingDocs.set(
      key,
      setTimeout(() => {
        this.pendingDocs.delete(key);
        this.store(doc.uri, doc.getText());
      }, this.config.validationDelay(doc.uri)),
    );
  }

  private async readFile(uri: vscode.Uri, notify = true): Promise<void> {
    try {
      const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      if (open) {
        this.store(uri, open.getText(), notify);
        return;
      }
      // A regular file only, at most 10 MB: a symbolic link to /dev/zero (stat size 0) would otherwise be read forever.
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_SAMPLE_FILE_SIZE) {
        this.setResult(uri, [], [tooLargeError(stat.size)], notify);
        return;
      }
      this.store(uri, await readWorkspaceText(uri, MAX_SAMPLE_FILE_SIZE), notify);
    } catch (error) {
      if (error instanceof FileRefusal) this.setResult(uri, [], [{ message: `Sample file not read, ${error.why}: ${baseName(uri)}` }], notify);
      else if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') this.forget(uri, notify);
      else this.setResult(uri, [], [{ message: `Sample file could not be read: ${error instanceof Error ? error.message : String(error)}` }], notify);
    }
  }

  private store(uri: vscode.Uri, text: string, notify = true): void {
    const r = parseSampleFile(text, { id: uri.toString(), label: baseName(uri), uri: uri.toString(), origin: 'workspace' });
    this.setResult(uri, r.samples, r.errors, notify);
  }

  private setResult(uri: vscode.Uri, samples: readonly Sample[], errors: readonly SampleFileError[], notify: boolean): void {
    const key = uri.toString();
    this.files.set(key, samples);
    if (errors.length) {
      this.fileProblems.set(key, { uri: key, label: baseName(uri), errors });
      this.log.debug(`sample file ${baseName(uri)}: ${errors[0]!.message}`);
    } else this.fileProblems.delete(key);
    if (notify) this.fireSoon();
  }

  private forget(uri: vscode.Uri, notify = true): void {
    const key = uri.toString();
    const had = this.files.delete(key) || this.fileProblems.delete(key);
    this.fileProblems.delete(key);
    if (had && notify) this.fireSoon();
  }

  /** Coalesce bursts (a scan, a git checkout) into one change event. */
  private fireSoon(): void {
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.emitter.fire();
    }, 20);
  }

  dispose(): void {
    for (const t of this.pendingDocs.values()) clearTimeout(t);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
