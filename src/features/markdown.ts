/** Escape text for a vscode.MarkdownString, so names and values (`*`, `_`, `<…>`) show as written. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
