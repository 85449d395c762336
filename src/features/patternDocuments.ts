import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Log } from '../platform/log';
import type { Config } from '../platform/config';
import type { Dialect } from '../core/types';
import { dialectFromFileName, isDialect } from '../core/dialect';
import { locatePatterns, type LocatedPattern } from '../core/language/templates';
import { MAX_SHOWN_PER_FILE } from '../core/language/shownProblems';
import { PATTERN_LANGUAGE } from './patternLanguage';

export type { LocatedPattern } from '../core/language/templates';

const CODE_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python']);
const OVERRIDES_KEY = 'eventlens.dialectOverrides';
/** The explorer's read-only documents of remote patterns. */
export const AWS_SCHEME = 'eventlens-aws';

interface CacheEntry {
  readonly doc: vscode.TextDocument;
  readonly version: number;
  readonly key: string;
  readonly patterns: readonly LocatedPattern[];
}

/**
 * The shared answer to "which patterns are in this document, in which dialect, compiled": the editor's
 * diagnostics/completion/hover, the match lens and the explorer all ask here, so a document is compiled once per
 * version and every feature agrees on its dialect.
 */
export class PatternDocuments implements vscode.Disposable {
  /** Pattern files (their own language, see patternLanguage.ts), JSON, JSONC and YAML documents (any scheme: files, untitled, the explorer's `eventlens-aws`), Terraform files. */
  readonly selector: vscode.DocumentFilter[] = [
    { language: PATTERN_LANGUAGE },
    { language: 'json' },
    { language: 'jsonc' },
    { language: 'yaml' },
    { scheme: AWS_SCHEME },
    // CDK code: only files importing aws-cdk-lib / aws_cdk are read (see core/language/cdk/locator.ts).
    { language: 'typescript', scheme: 'file' },
    { language: 'javascript', scheme: 'file' },
    { language: 'typescriptreact', scheme: 'file' },
    { language: 'python', scheme: 'file' },
    { language: 'typescript', scheme: 'untitled' },
    { language: 'python', scheme: 'untitled' },
    // `.tf` files are `terraform` with HashiCorp's extension and plain text without it: matched by name.
    { language: 'terraform' },
    { pattern: '**/*.tf' },
  ];
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when a document's dialect may have changed (override set, `eventlens.patterns` edited). */
  readonly onDidChangeDialects = this.emitter.event;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: Config,
    private readonly log: Log,
  ) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidCloseTextDocument(doc => {
        this.cache.delete(doc.uri.toString());
        this.untitledOverrides.delete(doc.uri.toString());
      }),
      config.onDidChange(e => {
        if (e.affectsConfiguration('eventlens.patterns') || e.affectsConfiguration('eventlens.maxPatternSize')) {
          this.cache.clear();
          this.emitter.fire();
        }
      }),
      // An edit in an open file that a Terraform resource reads with `file("…")` (unsaved edits count).
      vscode.workspace.onDidChangeTextDocument(e => this.referencedFileChanged(e.document.uri.toString())),
    );
  }

  /** The Terraform documents whose patterns read a file, by that file's URI; and a watcher per such file. */
  private readonly readers = new Map<string, Set<string>>();
  private readonly watchers = new Map<string, vscode.Disposable>();

  /** A file some Terraform document reads changed (in an editor or on disk): those documents are read again. */
  private referencedFileChanged(key: string): void {
    const readers = this.readers.get(key);
    if (!readers?.size) return;
    for (const r of readers) this.cache.delete(r);
    this.emitter.fire();
  }

  /** Watch a referenced file on disk (saved from another editor, regenerated, checked out). */
  private watch(key: string): void {
    if (this.watchers.has(key)) return;
    const target = vscode.Uri.parse(key);
    const name = target.path.slice(target.path.lastIndexOf('/') + 1);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(target, '..'), name));
    const changed = (): void => this.referencedFileChanged(key);
    this.watchers.set(key, vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)));
  }

  /** Untitled documents' overrides live only as long as the document: the next Untitled-1 is another file. */
  private readonly untitledOverrides = new Map<string, Dialect>();

  private overrides(): Readonly<Record<string, Dialect>> {
    return this.context.workspaceState.get<Record<string, Dialect>>(OVERRIDES_KEY) ?? {};
  }

  /** Whether the document could hold patterns at all (its language / scheme is one we read). */
  handles(doc: vscode.TextDocument): boolean {
    return vscode.languages.match(this.selector, doc) > 0;
  }

  /**
   * The dialect of a standalone pattern file: the per-file override, else the first `eventlens.patterns` glob
   * that matches, else the file-name convention. `undefined` for any other document (it may still be a
   * template holding patterns: see `patterns`).
   */
  dialectOf(doc: vscode.TextDocument): Dialect | undefined {
    // YAML files are templates and code holds patterns in expressions; a pattern file is JSON.
    if (doc.languageId === 'yaml' || CODE_LANGUAGES.has(doc.languageId)) return undefined;
    const override = this.overrideOf(doc.uri);
    if (override) return override;
    const globs = this.config.patternGlobs(doc.uri);
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    for (const [glob, dialect] of Object.entries(globs)) {
      const pattern = folder ? new vscode.RelativePattern(folder, glob) : glob;
      if (vscode.languages.match({ pattern }, doc) > 0) return dialect;
    }
    return dialectFromFileName(doc.uri.path) ?? this.referenced.get(doc.uri.toString());
  }

  /** Pattern files a Terraform resource reads with `file("x.json")`: their dialect is the resource's. */
  private readonly referenced = new Map<string, Dialect>();

  /**
   * A reader for `file("…")` references of a Terraform file on disk: open documents first (unsaved edits count),
   * else the file, if it is inside the workspace and small. Anything else is not followed.
   */
  private relativeReader(doc: vscode.TextDocument): ((path: string) => string | undefined) | undefined {
    if (doc.uri.scheme !== 'file' || !/\.tf$/i.test(doc.uri.path)) return undefined;
    return rel => {
      try {
        const target = vscode.Uri.joinPath(doc.uri, '..', rel);
        if (!vscode.workspace.getWorkspaceFolder(target)) return undefined;
        const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === target.toString());
        if (open) return open.getText();
        if (fs.statSync(target.fsPath).size > 512 * 1024) return undefined;
        return fs.readFileSync(target.fsPath, 'utf8');
      } catch {
        return undefined;
      }
    };
  }

  /** Remember the dialects of the files this document's patterns read; re-check those files when one changes. */
  private noteReferences(doc: vscode.TextDocument, patterns: readonly LocatedPattern[]): void {
    let changed = false;
    for (const p of patterns) {
      if (!p.file) continue;
      const key = vscode.Uri.joinPath(doc.uri, '..', p.file).toString();
      let readers = this.readers.get(key);
      if (!readers) this.readers.set(key, (readers = new Set()));
      readers.add(doc.uri.toString());
      this.watch(key);
      if (this.referenced.get(key) === p.dialect) continue;
      this.referenced.set(key, p.dialect);
      this.cache.delete(key);
      changed = true;
    }
    // After this call returns: the listeners ask for patterns again.
    if (changed) queueMicrotask(() => this.emitter.fire());
  }

  /** The override set for this file, if any (for the status bar's picker). */
  overrideOf(uri: vscode.Uri): Dialect | undefined {
    const d = uri.scheme === 'untitled' ? this.untitledOverrides.get(uri.toString()) : this.overrides()[uri.toString()];
    return isDialect(d) ? d : undefined;
  }

  /** The patterns in a document, compiled; cached per document version. `[]` when there are none. */
  patterns(doc: vscode.TextDocument): readonly LocatedPattern[] {
    try {
      if (!this.handles(doc)) return [];
      const uri = doc.uri.toString();
      const dialect = this.dialectOf(doc);
      const maxPatternSize = this.config.maxPatternSize(doc.uri);
      const key = `${dialect ?? ''}|${maxPatternSize}|${doc.languageId}`;
      const cached = this.cache.get(uri);
      // The same document object too: a new untitled document can reuse a closed one's URI and version 1.
      if (cached && cached.doc === doc && cached.version === doc.version && cached.key === key) return cached.patterns;
      const started = performance.now();
      const readRelative = this.relativeReader(doc);
      const patterns = locatePatterns(doc.getText(), { dialect, languageId: doc.languageId, fileName: doc.uri.path, ...(readRelative ? { readRelative } : {}) }, { maxPatternSize, maxWarnings: MAX_SHOWN_PER_FILE });
      if (readRelative) this.noteReferences(doc, patterns);
      const ms = performance.now() - started;
      if (ms > 50) this.log.debug(`compiling ${patterns.length} pattern(s) took ${ms.toFixed(0)} ms: ${doc.uri.path}`);
      this.cache.set(uri, { doc, version: doc.version, key, patterns });
      return patterns;
    } catch (error) {
      this.log.error(`finding patterns failed: ${doc.uri.toString()}`, error);
      return [];
    }
  }

  /** Set (or with `undefined`, clear) the dialect of one file; remembered per workspace. */
  async setDialect(uri: vscode.Uri, dialect: Dialect | undefined): Promise<void> {
    if (uri.scheme === 'untitled') {
      if (dialect) this.untitledOverrides.set(uri.toString(), dialect);
      else this.untitledOverrides.delete(uri.toString());
      this.cache.delete(uri.toString());
      this.emitter.fire();
      return;
    }
    const next = { ...this.overrides() };
    if (dialect) next[uri.toString()] = dialect;
    else delete next[uri.toString()];
    await this.context.workspaceState.update(OVERRIDES_KEY, next);
    this.cache.delete(uri.toString());
    this.emitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.cache.clear();
  }
}
