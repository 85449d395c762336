/**
 * Putting untrusted text (sample values, pattern keys, file names, AWS descriptions) into markdown that VS Code
 * renders: outside code spans every markdown character is escaped, so `![t](https://…)` shows as text, not as an
 * image fetched from someone's server; inside a code span nothing is escaped (a file name shows as
 * `order-placed.json`, not `order\-placed.json`), and the span is made safe against backticks and line breaks.
 * Pure.
 */

/**
 * Text for markdown, outside code spans: markdown and HTML characters escaped, line breaks made spaces (a blank
 * line would end the paragraph or list the text was put in).
 * @example escapeMd('![x](https://evil.example/t.png)') // '\\!\\[x\\]\\(https://evil.example/t.png\\)'
 */
export function escapeMd(text: string): string {
  // `.` and `-` only matter at the start of a line (`1.` and `-` lists); escaping them elsewhere only clutters the source.
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~:]/g, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^-/, '\\-');
}

/**
 * A code span holding `text` exactly (line breaks as spaces): fenced with more backticks than the longest run
 * inside, and padded when the text starts or ends with a backtick, per CommonMark.
 * @example codeSpan('a`b') // '``a`b``'
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each side when both are there: pad when needed so the text survives as is.
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
