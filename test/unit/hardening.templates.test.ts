// Hardening (issue #12 items 7, 10): big templates, and patterns of the wrong shape in templates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { clearTemplateCaches, locatePatterns } from '../../src/core/language/templates';
import { quickFixesInDocument } from '../../src/core/language/codeActions';

/** A YAML template with `n` rules, each with its own pattern (so every block and every pattern is distinct). */
function bigTemplate(n: number): string {
  const lines = ['Resources:'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  Rule${i}:`,
      '    Type: AWS::Events::Rule',
      '    Properties:',
      `      Description: rule number ${i}`,
      '      EventPattern:',
      '        source:',
      `          - com.example.s${i}`,
      '        detail:',
      '          amount:',
      `            - numeric: [">", ${i}]`,
    );
  }
  return lines.join('\n') + '\n';
}

/** One diagnostics pass as the editor does it: locate, then read every pattern's problems. */
function pass(text: string, rules: number): number {
  let problems = 0;
  let count = 0;
  for (const p of locatePatterns(text, { languageId: 'yaml', fileName: 'template.yaml' })) {
    problems += p.result.problems.length;
    count++;
  }
  // Every rule is still found: a pass that lost the template would be fast for the wrong reason.
  return count === rules ? problems : -1;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('item 7: a keystroke in a big template re-reads only what changed', () => {
  for (const n of [2_100, 4_000]) {
    test(`${n} rules: a one-character edit costs < 20 ms`, () => {
      clearTemplateCaches();
      let text = bigTemplate(n);
      assert.equal(pass(text, n), 0);
      pass(text, n); // warm
      const times: number[] = [];
      // Type characters into the description of a rule in the middle.
      const at = text.indexOf(`rule number ${Math.floor(n / 2)}\n`) + 'rule number'.length;
      assert.ok(at > 'rule number'.length);
      for (let k = 0; k < 15; k++) {
        text = `${text.slice(0, at)}x${text.slice(at)}`;
        // CPU time, not wall time: the figure is about the work done, not how busy the machine is.
        const c0 = process.cpuUsage();
        assert.equal(pass(text, n), 0);
        const c = process.cpuUsage(c0);
        times.push((c.user + c.system) / 1000);
      }
      const ms = median(times);
      console.log(`${n} rules: ${ms.toFixed(1)} ms CPU per keystroke (median of ${times.length})`);
      assert.ok(ms < 20, `${n} rules: ${ms.toFixed(1)} ms per keystroke`);
    });
  }
});

describe('item 10: a pattern that is not an object is reported, not skipped', () => {
  const yaml = (pattern: string): string => `Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: ${pattern}\n`;
  const json = (pattern: string): string => JSON.stringify({ Resources: { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: JSON.parse(pattern) } } } }, null, 2);

  for (const [name, text, languageId] of [
    ['YAML flow array', yaml('["a"]'), 'yaml'],
    ['YAML block array', 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        - a\n', 'yaml'],
    ['JSON array', json('["a"]'), 'json'],
    ['JSON number', json('42'), 'json'],
    ['SNS policy array (JSON)', JSON.stringify({ Resources: { S: { Type: 'AWS::SNS::Subscription', Properties: { FilterPolicy: ['a'] } } } }), 'json'],
    ['Pipes filter array (YAML)', 'Resources:\n  P:\n    Type: AWS::Pipes::Pipe\n    Properties:\n      SourceParameters:\n        FilterCriteria:\n          Filters:\n            - Pattern: [1, 2]\n', 'yaml'],
  ] as const) {
    test(name, () => {
      const found = locatePatterns(text, { languageId, fileName: `t.${languageId}` });
      assert.equal(found.length, 1, `the pattern is found: ${name}`);
      const errors = found[0]!.result.problems.filter(p => p.severity === 'error');
      assert.ok(errors.length > 0, 'an error is reported');
      // AWS's own text for a top-level value that is not an object (Ruler: "Filter is not an object").
      assert.match(errors[0]!.message + ' ' + (errors[0]!.awsReason ?? ''), /object/i);
      const span = found[0]!.toDocument(errors[0]!.span);
      assert.ok(span.offset >= found[0]!.range.offset && span.offset <= found[0]!.range.offset + found[0]!.range.length, 'on the pattern');
    });
  }
});

describe('item 9: quick fixes in YAML templates leave YAML that parses', () => {
  const rule = (pattern: string): string => `Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:${pattern}\n  Next:\n    Type: AWS::SNS::Topic\n`;
  const fixesOf = (text: string): { title: string; fixed: string }[] => {
    const located = locatePatterns(text, { languageId: 'yaml', fileName: 't.yaml' });
    return located.flatMap(p => p.result.problems.flatMap(problem => quickFixesInDocument(located, p.toDocument(problem.span), text).map(f => {
      let out = text;
      for (const e of [...f.edits].sort((a, b) => b.span.offset - a.span.offset)) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
      return { title: f.title, fixed: out };
    })));
  };

  test('a block key with no value: the fix writes "source: […]", not "source:[…]"', () => {
    const fixes = fixesOf(rule('\n        source:\n        detail-type: ["x"]'));
    assert.ok(fixes.length > 0, 'a fix is offered');
    for (const f of fixes) {
      assert.equal(parseDocument(f.fixed).errors.length, 0, `${f.title}:\n${f.fixed}`);
      assert.doesNotMatch(f.fixed, /source:\S/);
    }
  });

  test('a flow-map key with no value: the fix adds the colon', () => {
    const fixes = fixesOf(rule(' {source: ["a"], detail-type}'));
    for (const f of fixes) assert.equal(parseDocument(f.fixed).errors.length, 0, `${f.title}:\n${f.fixed}`);
  });

  test("removing trailing text after a single-quoted pattern removes a '' escape whole", () => {
    const text = rule(` '{"source": ["a"]}'''`);
    assert.equal(parseDocument(text).errors.length, 0);
    const fixes = fixesOf(text);
    assert.ok(fixes.length > 0, 'a fix is offered');
    for (const f of fixes) {
      assert.equal(parseDocument(f.fixed).errors.length, 0, `${f.title}:\n${f.fixed}`);
      const located = locatePatterns(f.fixed, { languageId: 'yaml', fileName: 't.yaml' });
      assert.ok(located[0]?.result.pattern, `${f.title}: the pattern compiles after the fix: ${located[0]?.text}`);
    }
  });
});
