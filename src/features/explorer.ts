import * as vscode from 'vscode';
import { registerCommand } from '../platform/commands';
import type { Deps } from './deps';
import { AwsConnections } from './explorerConnection';
import { AwsDocuments, AWS_SCHEME, DEPLOYED_SCHEME } from './explorerDocuments';
import { AwsCommands, type Prompts } from './explorerCommands';
import { ExplorerTree } from './explorerTree';
import { isExplorerNode, type ErrorNode, type CredentialsNode, type LoadMoreNode } from './explorerNodes';
import { codeSpan } from '../core/language/markdown';
import { redact } from '../core/redact';
import { ExplorerRoute } from './explorerRoute';

/** The live explorer, returned by `activate()` for the in-host tests (`getExtension(...).exports.explorer`). */
export interface ExplorerApi {
  readonly tree: ExplorerTree;
  readonly documents: AwsDocuments;
  readonly commands: AwsCommands;
  readonly connections: AwsConnections;
  readonly route: ExplorerRoute;
  readonly view: vscode.TreeView<unknown>;
  /** Replace the confirmation dialogs (tests answer them instead of clicking). Returns the previous prompts. */
  setPrompts(prompts: Prompts): Prompts;
  /** The status bar item's current text. */
  statusText(): string | undefined;
}

/**
 * The AWS explorer: its own activity-bar container with the tree of buses, rules, targets, topics and
 * subscriptions; the `eventlens-aws` documents for editing deployed patterns; deploy, cross-check and test-event
 * commands; and the `profile · region` status bar item. The AWS SDK loads on first use only.
 */
export function registerExplorer(deps: Deps): ExplorerApi {
  const { context, log } = deps;
  const xlog = log.child('explorer');
  const connections = new AwsConnections(deps);
  const tree = new ExplorerTree(connections, xlog, context.globalState);
  const view = vscode.window.createTreeView('eventlens.explorer', { treeDataProvider: tree, showCollapseAll: true });
  const documents = new AwsDocuments(connections, xlog, uri => {
    // Ctrl+S on an explorer document keeps the edit in EventLens; say so once, with the way to AWS.
    void vscode.window.showInformationMessage(
      'Saved in EventLens only: AWS still has the earlier version. Deploy it when you are ready.', 'Deploy',
    ).then(choice => {
      if (choice === 'Deploy') void vscode.commands.executeCommand('eventlens.aws.deploy', uri);
    });
  });
  const commands = new AwsCommands(deps, connections, documents, tree);
  const route = new ExplorerRoute(deps, connections, () => commands.prompts);
  const status = vscode.window.createStatusBarItem('eventlens.aws', vscode.StatusBarAlignment.Left, 10);
  status.name = 'EventLens AWS connection';
  status.command = 'eventlens.aws.connectionMenu';

  context.subscriptions.push(
    connections, tree, view, documents, status, route,
    vscode.workspace.registerFileSystemProvider(AWS_SCHEME, documents, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(DEPLOYED_SCHEME, documents),
  );

  let statusShown = false;
  const updateStatus = async (): Promise<void> => {
    try {
      const conn = await connections.get();
      const ignored = await deps.config.workspaceAwsSettings();
      status.text = `$(cloud) ${conn.label}`;
      const md = new vscode.MarkdownString(
        `**EventLens AWS connection**\n\nProfile: ${codeSpan(conn.profile)}  \nRegions: ${conn.regions.map(r => codeSpan(r)).join(', ')}` +
        (conn.settings.endpointUrl ? `  \nEndpoint: ${codeSpan(redact(conn.settings.endpointUrl))}` : '') +
        (ignored.length ? `\n\nIgnored from the workspace settings (AWS settings come from user settings only): ${ignored.join(', ')}` : '') +
        '\n\nClick to change the profile or regions.');
      status.tooltip = md;
      view.description = conn.label;
    } catch (error) {
      xlog.warn(`AWS connection: ${error instanceof Error ? error.message : String(error)}`);
      status.text = '$(cloud) AWS: not configured';
      status.tooltip = 'The AWS configuration could not be read. Click to select a profile.';
    }
    status.show();
    statusShown = true;
  };
  const showStatus = (): void => {
    // Background refresh of a label; failures are rendered in the item itself.
    if (tree.isConnected()) void updateStatus();
  };
  // Opening the EventLens view is the user asking to see their account: connect then, not at activation, so
  // editing a pattern never triggers an AWS call. (Where the calls go comes from user settings only.)
  const onVisible = (): void => {
    if (tree.isConnected()) { showStatus(); return; }
    void tree.connect().then(updateStatus, error => xlog.error('connecting the explorer failed', error));
  };
  context.subscriptions.push(
    view.onDidChangeVisibility(e => { if (e.visible) onVisible(); }),
    connections.onDidChange(() => { if (statusShown || view.visible) showStatus(); }),
  );
  if (view.visible) onVisible();

  // A command argument shaped like a tree node is replaced by the tree's own node with that id, or dropped when
  // the tree has none: values from elsewhere (another extension, a forged link) never reach the AWS calls or URLs.
  const trusted = (arg: unknown): unknown => (isExplorerNode(arg) ? tree.find(arg.id) : arg);
  const cmd = (id: string, handler: Parameters<typeof registerCommand>[3]): void =>
    registerCommand(context, log, id, (...args: unknown[]) => (handler as (...a: unknown[]) => unknown)(...args.map(trusted)));
  cmd('eventlens.explorer.connect', async () => {
    await tree.connect();
    await updateStatus();
    return true;
  });
  cmd('eventlens.explorer.refresh', (node?: unknown) => {
    if (isExplorerNode(node)) {
      // A refreshed bus lists its rules again for routing too.
      if (node.kind === 'bus') route.refresh(node.region, node.bus.name);
      tree.refresh(node);
    } else {
      route.refresh();
      connections.reset(); // re-reads the AWS config files too (a profile added meanwhile)
      tree.refresh();
    }
  });
  cmd('eventlens.explorer.loadMore', (node: LoadMoreNode) => tree.loadMore(node));
  cmd('eventlens.explorer.retry', (node: ErrorNode | CredentialsNode) => tree.retry(node));
  cmd('eventlens.explorer.showLog', () => log.show());
  cmd('eventlens.explorer.copyArn', (node?: unknown) => commands.copyArn(node));
  cmd('eventlens.explorer.copyName', (node?: unknown) => commands.copyName(node));
  cmd('eventlens.explorer.openInConsole', (node?: unknown, options?: { open?: boolean }) => commands.openInConsole(node, options));
  cmd('eventlens.aws.openPattern', (arg?: unknown) => commands.openPattern(arg));
  cmd('eventlens.aws.openFilterPolicy', (arg?: unknown) => commands.openFilterPolicy(arg));
  cmd('eventlens.aws.reload', (arg?: unknown) => commands.reload(arg));
  cmd('eventlens.aws.saveToWorkspace', (arg?: unknown, dest?: unknown) => commands.saveToWorkspace(arg, dest));
  cmd('eventlens.aws.deploy', (arg?: unknown) => commands.deploy(arg));
  cmd('eventlens.aws.testEventPattern', (arg?: unknown, sample?: never, patternName?: string) => commands.testEventPattern(arg, sample, patternName));
  cmd('eventlens.aws.sendTestEvent', (arg?: unknown, sample?: never) => commands.sendTestEvent(arg, sample));
  cmd('eventlens.aws.selectProfile', (name?: string | null) => commands.selectProfile(name));
  cmd('eventlens.aws.selectRegions', (regions?: readonly string[]) => commands.selectRegions(regions));
  cmd('eventlens.aws.connectionMenu', () => commands.connectionMenu());
  cmd('eventlens.aws.openPipeFilter', (arg?: unknown, index?: unknown) => commands.openPipeFilter(arg, typeof index === 'number' ? index : 0));
  cmd('eventlens.explorer.routeEvent', (arg?: unknown, event?: never, options?: { show?: boolean }) => route.routeEvent(arg, event, options));
  cmd('eventlens.explorer.whichSubscriptions', (arg?: unknown, message?: never, options?: { show?: boolean }) => route.whichSubscriptions(arg, message, options));
  cmd('eventlens.explorer.reveal', async (id?: unknown) => {
    const node = typeof id === 'string' ? tree.find(id) : undefined;
    if (!node) {
      void vscode.window.showInformationMessage(`Expand its folder in the explorer first; it is not loaded yet: ${typeof id === 'string' ? id.replace(/^r:[^/]+\//, '') : ''}`);
      return false;
    }
    try {
      await view.reveal(node, { select: true, focus: true, expand: false });
    } catch (error) {
      // The view may be hidden or still rendering; the row is loaded, so a second click finds it.
      xlog.warn(`could not reveal ${node.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return true;
  });

  const api: ExplorerApi = {
    tree, documents, commands, connections, route, view,
    setPrompts(prompts) {
      const previous = commands.prompts;
      commands.prompts = prompts;
      return previous;
    },
    statusText: () => (statusShown ? status.text : undefined),
  };
  return api;
}
