import type { Problem } from '../types';

/**
 * How many diagnostics VS Code shows per file (the extension host's `ExtHostDiagnostics._maxDiagnosticsPerFile`):
 * past it, VS Code keeps the first ones by severity and drops the rest. A 256 KB policy can have 34,000 warnings
 * (one per quoted number): made into diagnostics, each with its range, on every pause in typing, they were 34,000
 * objects and 68,000 offset-to-position lookups for VS Code to throw away all but a thousand.
 */
export const MAX_SHOWN_PER_FILE = 1000;

/** The problems to show of a file's, and how many are left out. */
export interface ShownProblems<T> {
  /** At most `max`, in their original order: errors first, then warnings, then the rest, as VS Code would pick them. */
  readonly shown: readonly T[];
  /** The first problem left out (in the original order), where the notice of the rest goes; undefined when none is. */
  readonly firstHidden: T | undefined;
  readonly hidden: number;
}

const RANK: Record<Problem['severity'], number> = { error: 0, warning: 1, info: 2 };

/**
 * VS Code's own choice of the diagnostics to show (`ExtHostDiagnostics`: by severity, in list order within one),
 * made before the diagnostics are: only the shown ones are converted.
 */
export function shownProblems<T>(items: readonly T[], severity: (item: T) => Problem['severity'], max = MAX_SHOWN_PER_FILE): ShownProblems<T> {
  if (items.length <= max) return { shown: items, firstHidden: undefined, hidden: 0 };
  const counts = [0, 0, 0];
  for (const item of items) counts[RANK[severity(item)]]++;
  // The worst severity whose problems do not all fit, and how many of that one fit.
  let room = max;
  let cut = 0;
  while (cut < counts.length && counts[cut] <= room) room -= counts[cut++];
  const shown: T[] = [];
  let firstHidden: T | undefined;
  for (const item of items) {
    const rank = RANK[severity(item)];
    if (rank < cut || (rank === cut && room-- > 0)) shown.push(item);
    else firstHidden ??= item;
  }
  return { shown, firstHidden, hidden: items.length - shown.length };
}
