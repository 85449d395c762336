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
  /** `pushBytes`: the bytes of a line not yet ended, as their chunks came (joined once, when its end arrives). */
  private restBytes: Buffer[] = [];

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

  /**
   * `push` for UTF-8 bytes (not to be mixed with `push` on one splitter); `chunk` may be reused once this returns.
   * Lines are cut at their line-break bytes, which never occur inside a multi-byte character, and each is decoded
   * on its own, as decoding the whole input at once would. Its text is then a string of its own rather than a
   * slice of a 1 MB chunk's text: the pruned reader (prunedEvent.ts) reads an event unit by unit, which costs more
   * through a slice, and slices kept the whole chunk alive (route over the bench's 20,000 events: 8% fewer
   * instructions, a fifth of the garbage collector's).
   */
  pushBytes(chunk: Buffer): void {
    const start = this.completeLines(chunk);
    if (start < chunk.length) this.restBytes.push(Buffer.from(chunk.subarray(start)));
  }

  /**
   * `pushBytes`'s loop: handles every line `chunk` ends and returns where the unfinished one starts. A method of its
   * own: V8 optimizes this loop while it runs (on-stack replacement, the whole line handler inlined), and code after
   * the loop that had not yet run when it was compiled (keeping the chunk's rest) would throw that code away at
   * the end of the first chunk, to be compiled again.
   */
  private completeLines(chunk: Buffer): number {
    let start = 0;
    let nl = -2;
    let cr = -2;
    for (;;) {
      if (nl !== -1 && nl < start) nl = chunk.indexOf(10, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(13, start);
      if (nl === -1 && cr === -1) return start;
      // `\r\n` ends a line at the `\r`, and the `\n` then a blank one, skipped: a `\r` needs no look at what follows.
      const at = nl === -1 || (cr !== -1 && cr < nl) ? cr : nl;
      this.line(this.decode(chunk, start, at));
      start = at + 1;
    }
  }

  /** The text of the bytes left from earlier chunks followed by `chunk[from, to)`. */
  private decode(chunk: Buffer, from: number, to: number): string {
    const parts = this.restBytes;
    if (!parts.length) return chunk.toString('utf8', from, to);
    this.restBytes = [];
    return Buffer.concat([...parts, chunk.subarray(from, to)]).toString('utf8');
  }

  /** The last line, which has no line break after it. */
  end(): void {
    if (this.restBytes.length) {
      this.line(this.decode(Buffer.alloc(0), 0, 0));
      return;
    }
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
