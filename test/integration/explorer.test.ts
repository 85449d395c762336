// The AWS explorer in the real extension host, against the local AWS server (test/support/awsServer.ts) started
// here: the real SDK clients over the real wire, with the tree data provider, the `eventlens-aws` documents and the
// deploy / cross-check commands exactly as a user reaches them. Confirmations are answered through the explorer's
// test hook instead of by clicking; everything else is the code users run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pagingState, startAwsServer, type AwsServer, type RuleState } from '../support/awsServer';
import type { ExplorerApi } from '../../src/features/explorer';
import type { ExplorerNode } from '../../src/features/explorerNodes';
import type { Prompts } from '../../src/features/explorerCommands';
import type { Deps } from '../../src/features/deps';
import { activateExtension, waitFor as waitForCondition } from './setup';

const PROFILE = 'eventlens-test';
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjEEXAMPLETOKEN${'Zm9vYmFy'.repeat(16)}`;

type Kind = ExplorerNode['kind'];
type NodeOf<K extends Kind> = Extract<ExplorerNode, { kind: K }>;

let server: AwsServer;
let api: ExplorerApi;
let deps: Deps;
let tmp: string;
let previousPrompts: Prompts;
const savedEnv: Record<string, string | undefined> = {};

/** What the confirmation stub was asked, and how it answers. */
const asked: { message: string; detail: string; action: string; diffOpen: boolean }[] = [];
let answer: (message: string) => boolean | Promise<boolean> = () => false;

/** The explorer's waits go through the SDK and the local server: a longer default deadline. */
const waitFor = <T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 15000): Promise<T> => waitForCondition(what, probe, ms);


function label(node: ExplorerNode): string {
  const l = api.tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : l?.label ?? '';
}

function description(node: ExplorerNode): string {
  const d = api.tree.getTreeItem(node).description;
  return typeof d === 'string' ? d : '';
}

async function kids(node?: ExplorerNode): Promise<ExplorerNode[]> {
  return api.tree.getChildren(node);
}

function one<K extends Kind>(nodes: readonly ExplorerNode[], kind: K, name?: string): NodeOf<K> {
  const found = nodes.filter((n): n is NodeOf<K> => n.kind === kind && (name === undefined || label(n) === name));
  assert.equal(found.length, 1, `expected one ${kind}${name ? ` "${name}"` : ''} among: ${nodes.map(n => `${n.kind}:${label(n)}`).join(', ')}`);
  return found[0];
}

/** Walk from the root: region → folder → … by labels. */
async function walk(region: string, folder: 'buses' | 'topics', ...names: string[]): Promise<ExplorerNode> {
  const r = one(await kids(), 'region', region);
  let node: ExplorerNode = one(await kids(r), folder);
  const kindsBelow: Kind[] = folder === 'buses' ? ['bus', 'rule', 'target'] : ['topic', 'subscription', 'filterPolicy'];
  for (const [i, name] of names.entries()) node = one(await kids(node), kindsBelow[i], name);
  return node;
}

function rule(name: string): RuleState {
  const r = server.state.rules.find(x => x.Name === name);
  assert.ok(r, `no rule ${name} on the server`);
  return r;
}

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'explorer', name);
}

async function setUser(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('eventlens').update(key, value, vscode.ConfigurationTarget.Global);
}

async function connectionTo(endpoint: string): Promise<void> {
  await waitFor(`the explorer to use ${endpoint}`, async () => (await api.connections.get()).settings.endpointUrl === endpoint);
}

async function replaceText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
}

function diffIsOpenFor(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some(g => g.tabs.some(t => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString()));
}

suite('explorer (local AWS server)', function () {
  this.timeout(60000);

  suiteSetup(async function () {
    server = await startAwsServer({ seed: 'demo' });
    // A custom bus with 10,000 rules beside the demo account, for paging.
    const bulk = pagingState(10_000, server.state.region, server.state.accountId);
    server.state.buses.push(...bulk.buses.filter(b => b.Name === 'bulk'));
    server.state.rules.push(...bulk.rules);

    // A named profile in temp shared config files, as a user's ~/.aws would have it.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-explorer-'));
    fs.writeFileSync(path.join(tmp, 'config'), `[profile ${PROFILE}]\nregion = us-east-1\n\n[profile other]\nregion = eu-west-1\n`);
    fs.writeFileSync(path.join(tmp, 'credentials'),
      `[${PROFILE}]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${SESSION_TOKEN}\n`);
    for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    process.env.AWS_CONFIG_FILE = path.join(tmp, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp, 'credentials');

    try {
      // Trace level, so a signed header would reach the log file if anything logged it.
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    } catch {
      // Older hosts lack the command; the log is then checked at its default level.
    }
    ({ deps, explorer: api } = await activateExtension());
    previousPrompts = api.setPrompts({
      async confirm(message, detail, action) {
        asked.push({ message, detail, action, diffOpen: vscode.window.tabGroups.all.some(g => g.tabs.some(t => t.input instanceof vscode.TabInputTextDiff)) });
        return answer(message);
      },
    });
    await setUser('endpointUrl', server.endpoint);
    await setUser('regions', ['us-east-1', 'eu-west-1']);
    await setUser('explorer.pageSize', 100);
  });

  suiteTeardown(async () => {
    api?.setPrompts(previousPrompts);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Leave the workspace as the other suites expect it: no extra pattern files.
    const saved = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'explorer', 'saved');
    await vscode.workspace.fs.delete(saved, { recursive: true }).then(undefined, () => undefined);
    await Promise.resolve(vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info')).catch(() => undefined);
    for (const k of ['endpointUrl', 'regions', 'profile', 'explorer.pageSize']) await setUser(k, undefined);
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  setup(() => {
    asked.length = 0;
    answer = () => false;
    server.setFault(undefined);
  });

  test('before Connect the tree is empty (the welcome view shows) and nothing is sent', async () => {
    assert.equal(api.tree.isConnected(), false);
    assert.deepEqual(await kids(), []);
    assert.equal(server.requests.length, 0);
  });

  test('Select Profile lists the shared config profiles and persists the choice in user settings', async () => {
    const profiles = await vscode.commands.executeCommand<string | undefined>('eventlens.aws.selectProfile', PROFILE);
    assert.equal(profiles, PROFILE);
    await waitFor('the profile setting', () => vscode.workspace.getConfiguration('eventlens').inspect('profile')?.globalValue === PROFILE);
    const listed = await api.connections.aws().listProfiles();
    assert.deepEqual(listed.map(p => p.name).sort(), ['eventlens-test', 'other']);
    assert.equal(await vscode.commands.executeCommand('eventlens.explorer.connect'), true);
    await connectionTo(server.endpoint);
    const conn = await api.connections.get();
    assert.equal(conn.profile, PROFILE);
    assert.deepEqual(conn.regions, ['us-east-1', 'eu-west-1']);
    await waitFor('the status bar item', () => api.statusText()?.includes(`${PROFILE} · us-east-1, eu-west-1`));
  });

  test('Region → Event buses (default, custom, partner) → Rules (state, pattern or schedule) → Targets (input transformer)', async () => {
    const roots = await kids();
    assert.deepEqual(roots.map(r => `${r.kind}:${label(r)}`), ['region:us-east-1', 'region:eu-west-1']);
    const folders = await kids(roots[0]);
    assert.deepEqual(folders.map(label), ['Event buses', 'SNS topics']);

    const buses = await kids(one(folders, 'buses'));
    const partner = 'aws.partner/saasprovider.com/acme-7f3a/orders-feed';
    assert.deepEqual(buses.map(b => `${label(b)}=${description(b)}`).sort(),
      ['bulk=custom', 'default=default', `${partner}=partner`, 'orders=custom'].sort());

    const rules = await kids(one(buses, 'bus', 'default'));
    const terminated = one(rules, 'rule', 'ec2-instance-terminated');
    assert.match(description(terminated), /^ENABLED · \{"source":\["aws\.ec2"\]/);
    const disabled = one(rules, 'rule', 's3-uploads-to-ingest');
    assert.match(description(disabled), /^DISABLED · /);
    const nightly = one(rules, 'rule', 'nightly-report');
    assert.equal(description(nightly), 'ENABLED · cron(0 2 * * ? *)');
    assert.equal(api.tree.getTreeItem(one(rules, 'rule', 'Auto-Scaling-Managed-Rule')).contextValue, 'rule.managed');

    // A rule's children: its pattern (click opens it), then its targets.
    const ruleKids = await kids(terminated);
    const pattern = one(ruleKids, 'pattern');
    assert.equal(api.tree.getTreeItem(pattern).command?.command, 'eventlens.aws.openPattern');
    assert.equal(one(ruleKids, 'target', 'notify-oncall').target.arn, 'arn:aws:sns:us-east-1:123456789012:ops-alerts');
    const scheduleKids = await kids(nightly);
    assert.equal(description(one(scheduleKids, 'detail', 'Schedule')), 'cron(0 2 * * ? *)');
    const constant = one(scheduleKids, 'target', 'report-builder');
    assert.equal(description(one(await kids(constant), 'detail', 'Input (constant)')), '{"report":"daily-sales","format":"csv"}');

    const fulfil = await walk('us-east-1', 'buses', 'orders', 'order-created-to-fulfilment', 'fulfilment-sfn');
    const details = await kids(fulfil);
    const transformer = one(details, 'detail', 'Input transformer');
    assert.equal(description(transformer), '{"orderId": <orderId>, "customerId": <customer>, "amount": <total>}');
    const transformerRows = await kids(transformer);
    assert.deepEqual(transformerRows.map(r => `${label(r)} ${description(r)}`), [
      '<orderId> $.detail.orderId', '<customer> $.detail.customer.id', '<total> $.detail.total',
      'Input template {"orderId": <orderId>, "customerId": <customer>, "amount": <total>}',
    ]);
    assert.equal(description(one(details, 'detail', 'Retry policy')), '4 attempts, max age 3600 s');
    assert.ok(one(await kids(await walk('us-east-1', 'buses', partner)), 'rule', 'partner-orders-mirror'));

    // An empty list says so: eu-west-1 has only an empty default bus.
    const euBus = one(await kids(one(await kids(one(await kids(), 'region', 'eu-west-1')), 'buses')), 'bus', 'default');
    assert.equal(label(one(await kids(euBus), 'empty')), 'No rules on this bus');
  });

  test('Region → SNS topics → Subscriptions (protocol, endpoint, PendingConfirmation) → Filter policy with its scope', async () => {
    const topics = await kids(one(await kids(one(await kids(), 'region', 'us-east-1')), 'topics'));
    assert.deepEqual(topics.map(t => `${label(t)}${description(t) ? `=${description(t)}` : ''}`),
      ['inventory-updates.fifo=FIFO', 'ops-alerts', 'order-events']);
    const subs = await kids(one(topics, 'topic', 'order-events'));
    assert.equal(subs.length, 4);
    const pending = one(subs, 'subscription', 'finance-team@acme.example.com');
    assert.equal(description(pending), 'email · PendingConfirmation');
    assert.equal(api.tree.getTreeItem(pending).contextValue, 'subscription.pending');
    assert.equal(api.tree.getTreeItem(pending).collapsibleState, vscode.TreeItemCollapsibleState.None);

    const sqs = one(subs, 'subscription', 'arn:aws:sqs:us-east-1:123456789012:order-analytics');
    assert.equal(description(sqs), 'sqs');
    const attrsPolicy = one(await kids(sqs), 'filterPolicy');
    assert.match(description(attrsPolicy), /^MessageAttributes · \{"event_type":/);
    const body = one(await kids(one(subs, 'subscription', 'arn:aws:lambda:us-east-1:123456789012:function:loyalty-points')), 'filterPolicy');
    assert.match(description(body), /^MessageBody · /);
    const none = one(await kids(one(subs, 'subscription', 'https://hooks.partner.example.com/orders')), 'filterPolicy');
    assert.equal(label(none), 'No filter policy');
  });

  test('pages through 10,000 rules with "Load more…" (page size from the setting)', async () => {
    const bus = await walk('us-east-1', 'buses', 'bulk');
    const before = server.requestsFor('ListRules').length;
    let list = await kids(bus);
    assert.equal(list.length, 101);
    let more = list[list.length - 1];
    assert.equal(more.kind, 'loadMore');
    assert.equal(label(more), 'Load more…');
    assert.equal(api.tree.getTreeItem(more).command?.command, 'eventlens.explorer.loadMore');
    let clicks = 0;
    while (more.kind === 'loadMore') {
      await vscode.commands.executeCommand('eventlens.explorer.loadMore', more);
      clicks++;
      list = await kids(bus);
      more = list[list.length - 1];
      assert.ok(clicks < 200, 'Load more never ended');
    }
    const names = list.map(label);
    assert.equal(list.length, 10_000);
    assert.equal(clicks, 99);
    assert.ok(list.every(n => n.kind === 'rule'));
    assert.equal(new Set(names).size, 10_000);
    assert.equal(names[0], 'rule-00000');
    assert.equal(names[9_999], 'rule-09999');
    const requests = server.requestsFor('ListRules').slice(before).map(r => JSON.parse(r.body) as { Limit?: number; EventBusName?: string });
    assert.equal(requests.length, 100);
    assert.ok(requests.every(r => r.Limit === 100 && r.EventBusName === 'bulk'));
  });

  test('throttling is retried by the SDK and the list arrives', async () => {
    api.tree.refresh();
    const before = server.requestsFor('ListEventBuses').length;
    server.setFault({ kind: 'throttle', count: 2, operation: 'ListEventBuses' });
    const buses = await kids(one(await kids(one(await kids(), 'region', 'us-east-1')), 'buses'));
    assert.equal(buses.filter(b => b.kind === 'bus').length, 4, `got ${buses.map(b => `${b.kind}:${label(b)}`).join(', ')}`);
    const seen = server.requestsFor('ListEventBuses').slice(before);
    assert.deepEqual(seen.map(r => r.fault ?? r.status), ['throttle', 'throttle', 200]);
  });

  test('throttling that outlasts the retries becomes an error node with Retry', async () => {
    api.tree.refresh();
    server.setFault({ kind: 'throttle', operation: 'ListTopics' });
    const topicsFolder = one(await kids(one(await kids(), 'region', 'us-east-1')), 'topics');
    const err = one(await kids(topicsFolder), 'error');
    assert.equal(err.cause, 'throttled');
    assert.match(label(err), /throttl/i);
    assert.equal(api.tree.getTreeItem(err).command?.command, 'eventlens.explorer.retry');
    server.setFault(undefined);
    await vscode.commands.executeCommand('eventlens.explorer.retry', err);
    assert.equal((await kids(topicsFolder)).filter(t => t.kind === 'topic').length, 3);
  });

  test('expired credentials collapse the tree into one node saying what to run; Retry recovers', async () => {
    api.tree.refresh();
    server.setFault({ kind: 'expired-token', count: 1, operation: 'ListEventBuses' });
    const region = one(await kids(), 'region', 'us-east-1');
    const list = await kids(one(await kids(region), 'buses'));
    const cred = one(list, 'credentials');
    assert.equal(cred.cause, 'credentials-expired');
    assert.match(cred.message, /expired/);
    assert.match(cred.message, /aws sso login --profile eventlens-test|refresh your credentials/);
    const roots = await waitFor('the root to show only the credentials node', async () => {
      const r = await kids();
      return r.length === 1 && r[0].kind === 'credentials' ? r : undefined;
    });
    assert.equal(api.tree.getTreeItem(roots[0]).command?.command, 'eventlens.explorer.retry');
    await vscode.commands.executeCommand('eventlens.explorer.retry', roots[0]);
    const after = await waitFor('the regions to come back', async () => {
      const r = await kids();
      return r.length === 2 && r.every(n => n.kind === 'region') ? r : undefined;
    });
    const buses = await kids(one(await kids(after[0]), 'buses'));
    assert.equal(buses.filter(b => b.kind === 'bus').length, 4);
  });

  test('missing credentials (a profile without keys) show the same single node, saying what to run', async () => {
    await vscode.commands.executeCommand('eventlens.aws.selectProfile', 'other');
    try {
      await waitFor('the profile to switch', async () => (await api.connections.get()).profile === 'other');
      const before = server.requests.length;
      const list = await kids(one(await kids(one(await kids(), 'region', 'us-east-1')), 'topics'));
      const cred = one(list, 'credentials');
      assert.equal(cred.cause, 'credentials-missing');
      assert.match(cred.message, /No AWS credentials found for profile "other".*aws configure --profile other/);
      assert.equal(server.requests.length, before, 'a request went out without credentials');
      await waitFor('the root to show only the credentials node', async () => {
        const r = await kids();
        return r.length === 1 && r[0].kind === 'credentials';
      });
    } finally {
      await vscode.commands.executeCommand('eventlens.aws.selectProfile', PROFILE);
      await waitFor('the profile to switch back', async () => (await api.connections.get()).profile === PROFILE);
    }
    const roots = await waitFor('the regions to come back', async () => {
      const r = await kids();
      return r.length === 2 ? r : undefined;
    });
    assert.ok(roots.every(r => r.kind === 'region'));
  });

  test('a dropped connection becomes an error node (Retry, Show Log), not a popup; Retry recovers', async () => {
    api.tree.refresh();
    const before = server.requestsFor('ListTopics').length;
    server.setFault({ kind: 'drop', operation: 'ListTopics' });
    const topicsFolder = one(await kids(one(await kids(), 'region', 'us-east-1')), 'topics');
    const err = one(await kids(topicsFolder), 'error');
    assert.equal(err.cause, 'connection');
    assert.match(err.message, /connection .*dropped/);
    assert.doesNotMatch(err.message, /timed out/);
    assert.equal(api.tree.getTreeItem(err).contextValue, 'error');
    const dropped = server.requestsFor('ListTopics').slice(before);
    assert.ok(dropped.length >= 2 && dropped.every(r => r.fault === 'drop'), `attempts: ${dropped.map(r => r.fault).join(',')}`);
    server.setFault(undefined);
    await vscode.commands.executeCommand('eventlens.explorer.retry', err);
    assert.equal((await kids(topicsFolder)).filter(t => t.kind === 'topic').length, 3);
  });

  test('Open Pattern: an editable eventlens-aws document, formatted, in the eventbridge dialect, with diagnostics', async () => {
    const ruleNode = await walk('us-east-1', 'buses', 'orders', 'high-value-orders');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openPattern', ruleNode);
    assert.ok(uri);
    assert.equal(uri.scheme, 'eventlens-aws');
    assert.equal(uri.path, '/us-east-1/buses/orders/rules/high-value-orders.eventpattern.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.deepEqual(JSON.parse(doc.getText()), JSON.parse(rule('high-value-orders').EventPattern ?? ''));
    assert.match(doc.getText(), /^\{\n {2}"source": \["com\.acme\.checkout"\],\n {2}"detail": \{\n/);
    assert.equal(deps.patterns.dialectOf(doc), 'eventbridge');
    const located = deps.patterns.patterns(doc);
    assert.equal(located.length, 1);
    assert.deepEqual(located[0].result.problems.filter(p => p.severity === 'error'), []);

    // A rule another service manages opens read-only and is never deployed.
    const managed = (await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openPattern',
      { region: 'us-east-1', eventBusName: 'default', ruleName: 'Auto-Scaling-Managed-Rule' }))!;
    assert.equal((await vscode.workspace.fs.stat(managed)).permissions, vscode.FilePermission.Readonly);
    await assert.rejects(api.commands.deploy(managed), /managed by another AWS service/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const original = doc.getText();
    await replaceText(doc, original.replace('"com.acme.checkout"', '{ "prefix": 5 }'));
    const diagnostics = await waitFor('an error diagnostic on the edited pattern', () => {
      const d = vscode.languages.getDiagnostics(uri).filter(x => x.severity === vscode.DiagnosticSeverity.Error);
      return d.length ? d : undefined;
    });
    assert.match(diagnostics[0].message, /prefix/);
    await replaceText(doc, original);
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(doc.isDirty, false);
  });

  test('the match code lens works on an explorer document as on a local file', async () => {
    const uri = (await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openPattern',
      { region: 'us-east-1', eventBusName: 'orders', ruleName: 'order-created-to-fulfilment' }))!;
    const lenses = await waitFor('the match code lens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.some(x => /match/i.test(x.command?.title ?? '')) ? l : undefined;
    }, 5000);
    assert.ok(lenses.length > 0);
  });

  test('Open Filter Policy: MessageBody scope → .bodyfilterpolicy.json in the sns-body dialect', async () => {
    const sub = await walk('us-east-1', 'topics', 'order-events', 'arn:aws:lambda:us-east-1:123456789012:function:loyalty-points');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openFilterPolicy', sub);
    assert.ok(uri);
    assert.match(uri.path, /^\/us-east-1\/topics\/order-events\/subscriptions\/order-events-9a8b7c6d\.bodyfilterpolicy\.json$/);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(deps.patterns.dialectOf(doc), 'sns-body');
    const attrs = one(await kids(await walk('us-east-1', 'topics', 'order-events', 'arn:aws:sqs:us-east-1:123456789012:order-analytics')), 'filterPolicy');
    const attrsUri = await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openFilterPolicy', attrs);
    assert.match(attrsUri!.path, /\.filterpolicy\.json$/);
    assert.doesNotMatch(attrsUri!.path, /bodyfilterpolicy/);
    assert.equal(deps.patterns.dialectOf(await vscode.workspace.openTextDocument(attrsUri!)), 'sns-attributes');
  });

  test('Deploy: refuses an invalid pattern, sends nothing when cancelled, and sends exactly the confirmed text keeping the other attributes', async () => {
    const before = { ...rule('high-value-orders') };
    const ruleNode = await walk('us-east-1', 'buses', 'orders', 'high-value-orders');
    const uri = (await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openPattern', ruleNode))!;
    const doc = await vscode.workspace.openTextDocument(uri);
    const putRules = server.requestsFor('PutRule').length;

    await replaceText(doc, '{\n  "source": "com.acme.checkout"\n}\n');
    await assert.rejects(api.commands.deploy(uri), /not valid, so nothing was deployed/);
    assert.equal(asked.length, 0, 'asked to confirm an invalid pattern');

    const edited = [
      '{',
      '  "source": ["com.acme.checkout"],',
      '  "detail": {',
      '    "total": [{ "numeric": [">=", 2500] }],',
      '    "country": ["DE", "FR", "NL", "US"]',
      '  }',
      '}',
      '',
    ].join('\n');
    await replaceText(doc, edited);
    answer = () => false;
    const cancelled = await vscode.commands.executeCommand<{ deployed: boolean; reason?: string }>('eventlens.aws.deploy', uri);
    assert.deepEqual(cancelled, { deployed: false, reason: 'cancelled' });
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /high-value-orders on bus orders/);
    assert.equal(asked[0].action, 'Deploy');
    assert.ok(asked[0].diffOpen, 'no diff was open while the confirmation was asked');
    assert.equal(server.requestsFor('PutRule').length, putRules, 'a cancelled deploy sent PutRule');
    assert.equal(diffIsOpenFor(uri), false, 'the diff stayed open after the cancel');

    answer = () => true;
    const outcome = await vscode.commands.executeCommand<{ deployed: boolean; sent: Record<string, unknown> }>('eventlens.aws.deploy', uri);
    assert.equal(outcome?.deployed, true);
    const sent = server.requestsFor('PutRule').slice(putRules);
    assert.equal(sent.length, 1);
    const body = JSON.parse(sent[0].body) as Record<string, unknown>;
    assert.equal(body.EventPattern, edited, 'PutRule did not carry exactly the confirmed text');
    assert.deepEqual(body, {
      Name: 'high-value-orders', EventBusName: 'orders', EventPattern: edited, State: before.State, Description: before.Description,
    });
    assert.equal(rule('high-value-orders').EventPattern, edited);
    assert.deepEqual(rule('high-value-orders').Targets, before.Targets);
    assert.equal(doc.isDirty, false);
    assert.equal(diffIsOpenFor(uri), false, 'the diff stayed open after the deploy');
    const updated = api.tree.find(ruleNode.id);
    assert.equal(updated?.kind === 'rule' ? updated.rule.eventPattern : undefined, edited);
  });

  test('Deploy refuses, sending nothing, when the rule changed in AWS since it was opened — before or during the confirmation', async () => {
    const name = 'order-cancelled-refund';
    const uri = (await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openPattern', await walk('us-east-1', 'buses', 'orders', name)))!;
    const doc = await vscode.workspace.openTextDocument(uri);
    const putRules = server.requestsFor('PutRule').length;
    const elsewhere = JSON.stringify({ source: ['com.acme.checkout'], 'detail-type': ['OrderCancelled'] });

    rule(name).EventPattern = elsewhere;
    await replaceText(doc, doc.getText().replace('"test"', '"test", "fraud"'));
    await assert.rejects(api.commands.deploy(uri), /was changed in AWS after you opened it, so nothing was deployed/);
    assert.equal(asked.length, 0);
    assert.equal(server.requestsFor('PutRule').length, putRules);
    assert.equal(rule(name).EventPattern, elsewhere);

    // Reload (confirming the discard), edit again; this time the change lands while the confirmation is open.
    answer = m => /Discard/.test(m);
    await vscode.commands.executeCommand('eventlens.aws.reload', uri);
    assert.deepEqual(JSON.parse(doc.getText()), JSON.parse(elsewhere));
    assert.equal(doc.isDirty, false);
    await replaceText(doc, doc.getText().replace('"OrderCancelled"', '"OrderCancelled", "OrderVoided"'));
    const during = JSON.stringify({ source: ['com.acme.checkout'] });
    answer = () => {
      rule(name).EventPattern = during;
      return true;
    };
    await assert.rejects(api.commands.deploy(uri), /was changed in AWS after you opened it, so nothing was deployed/);
    assert.equal(server.requestsFor('PutRule').length, putRules);
    assert.equal(rule(name).EventPattern, during);
    assert.match(doc.getText(), /"OrderVoided"/, 'the refused edit was lost');
  });

  test('Deploy a filter policy: SetSubscriptionAttributes carries exactly the confirmed text', async () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:ops-alerts:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    const uri = (await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openFilterPolicy', { region: 'us-east-1', subscriptionArn: arn }))!;
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(deps.patterns.dialectOf(doc), 'sns-attributes');
    const edited = doc.getText().replace('"high"', '"high", "medium"');
    assert.notEqual(edited, doc.getText());
    await replaceText(doc, edited);
    answer = () => true;
    const before = server.requestsFor('SetSubscriptionAttributes').length;
    const outcome = await api.commands.deploy(uri);
    assert.equal(outcome.deployed, true);
    const sent = server.requestsFor('SetSubscriptionAttributes').slice(before);
    assert.equal(sent.length, 1);
    const form = new URLSearchParams(sent[0].body);
    assert.equal(form.get('SubscriptionArn'), arn);
    assert.equal(form.get('AttributeName'), 'FilterPolicy');
    assert.equal(form.get('AttributeValue'), edited);
    assert.equal(server.state.subscriptions.find(s => s.SubscriptionArn === arn)?.Attributes.FilterPolicy, edited);
  });

  test('Save to Workspace writes a standalone pattern file and never replaces one without confirmation', async () => {
    const uri = (await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openPattern',
      { region: 'us-east-1', eventBusName: 'default', ruleName: 'securityhub-critical-findings' }))!;
    const doc = await vscode.workspace.openTextDocument(uri);
    const dest = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'explorer', 'saved', 'securityhub-critical-findings.eventpattern.json');
    const saved = await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.saveToWorkspace', uri, dest);
    assert.equal(saved?.toString(), dest.toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(dest));
    assert.equal(text, doc.getText());
    assert.equal(deps.patterns.dialectOf(await vscode.workspace.openTextDocument(dest)), 'eventbridge');

    await replaceText(doc, doc.getText().replace('"HIGH"', '"HIGH", "MEDIUM"'));
    answer = () => false;
    assert.equal(await vscode.commands.executeCommand('eventlens.aws.saveToWorkspace', uri, dest), undefined);
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /already exists\. Replace it\?/);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(dest)), text, 'replaced without confirmation');
    answer = () => true;
    await vscode.commands.executeCommand('eventlens.aws.saveToWorkspace', uri, dest);
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(dest)), /"MEDIUM"/);
  });

  test('Test with AWS (TestEventPattern) agrees with the local engine, filling the envelope fields AWS requires', async () => {
    const ruleNode = await walk('us-east-1', 'buses', 'orders', 'order-created-to-fulfilment');
    const before = server.requestsFor('TestEventPattern').length;
    const paid = await api.commands.testEventPattern(ruleNode, fixture('order-paid.event.json'));
    assert.deepEqual(paid, { aws: true, local: true, agree: true, sample: 'order-paid.event.json', filled: [] });
    const pending = await api.commands.testEventPattern(ruleNode, fixture('order-pending.event.json'));
    assert.deepEqual(pending && { ...pending, filled: [...pending.filled].sort() },
      { aws: false, local: false, agree: true, sample: 'order-pending.event.json', filled: ['account', 'id', 'region', 'time'] });
    const sent = server.requestsFor('TestEventPattern').slice(before).map(r => JSON.parse(r.body) as { Event: string; EventPattern: string });
    assert.equal(sent.length, 2);
    assert.equal(sent[0].EventPattern, rule('order-created-to-fulfilment').EventPattern);
    const event = JSON.parse(sent[1].Event) as Record<string, unknown>;
    assert.equal(event.region, 'us-east-1');
    assert.equal(typeof event.id, 'string');
    assert.deepEqual(event.detail, { orderId: 'o-1002', payment: { status: 'PENDING' }, total: 15 });
  });

  test('a disagreement between AWS and the local engine is reported as such', async () => {
    // An endpoint that answers every TestEventPattern with "no match", as if AWS disagreed with our engine.
    const liar = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ Result: false }));
      });
    });
    await new Promise<void>(resolve => liar.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
    try {
      await setUser('endpointUrl', endpoint);
      await connectionTo(endpoint);
      const result = await api.commands.testEventPattern(fixture('paid-orders.eventpattern.json'), fixture('order-paid.event.json'));
      assert.deepEqual(result, { aws: false, local: true, agree: false, sample: 'order-paid.event.json', filled: [] });
    } finally {
      await setUser('endpointUrl', server.endpoint);
      await connectionTo(server.endpoint);
      await new Promise(resolve => liar.close(resolve));
    }
  });

  test('Send Test Event puts the sample on the bus after a confirmation', async () => {
    const bus = await walk('us-east-1', 'buses', 'orders');
    const events = server.state.events.length;
    answer = () => false;
    assert.equal(await api.commands.sendTestEvent(bus, fixture('order-paid.event.json')), undefined);
    assert.equal(server.state.events.length, events, 'sent without confirmation');
    assert.match(asked[0].message, /Send the test event "order-paid\.event\.json" to event bus orders\?/);

    answer = () => true;
    const result = await vscode.commands.executeCommand<{ failedEntryCount: number }>('eventlens.aws.sendTestEvent', bus, fixture('order-paid.event.json'));
    assert.equal(result?.failedEntryCount, 0);
    const put = server.requestsFor('PutEvents').at(-1);
    const entry = (JSON.parse(put!.body) as { Entries: Record<string, unknown>[] }).Entries[0];
    assert.equal(entry.Source, 'com.acme.checkout');
    assert.equal(entry.DetailType, 'OrderCreated');
    assert.equal(entry.EventBusName, 'orders');
    // The detail exactly as written in the file (129.90 keeps its spelling).
    assert.match(String(entry.Detail), /"total": 129\.90/);
    const delivered = server.state.events.at(-1);
    assert.equal(delivered?.EventBusName, 'orders');
    assert.ok(delivered?.matchedRules.includes('order-created-to-fulfilment'), `matched: ${delivered?.matchedRules.join(', ')}`);
  });

  test('Copy ARN, Copy Name and Open in AWS Console', async () => {
    const ruleNode = await walk('us-east-1', 'buses', 'default', 'ec2-instance-terminated');
    const arn = await vscode.commands.executeCommand<string>('eventlens.explorer.copyArn', ruleNode);
    assert.equal(arn, 'arn:aws:events:us-east-1:123456789012:rule/ec2-instance-terminated');
    assert.equal(await vscode.env.clipboard.readText(), arn);
    assert.equal(await vscode.commands.executeCommand('eventlens.explorer.copyName', ruleNode), 'ec2-instance-terminated');
    assert.equal(await vscode.env.clipboard.readText(), 'ec2-instance-terminated');
    const url = await vscode.commands.executeCommand<string>('eventlens.explorer.openInConsole', ruleNode, { open: false });
    assert.equal(url, 'https://us-east-1.console.aws.amazon.com/events/home?region=us-east-1#/eventbus/default/rules/ec2-instance-terminated');
  });

  test('workspace settings cannot redirect the AWS calls or switch the profile', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const settings = vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
    await vscode.workspace.fs.writeFile(settings, new TextEncoder().encode(JSON.stringify({
      'eventlens.endpointUrl': 'http://127.0.0.1:9',
      'eventlens.profile': 'other',
      'eventlens.validation.delay': 201,
    })));
    try {
      // The resource-scoped key proves the workspace file was read.
      await waitFor('the workspace settings to load', () => vscode.workspace.getConfiguration('eventlens').get('validation.delay') === 201);
      api.tree.refresh();
      const conn = await api.connections.get();
      assert.equal(conn.settings.endpointUrl, server.endpoint);
      assert.equal(conn.profile, PROFILE);
      const before = server.requests.length;
      const buses = await kids(one(await kids(one(await kids(), 'region', 'us-east-1')), 'buses'));
      assert.equal(buses.filter(b => b.kind === 'bus').length, 4);
      assert.ok(server.requests.length > before, 'the calls did not reach the user-configured endpoint');
    } finally {
      await vscode.workspace.fs.delete(settings);
      await waitFor('the workspace settings to unload', () => vscode.workspace.getConfiguration('eventlens').get('validation.delay') !== 201);
    }
  });

  test('Select Region(s) persists in user settings and refreshes the tree and the status bar', async () => {
    assert.deepEqual(await vscode.commands.executeCommand('eventlens.aws.selectRegions', ['eu-west-1']), ['eu-west-1']);
    const roots = await waitFor('one region', async () => {
      const r = await kids();
      return r.length === 1 && r[0].kind === 'region' && r[0].region === 'eu-west-1' ? r : undefined;
    });
    assert.equal(api.tree.getTreeItem(roots[0]).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.deepEqual(vscode.workspace.getConfiguration('eventlens').inspect('regions')?.globalValue, ['eu-west-1']);
    await waitFor('the status bar to follow', () => api.statusText()?.includes(`${PROFILE} · eu-west-1`));
    await assert.rejects(api.commands.selectRegions(['not a region']), /Not an AWS region name/);
    await vscode.commands.executeCommand('eventlens.aws.selectRegions', ['us-east-1', 'eu-west-1']);
    await waitFor('two regions', async () => (await kids()).length === 2);
  });

  test('the log names the AWS calls but holds no credentials, tokens or signatures', async () => {
    const file = vscode.Uri.joinPath(deps.context.logUri, 'EventLens.log');
    const text = await waitFor('the log file to hold the AWS calls', async () => {
      const t = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      return /eventbridge\.ListRules/.test(t) && /sns\.ListTopics/.test(t) ? t : undefined;
    });
    // The signed requests really carried the secrets the log must not show.
    assert.ok(server.requests.some(r => r.headers.authorization?.includes(`Credential=${ACCESS_KEY}/`)));
    assert.ok(server.requests.some(r => r.headers['x-amz-security-token'] === SESSION_TOKEN));
    for (const secret of [ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, 'Signature=', 'X-Amz-Security-Token']) {
      assert.ok(!text.includes(secret), `the log contains ${secret.slice(0, 12)}…`);
    }
    assert.doesNotMatch(text, /authorization/i);
  });
});
