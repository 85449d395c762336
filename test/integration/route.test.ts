// "Where does this event go, and what arrives there?" in the real extension host, against the local AWS server:
// an event routed through a bus of 1,000 rules and through the demo's transformer bus (the exact payloads), a
// message through a topic of 200 subscriptions (raw delivery on/off, pending confirmations), the pipes of each
// source kind with a filter deployed (only FilterCriteria sent, proven on the recorded request), and a function's
// destinations under its rule target.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pagingState, startAwsServer, type AwsServer, type SubscriptionState } from '../support/awsServer';
import type { ExplorerApi } from '../../src/features/explorer';
import type { ExplorerNode } from '../../src/features/explorerNodes';
import type { Prompts } from '../../src/features/explorerCommands';
import type { RouteOutcome, TopicOutcome } from '../../src/features/explorerRoute';
import { activateExtension, waitFor } from './setup';

const PROFILE = 'eventlens-route';
let server: AwsServer;
let api: ExplorerApi;
let tmp: string;
let previousPrompts: Prompts;
const savedEnv: Record<string, string | undefined> = {};
const asked: { message: string; detail: string }[] = [];

function label(node: ExplorerNode): string {
  const l = api.tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : l?.label ?? '';
}

async function child(node: ExplorerNode | undefined, kind: ExplorerNode['kind'], name?: string): Promise<ExplorerNode> {
  const kids = await api.tree.getChildren(node);
  const found = kids.filter(n => n.kind === kind && (name === undefined || label(n) === name));
  assert.equal(found.length, 1, `expected one ${kind} ${name ?? ''} among ${kids.map(n => `${n.kind}:${label(n)}`).join(', ')}`);
  return found[0]!;
}

async function setUser(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('eventlens').update(key, value, vscode.ConfigurationTarget.Global);
}

const EVENT = (detail: unknown, detailType = 'OrderShipped', source = 'com.acme.checkout'): string => JSON.stringify({
  version: '0', id: '5f0c8a1e-2b7d-4c3a-9e11-7a0b9c2d4e6f', 'detail-type': detailType, source, account: '123456789012',
  time: '2024-03-04T10:15:00Z', region: 'us-east-1', resources: [], detail,
});

suite('route: where an event goes and what arrives there (local AWS server)', function () {
  this.timeout(90000);

  suiteSetup(async () => {
    server = await startAwsServer({ seed: 'demo' });
    const bulk = pagingState(1000, server.state.region, server.state.accountId);
    server.state.buses.push(...bulk.buses);
    server.state.rules.push(...bulk.rules);
    // A topic with 200 subscriptions: policies on attributes and on the body, raw delivery on for some, 10 pending.
    const topicArn = `arn:aws:sns:us-east-1:${server.state.accountId}:fanout`;
    server.state.topics.push({ TopicArn: topicArn });
    for (let i = 0; i < 200; i++) {
      const pending = i >= 190;
      const sub: SubscriptionState = {
        SubscriptionArn: pending ? 'PendingConfirmation' : `${topicArn}:${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
        TopicArn: topicArn, Protocol: i % 4 === 0 ? 'lambda' : 'sqs', Owner: server.state.accountId,
        Endpoint: i % 4 === 0 ? `arn:aws:lambda:us-east-1:${server.state.accountId}:function:f${i}` : `arn:aws:sqs:us-east-1:${server.state.accountId}:q${i}`,
        Attributes: pending ? { PendingConfirmation: 'true' } : {
          PendingConfirmation: 'false', RawMessageDelivery: i % 2 === 1 ? 'true' : 'false',
          ...(i % 3 === 0 ? {} : i % 3 === 1
            ? { FilterPolicy: JSON.stringify({ store: [`s-${i % 5}`] }), FilterPolicyScope: 'MessageAttributes' }
            : { FilterPolicy: JSON.stringify({ total: [{ numeric: ['>=', i] }] }), FilterPolicyScope: 'MessageBody' }),
        },
      };
      server.state.subscriptions.push(sub);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-route-'));
    fs.writeFileSync(path.join(tmp, 'config'), `[profile ${PROFILE}]\nregion = us-east-1\n`);
    fs.writeFileSync(path.join(tmp, 'credentials'), `[${PROFILE}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
    for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    process.env.AWS_CONFIG_FILE = path.join(tmp, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp, 'credentials');
    ({ explorer: api } = await activateExtension());
    previousPrompts = api.setPrompts({
      async confirm(message, detail) {
        asked.push({ message, detail });
        return true;
      },
    });
    await setUser('profile', PROFILE);
    await setUser('endpointUrl', server.endpoint);
    await setUser('regions', ['us-east-1']);
    await vscode.commands.executeCommand('eventlens.explorer.connect');
    await waitFor('the explorer to use the local server', async () => (await api.connections.get()).settings.endpointUrl === server.endpoint, 15000);
  });

  suiteTeardown(async () => {
    api?.setPrompts(previousPrompts);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const k of ['endpointUrl', 'regions', 'profile']) await setUser(k, undefined);
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a bus of 1,000 rules: listed once (all pages), then an event is routed in well under a second', async () => {
    const bus = { region: 'us-east-1', eventBusName: 'bulk' };
    const event = EVENT({ shard: 5, id: '00005' }, 'x', 'com.example.bulk');
    const first = await vscode.commands.executeCommand<RouteOutcome>('eventlens.explorer.routeEvent', bus, event, { show: false });
    assert.ok(first);
    assert.equal(first.rules, 1000);
    assert.equal(server.requestsFor('ListRules').length, 10, 'ten pages of 100');
    assert.deepEqual(first.matched.map(m => m.rule), ['rule-00005']);
    // rule-00000, 00007, … are disabled (every 7th): a disabled one that would match is marked, not matched.
    const disabled = await vscode.commands.executeCommand<RouteOutcome>('eventlens.explorer.routeEvent', bus, EVENT({ shard: 7, id: '00007' }, 'x', 'com.example.bulk'), { show: false });
    assert.deepEqual(disabled.disabledMatching, ['rule-00007']);
    assert.equal(disabled.matched.length, 0);
    // Routing again uses the listing: no new ListRules, and the whole command (with ListTargetsByRule) < 1 s.
    const started = Date.now();
    const again = await vscode.commands.executeCommand<RouteOutcome>('eventlens.explorer.routeEvent', bus, event, { show: false });
    const wall = Date.now() - started;
    assert.equal(server.requestsFor('ListRules').length, 10);
    assert.ok(wall < 1000, `routing after the listing took ${wall} ms`);
    assert.ok(again.routeMs < 1000);
    assert.equal(again.unmatched.length, 999);
    // The closest misses first: same shard, other id, before other shards.
    assert.match(again.unmatched[0]!.firstFailure, /detail\.(id|shard)/);
    console.log(`[eventlens-timing] ${JSON.stringify({ routeListRulesMs: first.listMs, routeEvaluateMs: Math.round(again.routeMs * 10) / 10, routeCommandWallMs: wall })}`);
  });

  test('the transformer bus: each matched rule with the exact payload each target receives', async () => {
    const event = EVENT({ orderId: 'o-42', items: [{ sku: 'A', qty: 2 }], shipping: { carrier: 'DHL' } });
    const out = await vscode.commands.executeCommand<RouteOutcome>('eventlens.explorer.routeEvent', { region: 'us-east-1', eventBusName: 'notifications' }, event, { show: true });
    assert.deepEqual(out.matched.map(m => m.rule).sort(), ['order-audit', 'order-shipped-chat', 'order-shipped-email']);
    const target = (rule: string, id: string) => out.matched.find(m => m.rule === rule)!.targets.find(t => t.id === id)!;
    // A string template: variables inserted inside the quotes as they are.
    assert.equal(target('order-shipped-email', 'email-text').payload, '"Order o-42 left the warehouse with DHL."');
    // A JSON template: string values quoted, the array as JSON, the reserved rule name and ingestion time.
    assert.deepEqual(JSON.parse(target('order-shipped-chat', 'chat-webhook').payload!), {
      text: 'Order o-42: OrderShipped', items: [{ sku: 'A', qty: 2 }], rule: 'order-shipped-chat', at: '2024-03-04T10:15:00Z',
    });
    assert.equal(target('order-audit', 'audit-detail').payload, '{"orderId":"o-42","items":[{"sku":"A","qty":2}],"shipping":{"carrier":"DHL"}}');
    assert.equal(target('order-audit', 'audit-constant').payload, '{"audit":true}');
    assert.deepEqual(JSON.parse(target('order-audit', 'audit-full').payload!), JSON.parse(event));
    assert.ok(out.unmatched.some(u => u.rule === 'order-delivered-survey' && u.disabled));
    // The result view opened beside.
    await waitFor('the route view', () => vscode.window.tabGroups.all.some(g => g.tabs.some(t => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Route: notifications'))), 10000);
  });

  test('from an event file (its unsaved text) with the bus picked, and from a match-lens sample: the same answer as from the bus node', async () => {
    const file = vscode.Uri.file(path.join(tmp, 'spot-warning.json'));
    fs.writeFileSync(file.fsPath, EVENT({ note: 'saved' }, 'OrderShipped', 'com.acme.checkout'));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const edited = EVENT({}, 'EC2 Spot Instance Interruption Warning', 'aws.ec2');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(file, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), edited);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty, 'the edit stays unsaved');
    // The context menu passes the file: the event is known, the bus is asked (the default bus is offered first).
    const offered: string[][] = [];
    const before = api.setPrompts({
      confirm: async () => true,
      pick: async items => {
        offered.push(items.map(i => `${i.label} ${i.description ?? ''}`.trim()));
        return items[0];
      },
    });
    try {
      const fromFile = await vscode.commands.executeCommand<RouteOutcome | undefined>('eventlens.explorer.routeEvent', file, undefined, { show: false });
      assert.ok(fromFile, 'the route ran');
      assert.equal(offered.length, 1, 'the bus was asked once');
      assert.equal(offered[0]![0], 'default us-east-1');
      assert.ok(offered[0]!.includes('notifications us-east-1') && offered[0]!.includes('bulk us-east-1'), offered[0]!.slice(0, 5).join(', '));
      assert.equal(fromFile.bus, 'default');
      const fromNode = await vscode.commands.executeCommand<RouteOutcome>('eventlens.explorer.routeEvent', { region: 'us-east-1', eventBusName: 'default' }, edited, { show: false });
      assert.deepEqual(fromFile.matched.map(m => m.rule), ['Auto-Scaling-Managed-Rule'], 'the unsaved text was routed, not the file on disk');
      assert.deepEqual(fromFile.matched, fromNode.matched);
      assert.deepEqual(fromFile.unmatched.map(u => u.rule), fromNode.unmatched.map(u => u.rule));
      // The match lens's results pass the sample itself (its button "Route this event through a deployed bus…").
      const lensSample = { id: 'lens:spot', label: 'spot warning (lens)', kind: 'eventbridge', origin: 'workspace', text: edited, input: JSON.parse(edited) };
      const lensOut = await vscode.commands.executeCommand<RouteOutcome | undefined>('eventlens.explorer.routeEvent', lensSample, undefined, { show: false });
      assert.equal(offered.length, 2);
      assert.equal(lensOut?.sample, 'spot warning (lens)');
      assert.deepEqual(lensOut?.matched, fromNode.matched);
    } finally {
      api.setPrompts(before);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('schedule-only and managed rules are shown as such', async () => {
    const out = await vscode.commands.executeCommand<RouteOutcome>('eventlens.explorer.routeEvent', { region: 'us-east-1', eventBusName: 'default' },
      EVENT({}, 'EC2 Spot Instance Interruption Warning', 'aws.ec2'), { show: false });
    assert.deepEqual(out.scheduleOnly, ['nightly-report']);
    assert.deepEqual(out.matched.map(m => [m.rule, m.managedBy]), [['Auto-Scaling-Managed-Rule', 'autoscaling.amazonaws.com']]);
  });

  test('a topic of 200 subscriptions: who receives the message, raw or enveloped, and the pending ones marked', async () => {
    const region = await child(undefined, 'region', 'us-east-1');
    const topic = await child(await child(region, 'topics'), 'topic', 'fanout');
    const message = JSON.stringify({ Message: JSON.stringify({ total: 100 }), MessageAttributes: { store: { DataType: 'String', StringValue: 's-1' } } });
    const out = await vscode.commands.executeCommand<TopicOutcome>('eventlens.explorer.whichSubscriptions', topic, message, { show: false });
    assert.equal(out.subscriptions, 200);
    assert.equal(out.pending.length, 10);
    // Expected from the seed: no policy (i%3==0), store s-1 (i%3==1 and i%5==1), body total>=i with 100 (i%3==2 and i<=100).
    const expected = new Set<number>();
    for (let i = 0; i < 190; i++) if (i % 3 === 0 || (i % 3 === 1 && i % 5 === 1) || (i % 3 === 2 && i <= 100)) expected.add(i);
    const got = new Set(out.receiving.map(r => Number(/:(\d{8})-/.exec(r.arn)![1])));
    assert.deepEqual([...got].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
    assert.equal(out.filteredOut.length, 190 - expected.size);
    const raw = out.receiving.find(r => r.protocol === 'sqs' && r.raw)!;
    assert.equal(raw.payload, JSON.stringify({ total: 100 }));
    const enveloped = out.receiving.find(r => r.protocol === 'sqs' && !r.raw)!;
    assert.equal(JSON.parse(enveloped.payload!).Type, 'Notification');
    const lambda = out.receiving.find(r => r.protocol === 'lambda')!;
    assert.equal(JSON.parse(lambda.payload!).Records[0].EventSource, 'aws:sns');
  });

  test('pipes of each source kind: browse, open the filter, deploy it with only FilterCriteria changed', async () => {
    const region = await child(undefined, 'region', 'us-east-1');
    const pipes = await api.tree.getChildren(await child(region, 'pipes'));
    assert.deepEqual(pipes.map(p => api.tree.getTreeItem(p).description).sort(), [
      'RUNNING · dynamodb', 'RUNNING · kafka', 'RUNNING · kinesis', 'RUNNING · msk', 'RUNNING · sqs', 'STOPPED · mq',
    ]);
    const pipe = pipes.find(p => label(p) === 'orders-queue-to-fulfilment')!;
    const rows = await api.tree.getChildren(pipe);
    assert.deepEqual(rows.map(label), ['State', 'Source', 'Filter criteria', 'Enrichment', 'Target', 'Role']);
    const before = structuredClone(server.state.pipes!.find(p => p.Name === 'orders-queue-to-fulfilment')!);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('eventlens.aws.openPipeFilter', rows.find(r => r.kind === 'pipeFilter'));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /"status": \[\s*"PAID"/);
    // Validation in dialect pipes: a filter that is not valid is refused before anything is sent.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '{"body": {"status": "PAID"}}');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await assert.rejects(api.commands.deploy(uri), /not valid/);
    assert.equal(server.requestsFor('UpdatePipe').length, 0);
    const good = '{"body": {"status": ["PAID", "AUTHORIZED"]}}';
    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), good);
    assert.ok(await vscode.workspace.applyEdit(fix));
    asked.length = 0;
    const reads = server.requestsFor('DescribePipe').length;
    const outcome = await api.commands.deploy(uri);
    assert.equal(outcome.deployed, true);
    assert.equal(server.requestsFor('DescribePipe').length - reads, 1, 'one read per deploy');
    assert.match(asked[0]!.detail, /UpdatePipe has no condition, so a change made in AWS after the diff was read and before this write cannot be detected/);
    const put = server.requestsFor('UpdatePipe');
    assert.equal(put.length, 1);
    assert.deepEqual(JSON.parse(put[0]!.body), { RoleArn: before.RoleArn, SourceParameters: { FilterCriteria: { Filters: [{ Pattern: good }] } } });
    const after = server.state.pipes!.find(p => p.Name === 'orders-queue-to-fulfilment')!;
    assert.deepEqual(after.SourceParameters?.SqsQueueParameters, before.SourceParameters?.SqsQueueParameters);
    assert.deepEqual({ ...after, SourceParameters: null, LastModifiedTime: 0 }, { ...before, SourceParameters: null, LastModifiedTime: 0 });
    // Changed in AWS meanwhile: refused, nothing written.
    after.SourceParameters = { ...after.SourceParameters, FilterCriteria: { Filters: [{ Pattern: '{"body":{"status":["X"]}}' }] } };
    const again = new vscode.WorkspaceEdit();
    again.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '{"body": {"status": ["PAID"]}}');
    assert.ok(await vscode.workspace.applyEdit(again));
    await assert.rejects(api.commands.deploy(uri), /changed in AWS after you opened it/);
    assert.equal(server.requestsFor('UpdatePipe').length, 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test("a Lambda target's destinations, read when expanded, link to the bus or topic they send to", async () => {
    const region = await child(undefined, 'region', 'us-east-1');
    const orders = await child(await child(region, 'buses'), 'bus', 'orders');
    const rule = await child(orders, 'rule', 'high-value-orders');
    const target = await child(rule, 'target', 'fraud-check');
    const before = server.requestsFor('GetFunctionEventInvokeConfig').length;
    const destinations = await child(target, 'destinations');
    assert.equal(server.requestsFor('GetFunctionEventInvokeConfig').length, before, 'nothing read until expanded');
    const rows = await api.tree.getChildren(destinations);
    assert.equal(server.requestsFor('GetFunctionEventInvokeConfig').length, before + 1);
    const success = rows.find(r => label(r) === 'On success')!;
    const failure = rows.find(r => label(r) === 'On failure')!;
    assert.equal(api.tree.getTreeItem(success).description, 'event-bus/orders');
    assert.equal(api.tree.getTreeItem(success).command?.arguments?.[0], orders.id);
    assert.equal(api.tree.getTreeItem(failure).command?.arguments?.[0], 'r:us-east-1/topics/topic:arn:aws:sns:us-east-1:123456789012:ops-alerts');
    assert.equal(await vscode.commands.executeCommand('eventlens.explorer.reveal', orders.id), true);
  });
});
