/**
 * What the sample events say about the data a pattern filters: for every path, the keys seen below it and the
 * leaf values seen at it, with counts. Completion offers them, hover shows them.
 *
 * Paths are as a pattern writes them: arrays are transparent (a pattern never names an index), SNS attributes
 * are one level (`{"store": [...]}` filters the `store` attribute), SNS bodies are the parsed `Message` JSON.
 */
import type { Dialect, Sample } from '../types';

/** A key seen under a path, in how many samples, and whether it held leaf values, objects or both. */
export interface SampleKey {
  readonly key: string;
  readonly count: number;
  readonly leaf: boolean;
  readonly object: boolean;
}

/** A leaf value seen at a path and in how many samples. */
export interface SampleValue {
  readonly value: string | number | boolean | null;
  readonly count: number;
}

type Space = 'event' | 'attributes' | 'body';

interface MutableKey {
  count: number;
  leaf: boolean;
  object: boolean;
  /** Last sample id counted, so a key repeated in an array counts once per sample. */
  lastSample: number;
}

interface MutableValue {
  value: string | number | boolean | null;
  count: number;
  lastSample: number;
}

interface PathEntry {
  readonly keys: Map<string, MutableKey>;
  readonly values: Map<string, MutableValue>;
}

/** Values per path are capped: a sample set of logs would otherwise grow the index without bound. */
const MAX_VALUES_PER_PATH = 200;
const MAX_VALUE_LENGTH = 200;
const MAX_DEPTH = 32;

function spaceOf(dialect: Dialect): Space {
  return dialect === 'sns-attributes' ? 'attributes' : dialect === 'sns-body' ? 'body' : 'event';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const SEP = '\u0000';

/**
 * An index of sample events by path. Build it once per sample-set change (`SampleIndex.build`); lookups are map
 * reads.
 * @example SampleIndex.build(samples).valuesAt('eventbridge', ['detail', 'state'])[0].value // 'running'
 */
export class SampleIndex {
  private readonly spaces: Record<Space, Map<string, PathEntry>> = { event: new Map(), attributes: new Map(), body: new Map() };
  private readonly counts: Record<Space, number> = { event: 0, attributes: 0, body: 0 };
  private readonly detailTypes = new Map<string, Map<string, number>>();
  private sampleNo = 0;
  private samples: readonly Sample[] = [];
  private readonly narrowed = new Map<string, SampleIndex>();

  /** An index of these samples (EventBridge events index the `event` space; SNS messages attributes and body). */
  static build(samples: readonly Sample[]): SampleIndex {
    const index = new SampleIndex();
    index.samples = samples;
    for (const s of samples) {
      try {
        index.add(s);
      } catch {
        // A sample with an unexpected shape adds nothing; the index never fails as a whole.
      }
    }
    return index;
  }

  /** An index with no samples. */
  static readonly empty: SampleIndex = new SampleIndex();

  private add(sample: Sample): void {
    this.sampleNo++;
    if (sample.kind === 'eventbridge') {
      const event = typeof sample.input === 'string' ? tryJson(sample.input) : sample.input;
      if (!isRecord(event)) return;
      this.counts.event++;
      this.walk('event', [], event, 0);
      const source = event.source;
      const detailType = event['detail-type'];
      if (typeof source === 'string' && typeof detailType === 'string') {
        const m = this.detailTypes.get(source) ?? new Map<string, number>();
        m.set(detailType, (m.get(detailType) ?? 0) + 1);
        this.detailTypes.set(source, m);
      }
      return;
    }
    const input = sample.input;
    if (!isRecord(input)) return;
    const attributes = input.MessageAttributes;
    if (isRecord(attributes) && Object.keys(attributes).length > 0) {
      this.counts.attributes++;
      for (const [name, attr] of Object.entries(attributes)) {
        if (!isRecord(attr)) continue;
        const type = typeof attr.DataType === 'string' ? attr.DataType : '';
        const raw = attr.StringValue;
        this.noteKey('attributes', [], name, true, false);
        if (typeof raw !== 'string') continue;
        if (type.startsWith('Number')) {
          const n = Number(raw);
          this.noteValue('attributes', [name], Number.isFinite(n) ? n : raw);
        } else if (type.startsWith('String.Array')) {
          const parsed = tryJson(raw);
          const items = Array.isArray(parsed) ? parsed : [raw];
          for (const item of items) if (item === null || ['string', 'number', 'boolean'].includes(typeof item)) this.noteValue('attributes', [name], item as string);
        } else if (!type.startsWith('Binary')) {
          this.noteValue('attributes', [name], raw);
        }
      }
    }
    if (typeof input.Message === 'string') {
      const body = tryJson(input.Message);
      if (isRecord(body)) {
        this.counts.body++;
        this.walk('body', [], body, 0);
      }
    }
  }

  private entry(space: Space, path: readonly string[]): PathEntry {
    const key = path.join(SEP);
    let e = this.spaces[space].get(key);
    if (!e) {
      e = { keys: new Map(), values: new Map() };
      this.spaces[space].set(key, e);
    }
    return e;
  }

  private noteKey(space: Space, path: readonly string[], key: string, leaf: boolean, object: boolean): void {
    const keys = this.entry(space, path).keys;
    const k = keys.get(key);
    if (!k) {
      keys.set(key, { count: 1, leaf, object, lastSample: this.sampleNo });
      return;
    }
    if (k.lastSample !== this.sampleNo) {
      k.count++;
      k.lastSample = this.sampleNo;
    }
    k.leaf ||= leaf;
    k.object ||= object;
  }

  private noteValue(space: Space, path: readonly string[], value: string | number | boolean | null): void {
    if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH) return;
    const values = this.entry(space, path).values;
    const key = typeof value === 'string' ? `s${value}` : `o${String(value)}`;
    const v = values.get(key);
    if (v) {
      if (v.lastSample !== this.sampleNo) {
        v.count++;
        v.lastSample = this.sampleNo;
      }
      return;
    }
    if (values.size >= MAX_VALUES_PER_PATH) return;
    values.set(key, { value, count: 1, lastSample: this.sampleNo });
  }

  private walk(space: Space, path: readonly string[], value: unknown, depth: number): void {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const item of value) this.walk(space, path, item, depth + 1);
      return;
    }
    if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) {
        const leaf = !isRecord(v) && !(Array.isArray(v) && v.length > 0 && v.every(isRecord));
        this.noteKey(space, path, k, leaf, !leaf || (Array.isArray(v) && v.some(isRecord)));
        this.walk(space, [...path, k], v, depth + 1);
      }
      return;
    }
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') this.noteValue(space, path, value);
  }

  /**
   * The index of just the EventBridge samples whose `source` is one of `sources` (and all SNS samples), so a
   * pattern for `aws.ec2` is offered EC2's `detail` keys, not every service's. Itself when `sources` is empty or no
   * sample has those sources.
   */
  narrow(sources: readonly string[]): SampleIndex {
    if (sources.length === 0) return this;
    const key = [...sources].sort().join(SEP);
    let found = this.narrowed.get(key);
    if (!found) {
      const wanted = new Set(sources);
      const subset = this.samples.filter(s => {
        if (s.kind !== 'eventbridge') return true;
        const event = typeof s.input === 'string' ? tryJson(s.input) : s.input;
        return isRecord(event) && typeof event.source === 'string' && wanted.has(event.source);
      });
      found = subset.some(s => s.kind === 'eventbridge') ? SampleIndex.build(subset) : this;
      if (this.narrowed.size > 64) this.narrowed.clear();
      this.narrowed.set(key, found);
    }
    return found;
  }

  /** How many samples this dialect's space was built from. */
  sampleCount(dialect: Dialect): number {
    return this.counts[spaceOf(dialect)];
  }

  /** Keys seen directly under `path` (the root for `[]`), most frequent first. */
  keysAt(dialect: Dialect, path: readonly string[]): readonly SampleKey[] {
    const e = this.spaces[spaceOf(dialect)].get(path.join(SEP));
    if (!e) return [];
    return [...e.keys.entries()]
      .map(([key, k]) => ({ key, count: k.count, leaf: k.leaf, object: k.object }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }

  /** Leaf values seen at `path`, most frequent first. */
  valuesAt(dialect: Dialect, path: readonly string[]): readonly SampleValue[] {
    const e = this.spaces[spaceOf(dialect)].get(path.join(SEP));
    if (!e) return [];
    return [...e.values.values()]
      .map(v => ({ value: v.value, count: v.count }))
      .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
  }

  /** Detail-types seen in sample events with this `source`, most frequent first. */
  detailTypesFor(source: string): readonly string[] {
    const m = this.detailTypes.get(source);
    return m ? [...m.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t) : [];
  }
}
