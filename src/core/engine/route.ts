/**
 * "Which rules match this event?": every pattern of a set evaluated against one sample, through the engine's
 * `RuleSet` (one per dialect), so the answer is the same as matching each pattern alone.
 */
import type { CompiledPattern, Dialect, Sample } from '../types';
import { RuleSet } from './ruleSet';
import { prepareEvent } from './event';
import { matchInput } from './samples';

/** A pattern to route against: `key` must be unique in the set; `pattern` is absent when it does not compile. */
export interface RoutablePattern {
  readonly key: string;
  readonly dialect: Dialect;
  readonly pattern?: CompiledPattern;
}

/** The patterns of a set, sorted into those the event matches, those it does not, and those that cannot run. */
export interface RouteResult<T extends RoutablePattern> {
  readonly matched: readonly T[];
  readonly unmatched: readonly T[];
  /** Patterns with compile errors: they cannot match anything until fixed. */
  readonly notCompiling: readonly T[];
  /** Patterns of dialects this kind of sample is not meant for (an SNS policy for an EventBridge event). */
  readonly otherKind: readonly T[];
  /** When the event could not be read for a dialect, why (e.g. an SNS attribute of an unknown type). */
  readonly eventErrors: readonly { readonly dialect: Dialect; readonly error: string }[];
}

/** The dialects a sample of a kind is routed through: EventBridge events to rules and pipes, SNS messages to policies. */
export function dialectsForKind(kind: Sample['kind']): readonly Dialect[] {
  return kind === 'sns' ? ['sns-attributes', 'sns-body'] : ['eventbridge', 'pipes'];
}

/**
 * Evaluate every pattern of a set against one sample.
 * @example
 * routeEvent([{ key: 'a', dialect: 'eventbridge', pattern }], sample).matched.map(p => p.key) // ['a']
 */
export function routeEvent<T extends RoutablePattern>(patterns: readonly T[], sample: Pick<Sample, 'kind' | 'text' | 'input'>): RouteResult<T> {
  const dialects = dialectsForKind(sample.kind);
  const matched: T[] = [];
  const unmatched: T[] = [];
  const notCompiling: T[] = [];
  const otherKind: T[] = [];
  const eventErrors: { dialect: Dialect; error: string }[] = [];
  const byDialect = new Map<Dialect, T[]>();
  for (const p of patterns) {
    if (!dialects.includes(p.dialect)) otherKind.push(p);
    else if (!p.pattern) notCompiling.push(p);
    else {
      const list = byDialect.get(p.dialect) ?? [];
      list.push(p);
      byDialect.set(p.dialect, list);
    }
  }
  for (const [dialect, list] of byDialect) {
    const prepared = prepareEvent(matchInput(sample, dialect), dialect);
    if ('error' in prepared) {
      eventErrors.push({ dialect, error: prepared.error });
      unmatched.push(...list);
      continue;
    }
    const set = new RuleSet(dialect);
    for (const p of list) set.add(p.key, p.pattern!);
    const hits = new Set(set.matchingRules(prepared));
    for (const p of list) (hits.has(p.key) ? matched : unmatched).push(p);
  }
  return { matched, unmatched, notCompiling, otherKind, eventErrors };
}
