import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { Sample } from '../core/types';
import { registerCommand, UserError } from '../platform/commands';
import { quickFixesInDocument } from '../core/language/codeActions';
import { checkAgainstSchemas, exactStrings } from '../core/language/schemaCheck';
import { generateFromSchemaText, patternForSchema } from '../core/language/schemaSample';
import { parseSampleText } from '../core/engine/samples';
import type { EventSchema } from '../core/language/schemas';
import type { LocatedPattern } from '../core/language/templates';
import { toRange } from './editorProviders';
import { ageText, type SchemaConnections, type SchemaStore } from './schemaStore';
import { isSchemaExplorerNode, newPatternArg, type SchemaItemNode, type SchemaVersionNode } from './schemaExplorer';

function isExplorerSchema(arg: unknown): arg is SchemaItemNode | SchemaVersionNode {
  return typeof arg === 'object' && arg !== null && typeof (arg as { kind?: unknown }).kind === 'string' && isSchemaExplorerNode(arg as { kind: string }) &&
    ((arg as { kind: string }).kind === 'schema' || (arg as { kind: string }).kind === 'schemaVersion');
}

/** `Diagnostic.source` of schema warnings: a kind of its own, beside the AWS-exact diagnostics. */
export const SCHEMA_DIAGNOSTIC_SOURCE = 'EventLens schemas';

/** The scheme of read-only registry schema documents: `eventlens-schema:/<registry>/<name>@<version>.json`. */
export const SCHEMA_SCHEME = 'eventlens-schema';

/** The read-only document of a registry schema version. */
export function schemaUri(registry: string, name: string, version: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: `/${registry}/${name}@${version}.json` });
}

/** The patterns of a document with their schema warnings in place of their compile problems. */
function withSchemaProblems(patterns: readonly LocatedPattern[], store: SchemaStore): LocatedPattern[] {
  const catalog = store.catalog();
  const out: LocatedPattern[] = [];
  for (const p of patterns) {
    if (p.dialect !== 'eventbridge' || !p.result.pattern) continue;
    const problems = checkAgainstSchemas(p.result.pattern, p.text, catalog);
    if (problems.length) out.push({ ...p, result: { ...p.result, problems } });
  }
  return out;
}

/** The sample picker's entry for a schema: a generated event, kept with the other generated samples. */
export async function sampleFromSchema(deps: Deps, schema: EventSchema): Promise<Sample> {
  const text = generateFromSchemaText(schema);
  const id = `schema:${schema.origin.location ?? schema.origin.label}/${schema.name}@${schema.version ?? ''}`;
  const parsed = parseSampleText(text, { id, label: `${schema.detailType ?? schema.name} (from schema ${schema.name}${schema.version ? ` v${schema.version}` : ''})`, origin: 'generated' });
  if (!parsed.sample) throw new UserError(`The schema gave no usable event: ${parsed.error ?? schema.name}`);
  await deps.samples.addEphemeral(parsed.sample);
  return parsed.sample;
}

/** The schemas a pattern names (for the picker), else every schema naming an event. */
export function schemasForPicker(store: SchemaStore, pattern?: { readonly root: import('../core/types').PatternObject; readonly dialect: string }): { readonly schema: EventSchema; readonly forPattern: boolean }[] {
  const all = store.catalog().schemas.filter(s => s.source && s.detailType);
  const sources = pattern && pattern.dialect === 'eventbridge' ? exactStrings(pattern.root, 'source') ?? [] : [];
  const types = pattern && pattern.dialect === 'eventbridge' ? exactStrings(pattern.root, 'detail-type') ?? [] : [];
  const seen = new Set<string>();
  return all
    .filter(s => {
      const key = `${s.source}\u0000${s.detailType}`;
      if (seen.has(key)) return false; // the most trusted one only
      seen.add(key);
      return true;
    })
    .map(schema => ({ schema, forPattern: sources.includes(schema.source!) && (types.length === 0 || types.includes(schema.detailType!)) }))
    .sort((a, b) => Number(b.forPattern) - Number(a.forPattern));
}

function schemaArg(store: SchemaStore, arg: unknown): EventSchema | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { source?: unknown; detailType?: unknown };
  return typeof a.source === 'string' && typeof a.detailType === 'string' ? store.catalog().lookup(a.source, a.detailType) : undefined;
}

async function pickSchema(store: SchemaStore, title: string): Promise<EventSchema | undefined> {
  const items = schemasForPicker(store).map(({ schema }) => ({
    label: schema.detailType ?? schema.name,
    description: `${schema.source ?? ''} · ${schema.name}${schema.version ? ` v${schema.version}` : ''}`,
    detail: schema.origin.label,
    schema,
  }));
  if (!items.length) throw new UserError('No event schemas yet: add schema files to the workspace (eventlens.schemas.files), or open the EventLens AWS view to use the Schema Registry');
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.schema;
}

/**
 * Schema warnings (their own diagnostic collection, so a setting turns the kind off without touching AWS-exact
 * diagnostics) with their quick fixes; "Generate Sample from Schema", "New Pattern for This Event", read-only
 * registry schema documents and "Refresh Event Schemas".
 */
export function registerSchemaFeatures(deps: Deps, connections?: SchemaConnections): void {
  const { context, patterns, config } = deps;
  const store = deps.schemas;
  const log = deps.log.child('schemas');
  if (connections) store.useConnections(connections);
  const collection = vscode.languages.createDiagnosticCollection('eventlens-schemas');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  context.subscriptions.push(collection, { dispose: () => timers.forEach(t => clearTimeout(t)) });

  const validate = (doc: vscode.TextDocument): void => {
    try {
      if (!patterns.handles(doc) || !config.schemaDiagnostics(doc.uri)) {
        collection.delete(doc.uri);
        return;
      }
      const found = patterns.patterns(doc);
      for (const p of found) {
        if (p.dialect !== 'eventbridge' || !p.result.pattern) continue;
        // Registry schemas are fetched when a pattern needs one; the store fires a change when it arrives.
        for (const s of exactStrings(p.result.pattern.root, 'source') ?? []) {
          for (const d of exactStrings(p.result.pattern.root, 'detail-type') ?? []) void store.ensure(s, d);
        }
      }
      const diagnostics: vscode.Diagnostic[] = [];
      for (const p of withSchemaProblems(found, store)) {
        for (const problem of p.result.problems) {
          const d = new vscode.Diagnostic(toRange(doc, p.toDocument(problem.span)), problem.message, vscode.DiagnosticSeverity.Warning);
          d.source = SCHEMA_DIAGNOSTIC_SOURCE;
          d.code = problem.code;
          diagnostics.push(d);
        }
      }
      if (diagnostics.length) collection.set(doc.uri, diagnostics);
      else collection.delete(doc.uri);
    } catch (error) {
      log.error(`checking against schemas failed: ${doc.uri.toString()}`, error);
    }
  };
  const schedule = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      validate(doc);
    }, config.validationDelay(doc.uri)));
  };
  const validateAll = (): void => {
    for (const doc of vscode.workspace.textDocuments) validate(doc);
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(validate),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length) schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument(doc => collection.delete(doc.uri)),
    patterns.onDidChangeDialects(validateAll),
    store.onDidChange(validateAll),
    config.onDidChange(e => {
      if (e.affectsConfiguration('eventlens.schemas.diagnostics')) validateAll();
    }),
  );
  validateAll();

  context.subscriptions.push(vscode.languages.registerCodeActionsProvider(patterns.selector, {
    provideCodeActions(doc, range, ctx) {
      try {
        if (!config.schemaDiagnostics(doc.uri)) return undefined;
        const found = withSchemaProblems(patterns.patterns(doc), store);
        if (!found.length) return undefined;
        const span = { offset: doc.offsetAt(range.start), length: doc.offsetAt(range.end) - doc.offsetAt(range.start) };
        return quickFixesInDocument(found, span, doc.getText()).map(fix => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          const edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) edit.replace(doc.uri, toRange(doc, e.span), e.newText);
          action.edit = edit;
          action.isPreferred = true;
          const problemRange = toRange(doc, fix.problemSpan);
          action.diagnostics = ctx.diagnostics.filter(d => d.source === SCHEMA_DIAGNOSTIC_SOURCE && d.code === fix.problem.code && d.range.isEqual(problemRange));
          return action;
        });
      } catch (error) {
        log.error('schema quick fixes failed', error);
        return undefined;
      }
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));

  // Read-only schema documents from the registry (the explorer's versions open here).
  const contentChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(contentChanged, vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, {
    onDidChange: contentChanged.event,
    async provideTextDocumentContent(uri) {
      const m = /^\/([^/]+)\/(.+)@([^@/]+)\.json$/.exec(decodeURIComponent(uri.path));
      if (!m) return `// Not a schema address: ${uri.toString()}`;
      try {
        const schema = await store.fetch(m[1], m[2], m[3]);
        const text = schema ? store.contentOf(m[1], m[2], m[3]) : undefined;
        return text ?? `// The registry returned no content for ${m[1]}/${m[2]} version ${m[3]}`;
      } catch (error) {
        return `// The schema could not be fetched. Check the connection in the EventLens AWS view, then reopen it: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
  }));

  const cmd = (id: string, handler: (...args: never[]) => unknown): void => registerCommand(context, deps.log, id, handler as (...args: unknown[]) => unknown);

  cmd('eventlens.schemas.refresh', async () => {
    await store.refreshRegistry();
    const ages = store.listingAges();
    void vscode.window.setStatusBarMessage(`EventLens: ${store.catalog().size} event schemas${ages.length ? `, registries listed ${ageText(ages[0].fetchedAt)}` : ''}`, 4000);
    return store.catalog().size;
  });

  cmd('eventlens.schemas.openVersion', async (arg?: unknown) => {
    const a = (typeof arg === 'object' && arg !== null ? arg : {}) as { registryName?: unknown; schemaName?: unknown; version?: unknown };
    if (typeof a.registryName !== 'string' || typeof a.schemaName !== 'string' || typeof a.version !== 'string') {
      throw new UserError('Pick a schema version in the EventLens AWS view to open it');
    }
    const uri = schemaUri(a.registryName, a.schemaName, a.version);
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return uri.toString();
  });

  cmd('eventlens.schemas.generateSample', async (arg?: unknown) => {
    const schema = schemaArg(store, arg) ?? await pickSchema(store, 'Generate Sample from Schema');
    if (!schema) return undefined;
    // Kept with the generated samples too, so the match lens can use it at once.
    const sample = await sampleFromSchema(deps, schema);
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: sample.text });
    await vscode.window.showTextDocument(doc);
    return { text: sample.text, sampleId: sample.id };
  });

  cmd('eventlens.schemas.newPattern', async (arg?: unknown) => {
    const fromNode = isExplorerSchema(arg) ? newPatternArg(arg)
      : typeof arg === 'object' && arg !== null && 'schemaName' in arg ? arg as { schemaName: string; registryName?: string } : undefined;
    let target: { source?: string; detailType?: string } | undefined = schemaArg(store, arg);
    if (!target && fromNode) {
      // An explorer schema: its content says the event; fetch it (the latest version) when not loaded yet.
      const schema = await store.fetch(fromNode.registryName ?? 'aws.events', fromNode.schemaName);
      target = schema;
    }
    if (!target && typeof arg === 'object' && arg !== null) target = arg as { source?: string; detailType?: string };
    target ??= await pickSchema(store, 'New Pattern for This Event');
    if (!target?.source) return undefined;
    const base = (target.detailType ?? 'event').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'event';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = folder ? vscode.Uri.joinPath(folder, `${base}.eventpattern.json`).with({ scheme: 'untitled' }) : vscode.Uri.parse(`untitled:${base}.eventpattern.json`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const fields = [`\t"source": [${JSON.stringify(target.source)}]`];
    if (target.detailType) fields.push(`\t"detail-type": [${JSON.stringify(target.detailType)}]`);
    const escape = (s: string): string => s.replace(/[\\$}]/g, m => `\\${m}`);
    await editor.insertSnippet(new vscode.SnippetString(escape(`{\n${fields.join(',\n')},\n\t"detail": {\n\t\t`) + '$0' + escape('\n\t}\n}\n')), new vscode.Range(0, 0, doc.lineCount, 0));
    // Completion open inside `detail`: the schema's fields are the first thing offered.
    void vscode.commands.executeCommand('editor.action.triggerSuggest');
    return { uri: doc.uri.toString(), pattern: patternForSchema(target) };
  });
}
