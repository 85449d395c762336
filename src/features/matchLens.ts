// STUB — replaced by the helper that owns this feature.
import type { Deps } from './deps';

export function registerMatchFeatures(_deps: Deps): void {}
