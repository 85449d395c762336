// How `eventlens route` and `batch` cut their input into lines: the chunked reader must cut exactly where
// node's readline (which they used before) cuts, wherever the chunk boundaries fall, and a file given by name,
// redirected to stdin, or piped must give the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as readline from 'node:readline';
import { Readable } from 'node:stream';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../../src/lineSplitter';
import { CLI, runCli, ensureCliBuilt, tempFolder } from './cliHarness';
import { mulberry32 } from '../support/prng';

const { write } = tempFolder('eventlens-lines-');

/** What the CLI did with readline: lines split at \r\n, \n or a lone \r; BOM dropped on the first; blank ones skipped. */
async function readlineLines(chunks: readonly string[]): Promise<string[]> {
  const rl = readline.createInterface({ input: Readable.from(chunks), crlfDelay: Infinity, terminal: false });
  const out: string[] = [];
  let first = true;
  for await (const raw of rl) {
    const line = first && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    first = false;
    if (line.trim() !== '') out.push(line);
  }
  return out;
}

function splitterLines(chunks: readonly string[]): string[] {
  const out: string[] = [];
  const s = new LineSplitter(
    line => `<${line}>`,
    answer => out.push(answer.slice(1, -1)),
  );
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}


test('the chunked line splitter cuts exactly where readline cuts, for any chunking (2,000 random inputs)', async () => {
  const rnd = mulberry32(11);
  const alphabet = ['a', 'b', '{}', ' ', '\t', '\r', '\n', '\r\n', '\ufeff', 'é', '😀'];
  for (let n = 0; n < 2000; n++) {
    let text = '';
    const len = Math.floor(rnd() * 40);
    for (let i = 0; i < len; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
    const chunks: string[] = [];
    for (let at = 0; at < text.length; ) {
      const size = 1 + Math.floor(rnd() * 6);
      chunks.push(text.slice(at, at + size));
      at += size;
    }
    assert.deepEqual(splitterLines(chunks), await readlineLines(chunks), `input ${JSON.stringify(text)} in chunks ${JSON.stringify(chunks)}`);
  }
});

/** The lines `LineSplitter.pushBytes` cuts from UTF-8 byte chunks, each read into one reused buffer (as fileLines does). */
function byteSplitterLines(chunks: readonly Buffer[]): string[] {
  const out: string[] = [];
  const s = new LineSplitter(
    line => `<${line}>`,
    answer => out.push(answer.slice(1, -1)),
  );
  const buffer = Buffer.alloc(Math.max(0, ...chunks.map(c => c.length)));
  for (const c of chunks) {
    c.copy(buffer);
    s.pushBytes(buffer.subarray(0, c.length));
  }
  s.end();
  return out;
}

test('lines cut from bytes are the lines cut from the text a StringDecoder makes of them, for any chunking (3,000 random inputs)', () => {
  const rnd = mulberry32(12);
  // Line breaks, a BOM, multi-byte characters (cut anywhere by the chunks) and invalid UTF-8: stray continuation
  // bytes, truncated sequences, bytes never valid, an encoded surrogate, an overlong form.
  const pieces = ['a', '{}', ' ', '\t', '\r', '\n', '\r\n', '\ufeff', 'é', '€', '😀'].map(t => Buffer.from(t));
  pieces.push(...[[0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xff], [0xfe], [0xed, 0xa0, 0x80], [0xc0, 0xaf]].map(b => Buffer.from(b)));
  for (let n = 0; n < 3000; n++) {
    const parts: Buffer[] = [];
    const len = Math.floor(rnd() * 40);
    for (let i = 0; i < len; i++) parts.push(pieces[Math.floor(rnd() * pieces.length)]);
    const bytes = Buffer.concat(parts);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + Math.floor(rnd() * 8);
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    const decoder = new StringDecoder('utf8');
    const texts = [...chunks.map(c => decoder.write(c)), decoder.end()];
    assert.deepEqual(byteSplitterLines(chunks), splitterLines(texts), `bytes ${bytes.toString('hex')} in chunks of ${chunks.map(c => c.length).join(',')}`);
  }
});

test('a long line arriving in many chunks is one line', () => {
  const long = 'x'.repeat(100_000);
  const chunks = ['{"a":"', ...long.match(/.{1,1000}/g)!, '"}\r', '\n', '{"b":1}'];
  assert.deepEqual(splitterLines(chunks), [`{"a":"${long}"}`, '{"b":1}']);
  assert.deepEqual(byteSplitterLines(chunks.map(c => Buffer.from(c))), [`{"a":"${long}"}`, '{"b":1}']);
});

test('route gives the same answers for an events file by name, redirected to stdin, and piped', async () => {
  ensureCliBuilt();
  const rules = write('rules.json', JSON.stringify({ a: { source: ['a'] }, b: { source: ['b'] }, any: { source: [{ exists: true }] } }));
  // CRLF, a lone CR, a blank line, a BOM, a bad line, and no line break at the end; large enough for several reads.
  const lines = ['\ufeff{"source":"a"}', '{"source":"b"}', '', 'not json', ...Array.from({ length: 30_000 }, (_, i) => `{"source":"${['a', 'b', 'c'][i % 3]}","n":${i}}`)];
  const text = lines.slice(0, 2).join('\r\n') + '\r' + lines.slice(2).join('\n');
  const events = write('events.jsonl', text);
  const byName = await runCli(['route', '--rules', rules, events]);
  assert.equal(byName.code, 0, byName.stderr);
  const answers = byName.stdout.trim().split('\n');
  assert.equal(answers.length, 30_003);
  assert.deepEqual(JSON.parse(answers[0]), { matches: ['a', 'any'] });
  assert.deepEqual(JSON.parse(answers[1]), { matches: ['any', 'b'] });
  assert.match(answers[2], /"error"/);
  assert.deepEqual(JSON.parse(answers[5]), { matches: ['any'] });
  const piped = await runCli(['route', '--rules', rules], { input: text });
  assert.equal(piped.stdout, byName.stdout);
  const redirected = await new Promise<string>((resolve, reject) => {
    const fd = fs.openSync(events, 'r');
    const child = spawn(process.execPath, [CLI, 'route', '--rules', rules], { stdio: [fd, 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      fs.closeSync(fd);
      resolve(out);
    });
  });
  assert.equal(redirected, byName.stdout);
});
