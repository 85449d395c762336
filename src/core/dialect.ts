import type { Dialect } from './types';

/** File-name suffixes that name a pattern's dialect; the same convention the editor and the CLI use. */
export const DIALECT_SUFFIXES: readonly { readonly suffix: string; readonly dialect: Dialect }[] = [
  { suffix: '.eventpattern', dialect: 'eventbridge' },
  { suffix: '.pipefilter', dialect: 'pipes' },
  { suffix: '.bodyfilterpolicy', dialect: 'sns-body' },
  { suffix: '.filterpolicy', dialect: 'sns-attributes' },
];

/**
 * The dialect a file name implies, or undefined.
 * @example dialectFromFileName('orders/cancelled.eventpattern.json') // 'eventbridge'
 */
export function dialectFromFileName(name: string): Dialect | undefined {
  const base = name.replace(/^.*[\\/]/, '').toLowerCase().replace(/\.jsonc?$/, '');
  if (base === name.replace(/^.*[\\/]/, '').toLowerCase()) return undefined; // not .json / .jsonc
  for (const { suffix, dialect } of DIALECT_SUFFIXES) if (base.endsWith(suffix)) return dialect;
  return undefined;
}

/** The file-name suffix (without `.json`) for a dialect, e.g. `.eventpattern` — for "Save to workspace". */
export function suffixForDialect(dialect: Dialect): string {
  return DIALECT_SUFFIXES.find(d => d.dialect === dialect)?.suffix ?? '.eventpattern';
}

/** Human label for a dialect, as shown in the status bar and pickers. */
export function dialectLabel(dialect: Dialect): string {
  switch (dialect) {
    case 'eventbridge': return 'EventBridge pattern';
    case 'pipes': return 'Pipes filter';
    case 'sns-attributes': return 'SNS filter policy (MessageAttributes)';
    case 'sns-body': return 'SNS filter policy (MessageBody)';
  }
}

/**
 * The service (and scope) a dialect belongs to, as messages name it: "`wildcard` is not supported in EventBridge
 * Pipes". Kept beside {@link dialectLabel} so every wording of a dialect has one home.
 */
export function dialectService(dialect: Dialect): string {
  switch (dialect) {
    case 'eventbridge': return 'EventBridge';
    case 'pipes': return 'EventBridge Pipes';
    case 'sns-attributes': return 'SNS (MessageAttributes scope)';
    case 'sns-body': return 'SNS (MessageBody scope)';
  }
}

/** Narrow an arbitrary string (a setting, a CLI flag) to a Dialect. */
export function isDialect(value: unknown): value is Dialect {
  return value === 'eventbridge' || value === 'pipes' || value === 'sns-attributes' || value === 'sns-body';
}
