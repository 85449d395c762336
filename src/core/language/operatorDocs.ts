/**
 * The markdown that documents an operator, shared by hover and completion (one wording for both).
 *
 * Pure: an operator and a dialect in, markdown out.
 */
import type { Dialect } from '../types';
import { isOperatorAllowed, isOperatorUndocumented, type OperatorInfo } from '../operators';
import { dialectLabel } from '../dialect';

/** Text for markdown: `<string>` in a value shape is not an HTML tag. */
function mdText(s: string): string {
  return s.replace(/[<>&]/g, c => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
}

/**
 * The hover / completion documentation of an operator, for a dialect. Completion shows the summary as the item's
 * detail already, so it leaves it out (`withSummary: false`).
 */
export function operatorMarkdown(op: OperatorInfo, dialect: Dialect, withSummary = true): string {
  const allowed = isOperatorAllowed(op, dialect);
  const where = op.dialects.map(d => dialectLabel(d) + (op.undocumentedIn?.includes(d) ? ' (undocumented)' : '')).join(', ');
  const lines = [
    ...(withSummary ? [`**${op.name}** — ${mdText(op.summary)}`, ''] : []),
    `Value: ${mdText(op.valueShape)}`,
    '',
    '```json',
    op.example,
    '```',
    '',
    `**Pitfall:** ${mdText(op.pitfall)}`,
    '',
    `Accepted in: ${where}.`,
  ];
  if (!allowed) lines.push('', `⚠️ Not accepted in a ${dialectLabel(dialect)}.`);
  else if (isOperatorUndocumented(op, dialect)) lines.push('', `⚠️ Not documented for a ${dialectLabel(dialect)}: AWS may change how it behaves.`);
  const docs = dialect.startsWith('sns') && op.snsDocsUrl ? op.snsDocsUrl : op.docsUrl;
  lines.push('', `[Documentation](${docs})`);
  return lines.join('\n');
}
