// Cutting JSON Lines input into lines for `eventlens route` and `batch` (cli.ts), chunk by chunk.

/**
 * Splits text into lines the way `readline` does with `crlfDelay: Infinity` (`\r\n`, `\n` or a lone `\r` ends a
 * line), chunk by chunk: a `\r` at the end of a chunk waits for the next one, in case a `\n` follows. Blank lines
 * are skipped (JSON Lines allows them), and a byte-order mark before the first line is dropped (it is an
 * editor's, not part of the JSON; validate and match drop it too).
 */
export class LineSplitter {
  private rest = '';
  private first = true;

  constructor(private readonly handle: (line: string) => string, private readonly emit: (answer: string) => void) {}

  /** Handles every complete line of `text` (appended to what the last chunk left). */
  push(text: string): void {
    // A chunk inside one long line: kept (a rope, not copied) until a line break arrives.
    if (text.indexOf('\n') === -1 && text.indexOf('\r') === -1 && !this.rest.endsWith('\r')) {
      this.rest += text;
      return;
    }
    const s = this.rest + text;
    let start = 0;
    const end = s.length;
    // The next \n and \r at or after `start`, searched again only once passed: searching for a \r per line in a
    // chunk that has none would scan the rest of the chunk for every line.
    let nl = -2;
    let cr = -2;
    for (;;) {
      if (nl !== -1 && nl < start) nl = s.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = s.indexOf('\r', start);
      if (nl === -1 && cr === -1) break;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        // A lone `\r`, or the first half of `\r\n`; at the very end it waits for the next chunk.
        if (cr === end - 1) break;
        this.line(s.slice(start, cr));
        start = s.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else {
        this.line(s.slice(start, nl));
        start = nl + 1;
      }
    }
    this.rest = start === 0 ? s : s.slice(start);
  }

  /** The last line, which has no line break after it. */
  end(): void {
    const s = this.rest;
    this.rest = '';
    if (s.endsWith('\r')) this.line(s.slice(0, -1));
    else if (s !== '') this.line(s);
  }

  private line(raw: string): void {
    const line = this.first && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    this.first = false;
    if (line.trim() === '') return;
    this.emit(this.handle(line));
  }
}
