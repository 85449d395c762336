import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { LocatedPattern } from './patternDocuments';
import type { Sample } from '../core/types';
import { match } from '../core/engine/match';
import { matchInput } from '../core/engine/samples';
import { resultSummary } from '../core/engine/explain';
import { kindsFor } from './matchPicker';

/** One cell of the table: a sample against a pattern. */
export interface MatchCell {
  readonly pattern: string;
  readonly matched: boolean;
  /** The first failing clause in words, or why the sample cannot be used. */
  readonly why?: string;
}

/** The table "Match all samples" shows, as plain data (returned by the command). */
export interface MatchTable {
  readonly uri: string;
  readonly patterns: readonly { readonly name: string; readonly dialect: string; readonly error?: string }[];
  readonly rows: readonly { readonly sampleId: string; readonly label: string; readonly origin: Sample['origin']; readonly cells: readonly MatchCell[] }[];
}

/**
 * Every workspace sample (plus the samples chosen for these patterns) against every pattern of a document. The
 * samples offered are those of the kinds the patterns read; a pattern that does not compile gets its error.
 */
export function buildMatchTable(deps: Deps, uri: vscode.Uri, patterns: readonly LocatedPattern[]): MatchTable {
  const kinds = new Set(patterns.flatMap(p => kindsFor(p.dialect)));
  const samples = new Map<string, Sample>();
  for (const s of deps.samples.workspace()) if (kinds.has(s.kind)) samples.set(s.id, s);
  for (const p of patterns) for (const s of deps.samples.chosenFor(uri, p.name)) samples.set(s.id, s);
  const rows = [...samples.values()].map(sample => ({
    sampleId: sample.id,
    label: sample.label,
    origin: sample.origin,
    cells: patterns.map((p): MatchCell => {
      if (!p.result.pattern) return { pattern: p.name, matched: false, why: 'the pattern does not compile' };
      if (!kindsFor(p.dialect).includes(sample.kind)) return { pattern: p.name, matched: false, why: `a ${sample.kind === 'sns' ? 'SNS message' : 'JSON event'} is not what this ${p.dialect} pattern reads` };
      const r = match(p.result.pattern, matchInput(sample, p.dialect));
      if (r.matched && r.eventError === undefined) return { pattern: p.name, matched: true };
      return { pattern: p.name, matched: false, why: resultSummary(r) };
    }),
  }));
  return {
    uri: uri.toString(),
    patterns: patterns.map(p => {
      const error = p.result.problems.find(x => x.severity === 'error')?.message;
      return { name: p.name, dialect: p.dialect, ...(error ? { error } : {}) };
    }),
    rows,
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function nonce(): string {
  let out = '';
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) out += chars[Math.floor(Math.random() * chars.length)];
  return out;
}

/** The results panel: one per pattern document, refreshed when shown again. */
export class MatchTablePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private table: MatchTable | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly deps: Deps,
    private readonly onShowCell: (uri: string, pattern: string, sampleId: string) => Promise<void>,
  ) {}

  show(table: MatchTable): void {
    this.table = table;
    const title = `Match results: ${vscode.workspace.asRelativePath(vscode.Uri.parse(table.uri))}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('eventlens.matchResults', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
      this.panel.webview.onDidReceiveMessage(
        (m: unknown) => {
          const msg = m as { pattern?: unknown; sampleId?: unknown };
          if (this.table && typeof msg.pattern === 'string' && typeof msg.sampleId === 'string') {
            this.onShowCell(this.table.uri, msg.pattern, msg.sampleId).catch(error => this.deps.log.error('showing a result failed', error));
          }
        },
        undefined,
        this.subscriptions,
      );
    }
    this.panel.title = title;
    this.panel.webview.html = this.html(table);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private html(table: MatchTable): string {
    const n = nonce();
    const head = table.patterns.map(p => `<th title="${esc(p.dialect)}">${esc(p.name)}${p.error ? `<div class="err">${esc(p.error)}</div>` : ''}</th>`).join('');
    const body = table.rows.length
      ? table.rows
          .map(r => {
            const cells = r.cells
              .map(c => `<td class="${c.matched ? 'ok' : 'no'}"><a href="#" data-p="${esc(c.pattern)}" data-s="${esc(r.sampleId)}">${c.matched ? '✓ match' : '✗ no match'}</a>${c.why ? `<div class="why">${esc(c.why)}</div>` : ''}</td>`)
              .join('');
            return `<tr><th class="sample" title="${esc(r.sampleId)}">${esc(r.label)}<span class="origin">${esc(r.origin)}</span></th>${cells}</tr>`;
          })
          .join('\n')
      : `<tr><td colspan="${table.patterns.length + 1}">No sample events: add files matching <code>eventlens.sampleEvents</code> (e.g. <code>events/*.json</code>), or pick bundled samples with "Match sample event…".</td></tr>`;
    const total = table.rows.length * table.patterns.length;
    const matched = table.rows.reduce((a, r) => a + r.cells.filter(c => c.matched).length, 0);
    return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${n}';">
<style>
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground)}
table{border-collapse:collapse}th,td{border:1px solid var(--vscode-panel-border);padding:4px 8px;text-align:left;vertical-align:top}
.ok a{color:var(--vscode-testing-iconPassed)}.no a{color:var(--vscode-testing-iconFailed)}
.why,.err{font-size:90%;opacity:.85;max-width:32em}.err{color:var(--vscode-errorForeground)}
.origin{margin-left:.6em;font-weight:normal;opacity:.6;font-size:85%}a{text-decoration:none}
</style></head><body>
<p>${matched} of ${total} sample × pattern pairs match. Click a result to show it on the pattern.</p>
<table><thead><tr><th>Sample</th>${head}</tr></thead><tbody>
${body}
</tbody></table>
<script nonce="${n}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', e => {
  const a = e.target.closest('a[data-p]');
  if (!a) return;
  e.preventDefault();
  vscode.postMessage({ pattern: a.dataset.p, sampleId: a.dataset.s });
});
</script></body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
