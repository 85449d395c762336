/**
 * The cheap pre-checks of the infrastructure-code locators (CDK, Terraform, serverless.ts): a file name test and one
 * regex over the text. They live apart from the parsers (`iac.ts`) so that the editor can decide whether a document
 * needs them without loading them: the parsers are a bundle of their own (`dist/iac.js`), loaded the first time one
 * of these accepts a document.
 */
import type { DocumentInfo } from './templates';

/** Source languages of CDK code. */
export type CodeLanguage = 'ts' | 'py';

const TS_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/i;
const PY_FILE = /\.py$/i;
// The import that makes a file CDK code; everything else is skipped before any tokenizing.
const TS_HINT = /aws-cdk-lib|@aws-cdk\//;
const PY_HINT = /\baws_cdk\b/;

/** The CDK language of a document by its language id or name (`undefined`: not code EventLens reads). */
export function cdkLanguageOf(info: DocumentInfo): CodeLanguage | undefined {
  const id = info.languageId;
  if (id === 'python' || (info.fileName && PY_FILE.test(info.fileName))) return 'py';
  if (id === 'typescript' || id === 'javascript' || id === 'typescriptreact' || id === 'javascriptreact') return 'ts';
  if (info.fileName && TS_FILE.test(info.fileName) && !/\.d\.ts$/i.test(info.fileName)) return 'ts';
  return undefined;
}

/**
 * Whether a document could be CDK code holding patterns: by its name, then one regex over the text.
 * @example acceptsCdk({ fileName: 'lib/stack.ts' }, "import * as cdk from 'aws-cdk-lib';") // true
 */
export function acceptsCdk(info: DocumentInfo, text: string): boolean {
  const lang = cdkLanguageOf(info);
  if (!lang) return false;
  return lang === 'py' ? PY_HINT.test(text) : TS_HINT.test(text);
}

/** The Terraform resource types that hold patterns; a file that names none of them is never parsed. */
const RESOURCE_HINT = /aws_(?:cloudwatch_event_rule|sns_topic_subscription|pipes_pipe|lambda_event_source_mapping)/;

/** Whether a document is Terraform JSON (`*.tf.json`). */
export function isTfJson(info: DocumentInfo): boolean {
  return !!info.fileName && /\.tf\.json$/i.test(info.fileName);
}

function isTf(info: DocumentInfo): boolean {
  if (info.fileName) return /\.tf$/i.test(info.fileName);
  return info.languageId === 'terraform' || info.languageId === 'hcl';
}

/**
 * Whether a document is a Terraform file naming a resource type that holds patterns.
 * @example acceptsTerraform({ fileName: 'main.tf' }, 'resource "aws_cloudwatch_event_rule" "r" {}') // true
 */
export function acceptsTerraform(info: DocumentInfo, text: string): boolean {
  return (isTf(info) || isTfJson(info)) && RESOURCE_HINT.test(text);
}

const SERVERLESS_TS_FILE = /(?:^|[\\/])serverless\.(?:ts|js|cjs|mjs)$/i;

/**
 * Whether a document is a Serverless config in code that could hold patterns (by name, then one regex).
 * @example acceptsServerlessTs({ fileName: 'serverless.ts' }, 'functions: { f: { events: [{ eventBridge: {} }] } }') // true
 */
export function acceptsServerlessTs(info: DocumentInfo, text: string): boolean {
  return !!info.fileName && SERVERLESS_TS_FILE.test(info.fileName) && /\bfunctions\b/.test(text) && /eventBridge|filterPolicy|filterPatterns/.test(text);
}
