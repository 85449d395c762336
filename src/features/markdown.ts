/**
 * Markdown for vscode.MarkdownString: the one implementation lives in core (`core/language/markdown.ts`, used by
 * hover as well); escape untrusted text with `escapeMd` outside code spans and put it in `codeSpan` inside them.
 */
export { codeSpan, escapeMd } from '../core/language/markdown';
