import type * as vscode from 'vscode';
import type { Log } from '../platform/log';
import type { Config } from '../platform/config';
import type { PatternDocuments } from './patternDocuments';
import type { SampleStore } from './sampleStore';
import type { SchemaStore } from './schemaStore';
import type { Scaffolds } from './scaffolds';

/** What every feature's `registerX` receives: passed explicitly, never looked up from a global. */
export interface Deps {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly config: Config;
  /** Which documents hold patterns, in which dialect, and their compiled form (cached per version). */
  readonly patterns: PatternDocuments;
  /** Sample events from the workspace and the bundled set. */
  readonly samples: SampleStore;
  /** Event schemas from the workspace and the Schema Registry. */
  readonly schemas: SchemaStore;
  /** Documents EventLens opened with a starter text the user has not edited yet. */
  readonly scaffolds: Scaffolds;
}
