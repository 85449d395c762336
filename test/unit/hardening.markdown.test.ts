// Hardening (issue #12 item 11, issue #15 item 11): untrusted text in hovers and tooltips renders as text, rendered
// here by a real CommonMark renderer (markdown-it) with autolinks on, as VS Code's hovers have them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { parseTree } from 'jsonc-parser';
import { codeSpan, escapeMd } from '../../src/core/language/markdown';
import { hover } from '../../src/core/language/hover';
import { SampleIndex } from '../../src/core/language/sampleIndex';
import { parseSampleFile } from '../../src/core/engine/samples';
import type { PNode } from '../../src/core/types';

type Md = { render(src: string): string };
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => Md;
const md = new MarkdownIt({ html: true, linkify: true });

const HOSTILE = ['ok` ![t](https://evil.example/t.png)', '![x](https://evil.example/x.png)', '[click](https://evil.example)', 'https://evil.example/bare', '<img src=x onerror=alert(1)>', 'a\n\n# Heading\n\n- item', '``` fence', '1. list', '- dash', '*bold* _it_ ~~s~~ | t |'];

function assertInert(html: string, what: string, allowBold = false): void {
  assert.doesNotMatch(html, allowBold ? /<img|<a |<h1|<li|<script|<em|<table|<pre/ : /<img|<a |<h1|<li|<script|<strong|<em|<table|<pre/, `${what} rendered as markup: ${html}`);
}

describe('escapeMd and codeSpan keep untrusted text as text', () => {
  for (const s of HOSTILE) {
    test(JSON.stringify(s), () => {
      assertInert(md.render(`Value: ${escapeMd(s)}`), 'escapeMd');
      const html = md.render(`Value: ${codeSpan(s)}`);
      assertInert(html, 'codeSpan');
      // Exactly one code span holding the text (line breaks as spaces), nothing outside it.
      const code = /<code>([^]*?)<\/code>/.exec(html)?.[1];
      const decode = (h: string): string => h.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.equal(decode(code ?? ''), s.replace(/\n/g, ' '));
      assert.equal(html.match(/<code>/g)?.length, 1);
    });
  }

  test('a file name in a code span is not shown escaped (order-placed.json, not order\\-placed.json)', () => {
    assert.equal(md.render(codeSpan('order-placed.json')).trim(), '<p><code>order-placed.json</code></p>');
    assert.equal(md.render(escapeMd('order-placed.json')).trim(), '<p>order-placed.json</p>');
  });
});

describe('hover over workspace data', () => {
  const sample = JSON.stringify({ source: 'shop', 'detail-type': 'x', detail: { status: HOSTILE[0], '![x](https://evil.example/k.png)': 1 } });
  const samples = SampleIndex.build(parseSampleFile(sample, { id: 's', label: 's.json', origin: 'workspace' }).samples);
  const at = (text: string, needle: string): string => {
    const root = parseTree(text) as PNode;
    return hover(root, text.indexOf(needle) + 1, { dialect: 'eventbridge', samples })?.markdown ?? '';
  };

  test('a sample value with a backtick and an image shows as text', () => {
    const markdown = at('{"detail": {"status": ["x"]}}', 'status');
    assert.match(markdown, /evil\.example/, 'the value is shown');
    assertInert(md.render(markdown), 'hover', true);
  });

  test('a pattern key written as an image shows as text', () => {
    const markdown = at('{"detail": {"![x](https://evil.example/k.png)": ["x"]}}', '![x]');
    assert.match(markdown, /evil\.example/);
    assertInert(md.render(markdown), 'hover', true);
  });
});
