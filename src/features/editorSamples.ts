import type * as vscode from 'vscode';
import type { Log } from '../platform/log';
import type { SampleStore } from './sampleStore';
import { SampleIndex } from '../core/language/sampleIndex';

/**
 * The sample index completion and hover read, rebuilt lazily after the sample store changes (not on every
 * keystroke: building walks every sample).
 */
export class SampleIndexCache implements vscode.Disposable {
  private index: SampleIndex | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: SampleStore,
    private readonly log: Log,
  ) {
    this.subscription = store.onDidChange(() => {
      this.index = undefined;
    });
  }

  /** The index of every known sample (workspace and bundled). */
  get(): SampleIndex {
    if (!this.index) {
      try {
        this.index = SampleIndex.build(this.store.all());
      } catch (error) {
        this.log.error('indexing sample events failed', error);
        this.index = SampleIndex.empty;
      }
    }
    return this.index;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
