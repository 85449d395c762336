// How long the randomized tests run. `npm test` / `npm run test:unit` run a budget that keeps the whole unit layer
// under 90 s on 2 cores; `npm run test:deep` sets EVENTLENS_DEEP=1 and every deep-aware test runs its longer
// budget. EVENTLENS_PROPERTY_RUNS=N sets every property's run count to N (to reproduce or to soak). Not a test file.

/** True under `npm run test:deep` (EVENTLENS_DEEP=1). */
export const DEEP = process.env.EVENTLENS_DEEP === '1';

/** fast-check's numRuns for one property: `quick` in the everyday run, `deep` (default 20 × quick) under test:deep. */
export function propertyRuns(quick: number, deep = quick * 20): number {
  const fixed = Number(process.env.EVENTLENS_PROPERTY_RUNS);
  if (Number.isInteger(fixed) && fixed > 0) return fixed;
  return DEEP ? deep : quick;
}
