import * as vscode from 'vscode';
import type { Config } from '../platform/config';
import type { Log } from '../platform/log';
import { SchemaCatalog, looksLikeSchema, parseEventSchema, splitSchemaName, type EventSchema, type ListedSchema } from '../core/language/schemas';
import type { Connection } from './explorerConnection';
import { awsLoaded } from './explorerLoader';

/** What the registry side needs of the explorer's connection (given once the explorer exists). */
export interface SchemaConnections {
  get(): Promise<Connection>;
  readonly onDidChange: vscode.Event<void>;
}

/** One registry's listing for one connection and region, with when it was fetched. */
interface Listing {
  readonly fetchedAt: string;
  readonly schemas: readonly ListedSchema[];
}

/** A fetched schema version as kept on disk. */
interface CachedSchema {
  readonly registry: string;
  readonly name: string;
  readonly version: string;
  readonly type: string;
  readonly content: string;
  readonly fetchedAt: string;
}

const LISTING_FILE = 'listing.json';
const FAILED_RETRY_MS = 60_000;

/** `3 min ago`, `2 h ago`, `5 days ago`: the visible age of a fetched schema. */
export function ageText(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'never fetched';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return 'unknown age';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/** A file-name-safe piece of a cache path. */
function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 120) || '_';
}

/**
 * Every event schema EventLens knows, in order of trust: workspace files named by `eventlens.schemas.associations`,
 * workspace schema files that name their event themselves, then the Schema Registry of the connected account and
 * region (listed and fetched lazily, once the AWS side is in use; cached on disk per connection/region/registry/
 * version). Bundled samples stay the last resort of completion (the sample index). `catalog()` is what the
 * editor features ask; `onDidChange` fires when it changed.
 */
export class SchemaStore implements vscode.Disposable {
  private workspaceSchemas = new Map<string, EventSchema>();
  private registrySchemas = new Map<string, EventSchema>();
  /** Fetched schema documents by `registry/name@version`, for the read-only views. */
  private readonly contents = new Map<string, string>();
  private listings = new Map<string, Listing>();
  /** Whether the current scope's registries were listed (an account may have none). */
  private listed = false;
  private cached: SchemaCatalog | undefined;
  private connections?: SchemaConnections;
  /** The connection/region the registry side currently speaks for (cache directory and listing key). */
  private scope?: { readonly dir: vscode.Uri; readonly region: string; readonly connection: Connection };
  private readonly inflight = new Map<string, Promise<void>>();
  /** Keys whose fetch failed, with when: retried after FAILED_RETRY_MS (throttling or a dropped connection pass). */
  private readonly failed = new Map<string, number>();
  /**
   * Bumped whenever what was fetched is thrown away (another connection, Refresh). Work started under an older
   * generation finishes without touching the state: a slow call to the previous endpoint must neither mark a key
   * as failed nor set the scope or listings of the new one.
   */
  private generation = 0;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  readonly onDidChange = this.emitter.event;
  /** Resolves when the workspace has been scanned once. */
  readonly ready: Promise<void>;

  constructor(private readonly context: vscode.ExtensionContext, private readonly config: Config, private readonly log: Log) {
    this.subscriptions.push(config.onDidChange(e => {
      if (e.affectsConfiguration('eventlens.schemas.files') || e.affectsConfiguration('eventlens.schemas.associations')) void this.scanWorkspace();
      if (e.affectsConfiguration('eventlens.schemas.registry')) this.changed();
    }));
    this.ready = this.scanWorkspace();
  }

  /** The catalog of every known schema and registry listing (rebuilt only after a change). */
  catalog(): SchemaCatalog {
    if (this.cached) return this.cached;
    const registry = this.config.schemaRegistry();
    const listed = registry ? [...this.listings.values()].flatMap(l => l.schemas) : [];
    this.cached = new SchemaCatalog([...this.workspaceSchemas.values(), ...(registry ? this.registrySchemas.values() : [])], listed);
    return this.cached;
  }

  /** Registry listings by registry name, with their age, for the explorer and the refresh command. */
  listingAges(): { readonly registry: string; readonly fetchedAt: string }[] {
    return [...this.listings.entries()].map(([registry, l]) => ({ registry, fetchedAt: l.fetchedAt }));
  }

  private changed(): void {
    this.cached = undefined;
    this.emitter.fire();
  }

  // -----------------------------------------------------------------------------------------------------------
  // Workspace files.
  // -----------------------------------------------------------------------------------------------------------

  private async scanWorkspace(): Promise<void> {
    try {
      for (const w of this.watchers) w.dispose();
      this.watchers = [];
      const next = new Map<string, EventSchema>();
      const associations = this.config.schemaAssociations();
      const globs = [...this.config.schemaFileGlobs(), ...associations.map(a => a.schema)];
      const uris = new Map<string, vscode.Uri>();
      for (const glob of globs) {
        for (const uri of await vscode.workspace.findFiles(glob, '**/node_modules/**', 2000)) uris.set(uri.toString(), uri);
        const watcher = vscode.workspace.createFileSystemWatcher(glob);
        const rescan = (): void => void this.scanWorkspace();
        watcher.onDidCreate(rescan);
        watcher.onDidChange(rescan);
        watcher.onDidDelete(rescan);
        this.watchers.push(watcher);
      }
      for (const uri of uris.values()) {
        const schema = await this.readWorkspaceSchema(uri, associations);
        if (schema) next.set(uri.toString(), schema);
      }
      this.workspaceSchemas = next;
      this.log.info(`${next.size} workspace event schema${next.size === 1 ? '' : 's'}`);
      this.changed();
    } catch (error) {
      this.log.error('reading the workspace event schemas failed', error);
    }
  }

  private async readWorkspaceSchema(uri: vscode.Uri, associations: ReturnType<Config['schemaAssociations']>): Promise<EventSchema | undefined> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!looksLikeSchema(doc)) return undefined;
    const rel = vscode.workspace.asRelativePath(uri, false);
    const assoc = associations.find(a => a.schema === rel || a.schema.replace(/^\.\//, '') === rel);
    const r = parseEventSchema(text, {
      origin: { kind: assoc ? 'workspace-setting' : 'workspace', label: rel, location: uri.toString() },
      ...(assoc ? { source: assoc.source, detailType: assoc.detailType } : {}),
    });
    if (!r.schema) {
      this.log.warn(`skipped a schema file (${r.error}): ${rel}`);
      return undefined;
    }
    if (r.schema.unsupported.length) this.log.info(`schema ${rel} uses what EventLens does not check yet: ${r.schema.unsupported.join(', ')}`);
    return r.schema;
  }

  // -----------------------------------------------------------------------------------------------------------
  // The Schema Registry.
  // -----------------------------------------------------------------------------------------------------------

  /** Lets the registry side use the explorer's connection; until then only workspace schemas are known. */
  useConnections(connections: SchemaConnections): void {
    this.connections = connections;
    this.subscriptions.push(connections.onDidChange(() => {
      // Another profile, region or endpoint: what was fetched belongs to the old one.
      this.generation++;
      this.inflight.clear();
      this.scope = undefined;
      this.registrySchemas = new Map();
      this.listings = new Map();
      this.listed = false;
      this.failed.clear();
      this.changed();
    }));
  }

  /** The connection and region schemas come from (the first of the explorer's regions), and its cache folder. */
  private async currentScope(): Promise<SchemaStore['scope']> {
    if (this.scope) return this.scope;
    if (!this.connections) return undefined;
    const generation = this.generation;
    const connection = await this.connections.get();
    if (generation !== this.generation || this.scope) return this.currentScope();
    const region = connection.regions[0];
    const dir = vscode.Uri.joinPath(this.context.globalStorageUri, 'schemas', safe(connection.key), safe(region));
    const scope = { dir, region, connection };
    this.scope = scope;
    await this.loadDiskCache(dir, generation);
    return scope;
  }

  /** Whether the registry may be asked now: enabled, and the AWS side already loaded (editing never loads it). */
  registryActive(): boolean {
    return !!this.connections && this.config.schemaRegistry() && awsLoaded();
  }

  private async loadDiskCache(dir: vscode.Uri, generation: number): Promise<void> {
    try {
      const registries = await vscode.workspace.fs.readDirectory(dir).then(x => x, () => [] as [string, vscode.FileType][]);
      for (const [registryDir, type] of registries) {
        if (type !== vscode.FileType.Directory) continue;
        const base = vscode.Uri.joinPath(dir, registryDir);
        const listing = await this.readJson<Listing & { registry: string }>(vscode.Uri.joinPath(base, LISTING_FILE));
        if (generation !== this.generation) return;
        if (listing?.registry && Array.isArray(listing.schemas)) {
          this.listings.set(listing.registry, { fetchedAt: listing.fetchedAt, schemas: listing.schemas });
          this.listed = true;
        }
        for (const [file, ft] of await vscode.workspace.fs.readDirectory(base)) {
          if (ft !== vscode.FileType.File || file === LISTING_FILE) continue;
          const c = await this.readJson<CachedSchema>(vscode.Uri.joinPath(base, file));
          if (generation !== this.generation) return;
          if (c) this.addRegistrySchema(c);
        }
      }
      this.changed();
    } catch (error) {
      this.log.warn(`the schema cache could not be read, schemas will be fetched again: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async readJson<T>(uri: vscode.Uri): Promise<T | undefined> {
    try {
      return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as T;
    } catch {
      return undefined;
    }
  }

  private async writeJson(uri: vscode.Uri, value: unknown): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(value)));
    } catch (error) {
      // The cache only saves calls; a read-only disk costs a fetch next time, nothing else.
      this.log.warn(`could not write the schema cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The document of a fetched (or cached) schema version, pretty-printed. */
  contentOf(registry: string, name: string, version: string): string | undefined {
    const raw = this.contents.get(`${registry}/${name}@${version}`);
    if (raw === undefined) return undefined;
    try {
      return JSON.stringify(JSON.parse(raw), null, 2) + '\n';
    } catch {
      return raw;
    }
  }

  private addRegistrySchema(c: CachedSchema): EventSchema | undefined {
    this.contents.set(`${c.registry}/${c.name}@${c.version}`, c.content);
    const parts = splitSchemaName(c.name);
    const r = parseEventSchema(c.content, {
      name: c.name,
      version: c.version,
      origin: { kind: 'registry', label: `registry ${c.registry}, fetched ${ageText(c.fetchedAt)}`, location: c.registry, fetchedAt: c.fetchedAt },
    });
    if (!r.schema) {
      this.log.warn(`a registry schema could not be read (${r.error}): ${c.registry}/${c.name} v${c.version}`);
      return undefined;
    }
    // A schema without its own metadata is known by its registry name (source@DetailTypeKey).
    const schema = !r.schema.source && parts ? { ...r.schema, source: parts.source } : r.schema;
    this.registrySchemas.set(`${c.registry}/${c.name}`, schema);
    return schema;
  }

  /** Lists every registry's schemas (once per connection/region, until refreshed). */
  private async ensureListings(): Promise<void> {
    const generation = this.generation;
    const scope = await this.currentScope();
    if (!scope || this.listed || generation !== this.generation) return;
    const { connection, region, dir } = scope;
    const session = await connection.session(region);
    const aws = connection.aws;
    const registries = await aws.collectAll(p => aws.listRegistries(session, p), { max: 50 });
    for (const r of registries) {
      const schemas = await aws.collectAll(p => aws.listSchemas(session, r.name, p), { max: 5000 });
      if (generation !== this.generation) return;
      const listing = { fetchedAt: new Date().toISOString(), schemas: schemas.map(s => ({ registry: r.name, name: s.name })) };
      this.listings.set(r.name, listing);
      await this.writeJson(vscode.Uri.joinPath(dir, safe(r.name), LISTING_FILE), { registry: r.name, ...listing });
    }
    this.listed = true;
    this.changed();
  }

  /**
   * Makes sure the registry's schema for a `source`/`detail-type` is loaded, fetching the listing and then the
   * schema (latest version) when needed. Quiet: failures are logged once per key, never shown as errors (the
   * editor still works from workspace schemas and samples).
   */
  ensure(source: string, detailType: string): Promise<void> {
    if (!this.registryActive()) return Promise.resolve();
    const key = `${source}\u0000${detailType}`;
    const failedAt = this.failed.get(key);
    if (failedAt !== undefined && Date.now() - failedAt < FAILED_RETRY_MS) return Promise.resolve();
    const catalog = this.catalog();
    if (catalog.lookup(source, detailType)) return Promise.resolve();
    const running = this.inflight.get(key);
    if (running) return running;
    const generation = this.generation;
    const p = (async () => {
      try {
        await this.ensureListings();
        if (generation !== this.generation) return;
        const listed = this.catalog().listedFor(source, detailType);
        if (!listed) return;
        await this.fetch(listed.registry, listed.name, undefined, generation);
      } catch (error) {
        // A failure under a connection that is gone says nothing about the current one.
        if (generation !== this.generation) return;
        this.failed.set(key, Date.now());
        this.log.warn(`no registry schema for ${source} / ${detailType} (tried again in a minute, or at Refresh): ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        // A newer generation may have started its own fetch of the same key meanwhile: leave that one.
        if (generation === this.generation) this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, p);
    return p;
  }

  /** Fetches one schema version (the latest by default), caches it on disk and adds it to the catalog. */
  async fetch(registry: string, name: string, version?: string, generation = this.generation): Promise<EventSchema | undefined> {
    const scope = await this.currentScope();
    if (!scope) throw new Error('Connect the EventLens AWS view first: registry schemas come from the connected account');
    const session = await scope.connection.session(scope.region);
    const c = await scope.connection.aws.describeSchema(session, registry, name, version);
    // Fetched for a connection that is gone: the caller gets it (a read-only view), the catalog and cache do not.
    if (generation !== this.generation) return parseEventSchema(c.content, { name, version: c.version }).schema;
    const cached: CachedSchema = { registry, name, version: c.version, type: c.type, content: c.content, fetchedAt: new Date().toISOString() };
    // Only the latest version goes into the catalog's place for the event; older ones are cached for viewing.
    await this.writeJson(vscode.Uri.joinPath(scope.dir, safe(registry), `${safe(name)}@${safe(c.version)}.json`), cached);
    const previous = this.registrySchemas.get(`${registry}/${name}`);
    if (version && previous && Number(previous.version) > Number(version)) {
      this.contents.set(`${registry}/${name}@${c.version}`, c.content);
      return parseEventSchema(c.content, { name, version: c.version }).schema;
    }
    const schema = this.addRegistrySchema(cached);
    this.changed();
    return schema;
  }

  /** Forgets everything fetched from the registry (memory and disk) and lists again on the next need. */
  async refreshRegistry(): Promise<void> {
    const scope = this.scope;
    this.generation++;
    this.inflight.clear();
    this.registrySchemas = new Map();
    this.listings = new Map();
    this.listed = false;
    this.failed.clear();
    if (scope) {
      try {
        await vscode.workspace.fs.delete(scope.dir, { recursive: true, useTrash: false });
      } catch {
        // nothing cached yet
      }
    }
    this.scope = undefined;
    this.changed();
    if (this.registryActive()) await this.ensureListings();
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
