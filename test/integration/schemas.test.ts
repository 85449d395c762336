// Event schemas in the real extension host: completion from a workspace schema (a custom event) and from the
// Schema Registry of the local AWS server (an AWS event, fetched lazily and cached on disk), schema warnings with a
// working quick fix and the setting that turns them off, a sample generated from a schema matching the pattern
// "New Pattern for This Event" creates (through the match lens's own command), and the explorer's registries.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startAwsServer, type AwsServer } from '../support/awsServer';
import type { ExplorerApi } from '../../src/features/explorer';
import type { Deps } from '../../src/features/deps';
import { activateExtension, waitFor as waitForCondition } from './setup';

const PROFILE = 'eventlens-schemas-test';
const waitFor = <T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 20000): Promise<T> => waitForCondition(what, probe, ms);

let server: AwsServer;
let deps: Deps;
let api: ExplorerApi;
let tmp: string;
const savedEnv: Record<string, string | undefined> = {};

const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(folder(), 'schemas', rel);

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function completions(doc: vscode.TextDocument, offset: number): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(offset));
  return (list?.items ?? []).filter(i => i.kind !== vscode.CompletionItemKind.Text);
}

const labelOf = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
const schemaDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter(d => d.source === 'EventLens schemas');

async function setUser(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('eventlens').update(key, value, vscode.ConfigurationTarget.Global);
}

async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

suite('event schemas', function () {
  this.timeout(90000);

  suiteSetup(async () => {
    server = await startAwsServer({ seed: 'demo' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-schemas-'));
    fs.writeFileSync(path.join(tmp, 'config'), `[profile ${PROFILE}]\nregion = us-east-1\n`);
    fs.writeFileSync(path.join(tmp, 'credentials'), `[${PROFILE}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
    for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    process.env.AWS_CONFIG_FILE = path.join(tmp, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp, 'credentials');
    const ext = await activateExtension();
    deps = ext.deps;
    api = ext.explorer;
    await deps.schemas.ready;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const k of ['endpointUrl', 'regions', 'profile']) await setUser(k, undefined);
    await vscode.workspace.getConfiguration('eventlens').update('schemas.diagnostics', undefined, vscode.ConfigurationTarget.Workspace);
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('completion offers the fields of a workspace schema (custom event) at each depth, with types, descriptions and enum values', async () => {
    await waitFor('the workspace schema', () => deps.schemas.catalog().lookup('com.example.orders', 'OrderPlaced'));
    const doc = await open(file('orders.eventpattern.json'));
    const text = doc.getText();
    // Inside `"detail": {`, before `"order"`: the schema's detail fields.
    const atDetail = text.indexOf('"order"');
    const detailItems = await completions(doc, atDetail);
    const store = detailItems.find(i => labelOf(i) === 'store');
    assert.ok(store, `no "store" among ${detailItems.map(labelOf).join(', ')}`);
    assert.match(String(store.detail), /^string · required · schema/);
    assert.match((store.documentation as vscode.MarkdownString).value, /The store that took the order/);
    assert.ok(detailItems.some(i => labelOf(i) === 'channel'));
    // Two levels down: the fields of `order`, and the enum of `currency` as values.
    const atCurrency = text.indexOf('"currency"');
    const orderItems = await completions(doc, atCurrency);
    for (const f of ['id', 'total', 'items']) assert.ok(orderItems.some(i => labelOf(i) === f), `order.${f}`);
    const values = await completions(doc, text.indexOf('[]', atCurrency) + 1);
    assert.deepEqual(values.filter(i => i.detail === 'enum value · schema').map(labelOf), ['EUR', 'GBP', 'USD']);
    // Operators by type: no `numeric` on a string field.
    assert.ok(!values.some(i => labelOf(i) === 'numeric'), 'numeric offered on a string');
    assert.ok(values.some(i => labelOf(i) === 'prefix'));
  });

  test('a misspelled field gets a schema warning whose quick fix renames it; the setting turns the kind off', async () => {
    const doc = await open(file('orders.eventpattern.json'));
    await replaceAll(doc, '{\n  "source": ["com.example.orders"],\n  "detail-type": ["OrderPlaced"],\n  "detail": {\n    "custmer": { "tier": ["gold"] }\n  }\n}\n');
    const [d] = await waitFor('the schema warning', () => {
      const ds = schemaDiagnostics(doc.uri);
      return ds.length ? ds : undefined;
    });
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.code, 'schema-unknown-field');
    assert.match(d.message, /"detail\.custmer" — did you mean "customer"\?.*Schema: OrderPlaced v2 \(schemas\/order-placed\.schema\.json\)$/);
    assert.equal(doc.getText(d.range), '"custmer"');
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter(x => x.source === 'EventLens'), [], 'AWS-exact diagnostics are untouched');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const fix = actions.find(a => a.title === 'Change to "customer" (a field of the schema)');
    assert.ok(fix?.edit, `no fix among ${actions.map(a => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"customer": \{ "tier": \["gold"\] \}/);
    await waitFor('the warning to go', () => schemaDiagnostics(doc.uri).length === 0);

    await replaceAll(doc, doc.getText().replace('"gold"', '"platinum"'));
    await waitFor('the enum warning', () => schemaDiagnostics(doc.uri).some(x => x.code === 'schema-enum'));
    await vscode.workspace.getConfiguration('eventlens').update('schemas.diagnostics', false, vscode.ConfigurationTarget.Workspace);
    await waitFor('the kind turned off', () => schemaDiagnostics(doc.uri).length === 0);
    await vscode.workspace.getConfiguration('eventlens').update('schemas.diagnostics', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('the kind back on', () => schemaDiagnostics(doc.uri).length === 1);
  });

  test('a sample generated from a schema matches the pattern "New Pattern for This Event" creates, through the match lens', async () => {
    const created = await vscode.commands.executeCommand<{ uri: string; pattern: string }>('eventlens.schemas.newPattern', { source: 'com.example.orders', detailType: 'OrderPlaced' });
    assert.ok(created);
    const editorDoc = vscode.window.activeTextEditor?.document;
    assert.equal(editorDoc?.uri.toString(), created.uri);
    assert.match(editorDoc.getText(), /"source": \["com\.example\.orders"\],\s*"detail-type": \["OrderPlaced"\],\s*"detail": \{/);
    // The new file is a pattern file: completion inside `detail` offers the schema's fields.
    const inDetail = editorDoc.getText().indexOf('"detail": {') + '"detail": {'.length + 3;
    assert.ok((await completions(editorDoc, inDetail)).some(i => labelOf(i) === 'customer'));

    const generated = await vscode.commands.executeCommand<{ text: string; sampleId: string }>('eventlens.schemas.generateSample', { source: 'com.example.orders', detailType: 'OrderPlaced' });
    const event = JSON.parse(generated.text) as { detail: { order: { currency: string; items: number } } };
    assert.equal(event.detail.order.currency, 'EUR', 'the first enum value');
    assert.equal(event.detail.order.items, 2, 'minimum 1, plus one');
    const patternFile = file('new-from-schema.eventpattern.json');
    await vscode.workspace.fs.writeFile(patternFile, new TextEncoder().encode(created.pattern));
    await open(patternFile);
    const run = await vscode.commands.executeCommand<{ results: { sampleId: string; matched: boolean }[]; errors: string[] }>('eventlens.match.run', patternFile.toString(), 'pattern', [generated.sampleId]);
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.results.map(r => [r.sampleId, r.matched]), [[generated.sampleId, true]]);
    await vscode.workspace.fs.delete(patternFile);
  });

  test('completion and warnings for an AWS event come from the (local) registry, fetched lazily and cached on disk', async () => {
    // Connecting the AWS view loads the AWS side; from then on registry schemas are fetched when a pattern needs one.
    await setUser('profile', PROFILE);
    await setUser('endpointUrl', server.endpoint);
    await setUser('regions', ['us-east-1']);
    await vscode.commands.executeCommand('eventlens.explorer.connect');
    await waitFor('the connection to the local server', async () => (await api.connections.get()).settings.endpointUrl === server.endpoint);
    const before = server.requestsFor('DescribeSchema').length;
    const doc = await open(file('ec2.eventpattern.json'));
    // The registry's EC2 schema arrives in the background; then `stat` gets its warning with the registry named.
    // Listing and fetching take several round trips through the SDK; on a loaded 2-core CI machine that has taken
    // over 20 s, so this one wait gets more time than the others (the suite's own timeout still bounds it).
    const d = await waitFor('the registry schema warning', () => schemaDiagnostics(doc.uri).find(x => x.code === 'schema-unknown-field'), 45000);
    assert.match(d.message, /"detail\.stat" — did you mean "state"\?.*Schema: aws\.ec2@EC2InstanceStateChangeNotification v2 \(registry aws\.events, fetched just now\)$/);
    assert.ok(server.requestsFor('DescribeSchema').length > before, 'DescribeSchema was called');
    assert.ok(server.requestsFor('ListSchemas').length >= 1);
    const items = await completions(doc, doc.getText().indexOf('"stat"'));
    const instanceId = items.find(i => labelOf(i) === 'instance-id');
    assert.ok(instanceId, `no instance-id among ${items.map(labelOf).join(', ')}`);
    assert.match(String(instanceId.detail), /^string · required · schema/);
    const cacheDir = vscode.Uri.joinPath(deps.context.globalStorageUri, 'schemas');
    const cached = await waitFor('the disk cache', () => {
      const found: string[] = [];
      const walk = (dir: string): void => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(dir, e.name));
          else found.push(e.name);
        }
      };
      try {
        walk(cacheDir.fsPath);
      } catch {
        return undefined;
      }
      return found.includes('aws.ec2@EC2InstanceStateChangeNotification@2.json') ? found : undefined;
    });
    assert.ok(cached.includes('listing.json'));
    // Refresh forgets what was fetched (memory and disk); the open pattern needs the schema, so it is fetched again.
    const beforeRefresh = server.requestsFor('DescribeSchema').length;
    const listingsBefore = server.requestsFor('ListRegistries').length;
    await vscode.commands.executeCommand('eventlens.schemas.refresh');
    assert.ok(server.requestsFor('ListRegistries').length > listingsBefore, 'the registries were listed again');
    await replaceAll(doc, doc.getText().replace('"stat"', '"staet"'));
    await waitFor('the schema fetched again', () => server.requestsFor('DescribeSchema').length > beforeRefresh && schemaDiagnostics(doc.uri).some(x => /"detail\.staet" — did you mean "state"/.test(x.message)));
  });
  test('the explorer browses the registries (Region → Schema registries → schemas → versions) and opens a version read-only', async () => {
    const label = (n: unknown): string => {
      const l = api.tree.getTreeItem(n as never).label;
      return typeof l === 'string' ? l : l?.label ?? '';
    };
    const region = (await api.tree.getChildren()).find(n => n.kind === 'region' && label(n) === 'us-east-1');
    assert.ok(region);
    const folders = await api.tree.getChildren(region);
    const registriesFolder = folders.find(n => label(n) === 'Schema registries');
    assert.ok(registriesFolder, `folders: ${folders.map(label).join(', ')}`);
    const registries = await api.tree.getChildren(registriesFolder);
    assert.deepEqual(registries.map(label), ['acme-checkout', 'aws.events', 'discovered-schemas']);
    const schemas = await api.tree.getChildren(registries[1]);
    assert.deepEqual(schemas.map(label), ['aws.ec2@EC2InstanceStateChangeNotification', 'aws.s3@ObjectCreated']);
    const versions = await api.tree.getChildren(schemas[0]);
    assert.deepEqual(versions.map(label), ['Version 2', 'Version 1']);
    const item = api.tree.getTreeItem(versions[0]);
    assert.equal(item.command?.command, 'eventlens.schemas.openVersion');
    const opened = await vscode.commands.executeCommand<string>(item.command.command, ...(item.command.arguments ?? []));
    const doc = await waitFor('the schema document', () => vscode.workspace.textDocuments.find(d => d.uri.toString() === opened));
    await waitFor('its content', () => doc.getText().includes('"x-amazon-events-detail-type": "EC2 Instance State-change Notification"'));
    assert.equal(doc.uri.scheme, 'eventlens-schema', 'a read-only content document');
    assert.equal(doc.languageId, 'json');
    // "New Pattern for This Event" from the schema node.
    const created = await vscode.commands.executeCommand<{ pattern: string }>('eventlens.schemas.newPattern', schemas[0]);
    assert.match(created.pattern, /"detail-type": \["EC2 Instance State-change Notification"\]/);
  });

});
