// STUB — replaced by the helper that owns this feature.
import type { Deps } from './deps';

export function registerEditorFeatures(_deps: Deps): void {}
