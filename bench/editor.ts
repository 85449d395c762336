// Editor latency: completion and hover p95, and a full diagnostics pass, on a generated 2,000-line CloudFormation
// template (YAML, and the same template as JSON) holding 50 patterns. Deterministic input; run by `npm run bench`.
//
// What each figure includes, to match what the editor does:
// - diagnostics pass: find every pattern in the document (YAML/JSON parse) and compile all 50 — what runs after each
//   edit once the debounce expires;
// - completion after a keystroke: the document changed, so its patterns are found again (no compile: results are
//   compiled lazily), then completion runs at the cursor;
// - hover: the document is unchanged since the last pass (cached patterns), hover runs at the position.
import { locatePatterns, findPatterns, clearTemplateCaches, type LocatedPattern } from '../src/core/language/templates';
import { completeInDocument } from '../src/core/language/complete';
import { hoverInDocument } from '../src/core/language/hover';
import { SampleIndex } from '../src/core/language/sampleIndex';
import type { Sample } from '../src/core/types';
import { mulberry32 } from '../test/support/prng';

const STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'];


function yamlRule(i: number, r: () => number): string[] {
  const state = STATES[Math.floor(r() * STATES.length)];
  return [
    `  Rule${i}:`,
    '    Type: AWS::Events::Rule',
    '    Properties:',
    `      Name: rule-${i}`,
    `      Description: Generated rule ${i} for the editor benchmark`,
    '      EventBusName: default',
    '      State: ENABLED',
    '      EventPattern:',
    '        source:',
    '          - aws.ec2',
    '          - com.example.orders',
    '        detail-type:',
    '          - EC2 Instance State-change Notification',
    '        account: [!Ref AWS::AccountId]',
    '        region: [us-east-1, eu-west-1]',
    '        detail:',
    '          state:',
    `            - ${state}`,
    '            - prefix: stop',
    '          instance-id:',
    '            - anything-but: [i-0123456789abcdef0]',
    '          count:',
    `            - numeric: [">", ${i}, "<=", ${i + 100}]`,
    '          tags:',
    '            env: [prod, staging]',
    '            owner:',
    '              - exists: true',
    '          address:',
    '            - cidr: 10.0.0.0/24',
    '      Targets:',
    `        - Id: target-${i}`,
    '          Arn: !GetAtt Queue.Arn',
    '          RetryPolicy:',
    '            MaximumRetryAttempts: 3',
    '            MaximumEventAgeInSeconds: 3600',
    '          DeadLetterConfig:',
    '            Arn: !GetAtt DeadLetterQueue.Arn',
    '',
  ];
}

function yamlSns(i: number): string[] {
  return [
    `  Subscription${i}:`,
    '    Type: AWS::SNS::Subscription',
    '    Properties:',
    '      TopicArn: !Ref Topic',
    '      Protocol: sqs',
    '      Endpoint: !GetAtt Queue.Arn',
    '      RawMessageDelivery: true',
    '      FilterPolicyScope: MessageAttributes',
    '      FilterPolicy:',
    '        store: [example_corp, example_shop]',
    '        event:',
    '          - anything-but: order_cancelled',
    '        customer_interests: [rugby, football, baseball]',
    '        price_usd:',
    `          - numeric: [">=", ${i}, "<", ${i * 10 + 100}]`,
    '      RedrivePolicy:',
    '        deadLetterTargetArn: !GetAtt DeadLetterQueue.Arn',
    '',
  ];
}

function yamlPipe(i: number): string[] {
  return [
    `  Pipe${i}:`,
    '    Type: AWS::Pipes::Pipe',
    '    Properties:',
    `      Name: pipe-${i}`,
    '      RoleArn: !GetAtt PipeRole.Arn',
    '      Source: !GetAtt Queue.Arn',
    '      Target: !GetAtt StateMachine.Arn',
    '      SourceParameters:',
    '        SqsQueueParameters:',
    '          BatchSize: 10',
    '        FilterCriteria:',
    '          Filters:',
    '            - Pattern: |',
    '                {',
    '                  "body": {',
    '                    "status": ["paid", "shipped"],',
    `                    "total": [{"numeric": [">", ${i}]}],`,
    '                    "customer": {"tier": [{"prefix": "gold"}]}',
    '                  }',
    '                }',
    '',
  ];
}

function yamlSam(i: number): string[] {
  return [
    `  Handler${i}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs20.x',
    '      MemorySize: 256',
    '      Timeout: 30',
    '      Environment:',
    '        Variables:',
    '          TABLE: !Ref Table',
    '      Events:',
    '        OnOrder:',
    '          Type: EventBridgeRule',
    '          Properties:',
    '            Pattern:',
    '              source: [com.example.orders]',
    '              detail-type: [Order Created, Order Updated]',
    '              detail:',
    '                status: [paid]',
    `                total: [{numeric: [">", ${i}]}]`,
    '',
  ];
}

/** The generated template: 30 rules, 10 SAM functions, 5 SNS subscriptions, 5 pipes — 50 patterns. */
export function generateYaml(): string {
  const r = mulberry32(42);
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Transform: AWS::Serverless-2016-10-31', 'Description: Generated for the EventLens editor benchmark', '', 'Resources:'];
  for (let i = 0; i < 30; i++) lines.push(...yamlRule(i, r));
  for (let i = 0; i < 10; i++) lines.push(...yamlSam(i));
  for (let i = 0; i < 5; i++) lines.push(...yamlSns(i));
  for (let i = 0; i < 5; i++) lines.push(...yamlPipe(i));
  // Pad with ordinary resources to 2,000 lines, as real templates carry plenty besides patterns.
  let q = 0;
  while (lines.length < 1995) {
    lines.push(`  Queue${q}:`, '    Type: AWS::SQS::Queue', '    Properties:', `      QueueName: queue-${q}`, '      VisibilityTimeout: 60', '');
    q++;
  }
  return lines.slice(0, 2000).join('\n') + '\n';
}

function samples(): Sample[] {
  const out: Sample[] = [];
  const r = mulberry32(7);
  for (let i = 0; i < 200; i++) {
    const event = {
      version: '0',
      id: `id-${i}`,
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '111122223333',
      time: '2024-05-01T12:00:00Z',
      region: 'us-east-1',
      resources: [`arn:aws:ec2:us-east-1:111122223333:instance/i-${i}`],
      detail: { 'instance-id': `i-${i}`, state: STATES[Math.floor(r() * STATES.length)], count: Math.floor(r() * 1000), tags: { env: 'prod', owner: `team-${i % 7}` } },
    };
    out.push({ id: `bench:${i}`, label: `e${i}`, kind: 'eventbridge', origin: 'workspace', text: JSON.stringify(event), input: event });
  }
  return out;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function diagnosticsPass(text: string, languageId: string): LocatedPattern[] {
  const found = locatePatterns(text, { languageId }, { maxPatternSize: 2048 });
  let problems = 0;
  for (const p of found) problems += p.result.problems.length;
  if (problems < 0) throw new Error('unreachable');
  return [...found];
}

function main(): void {
  const yaml = generateYaml();
  const json = JSON.stringify(
    { AWSTemplateFormatVersion: '2010-09-09', Resources: Object.fromEntries(findPatterns(yaml, { languageId: 'yaml' }).map((s, i) => [`R${i}`, { Type: 'AWS::Events::Rule', Properties: { EventPattern: JSON.parse(JSON.stringify(s.root ? toJs(s.root) : JSON.parse(s.text))) } }])) },
    null,
    2,
  );
  const index = SampleIndex.build(samples());
  const lineCount = yaml.split('\n').length - 1;
  const patterns = diagnosticsPass(yaml, 'yaml');
  if (patterns.length !== 50) throw new Error(`expected 50 patterns, found ${patterns.length}`);

  // Warm up the JIT, as a running extension host would be.
  for (let i = 0; i < 20; i++) diagnosticsPass(yaml, 'yaml');

  // Cold: nothing parsed or compiled yet (opening the file).
  const cold: number[] = [];
  for (let i = 0; i < 30; i++) {
    clearTemplateCaches();
    cold.push(time(() => diagnosticsPass(yaml, 'yaml')));
  }
  // After a keystroke in one pattern: the pass the debounce runs while the user types.
  const edits = [...yaml.matchAll(/prefix: stop/g)].map(m => m.index! + 'prefix: st'.length);
  const afterEdit: number[] = [];
  edits.forEach((at, i) => {
    const edited = yaml.slice(0, at) + String.fromCharCode(97 + (i % 26)) + yaml.slice(at);
    afterEdit.push(time(() => diagnosticsPass(edited, 'yaml')));
  });
  const jsonCold: number[] = [];
  const jsonEdit: number[] = [];
  const jsonEdits = [...json.matchAll(/"prefix": "stop"/g)].map(m => m.index! + '"prefix": "st'.length);
  for (let i = 0; i < 30; i++) {
    clearTemplateCaches();
    jsonCold.push(time(() => diagnosticsPass(json, 'json')));
  }
  jsonEdits.forEach((at, i) => {
    const edited = json.slice(0, at) + String.fromCharCode(97 + (i % 26)) + json.slice(at);
    jsonEdit.push(time(() => diagnosticsPass(edited, 'json')));
  });

  // Cursor positions inside patterns: after "- " items, at keys, inside flow sequences, in the pipes' JSON.
  const positions: number[] = [];
  const re = /(?:- )(?=[a-z])|detail:\n {10}|region: \[|"status": \[|total: \[/g;
  for (let m = re.exec(yaml); m; m = re.exec(yaml)) positions.push(m.index + m[0].length);
  const completion: number[] = [];
  const completionWarm: number[] = [];
  let offered = 0;
  for (const pos of positions) {
    // A keystroke: the text changes (one character typed), patterns are found again, completion runs.
    const typed = yaml.slice(0, pos) + 's' + yaml.slice(pos);
    completion.push(
      time(() => {
        const sites = findPatterns(typed, { languageId: 'yaml' });
        offered += completeInDocument(typed, pos + 1, sites, { samples: index }).length;
      }),
    );
    completionWarm.push(time(() => completeInDocument(yaml, pos, patterns, { samples: index })));
  }
  const hover: number[] = [];
  const hoverRe = /prefix|anything-but|numeric|exists|cidr|state:|source:|instance-id/g;
  for (let m = hoverRe.exec(yaml); m; m = hoverRe.exec(yaml)) hover.push(time(() => hoverInDocument(m!.index + 1, patterns, { samples: index })));

  const f = (n: number): string => `${n.toFixed(2)} ms`;
  console.log(`EventLens editor benchmark — ${lineCount}-line YAML template, ${patterns.length} patterns, ${index.sampleCount('eventbridge')} sample events`);
  console.log('');
  console.log('| measure | median | p95 | target |');
  console.log('|---|---|---|---|');
  console.log(`| full diagnostics pass, YAML, cold (parse + compile all 50) | ${f(percentile(cold, 50))} | ${f(percentile(cold, 95))} | < 20 ms |`);
  console.log(`| full diagnostics pass, YAML, after a keystroke in a pattern (${afterEdit.length} edits) | ${f(percentile(afterEdit, 50))} | ${f(percentile(afterEdit, 95))} | < 20 ms |`);
  console.log(`| full diagnostics pass, same 50 patterns as a JSON template (${json.split('\n').length} lines), cold | ${f(percentile(jsonCold, 50))} | ${f(percentile(jsonCold, 95))} | < 20 ms |`);
  console.log(`| full diagnostics pass, JSON template, after a keystroke (${jsonEdit.length} edits) | ${f(percentile(jsonEdit, 50))} | ${f(percentile(jsonEdit, 95))} | < 20 ms |`);
  console.log(`| completion after a keystroke (re-find + complete), ${completion.length} positions | ${f(percentile(completion, 50))} | ${f(percentile(completion, 95))} | p95 < 10 ms |`);
  console.log(`| completion, patterns cached | ${f(percentile(completionWarm, 50))} | ${f(percentile(completionWarm, 95))} | p95 < 10 ms |`);
  console.log(`| hover, ${hover.length} positions | ${f(percentile(hover, 50))} | ${f(percentile(hover, 95))} | p95 < 10 ms |`);
  console.log('');
  console.log(`(${offered} suggestions offered in total)`);
}

/** A PNode tree back to a plain value, for the JSON variant of the template. */
function toJs(node: { type: string; value?: unknown; raw?: string; children?: readonly any[] }): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map(p => [p.children[0].value, toJs(p.children[1])]));
    case 'array':
      return (node.children ?? []).map(toJs);
    case 'intrinsic':
      return { Ref: 'AWS::AccountId' };
    default:
      return node.value;
  }
}

// Run when executed, not when imported by a profiling script.
if (require.main === module) main();
