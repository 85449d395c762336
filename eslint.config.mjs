// ESLint (flat config) with typescript-eslint. Type-aware where it matters (no floating promises), and the
// dependency rule as lint errors: src/core is pure, src/aws never touches vscode, and the editing path never
// pulls the AWS bundle in statically.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules.filter(m => !m.startsWith('_')), ...builtinModules.map(m => `node:${m}`)];

// Node's globals for the .mjs scripts (spelled out rather than importing the `globals` package, which is only a
// transitive dependency here).
const nodeGlobals = Object.fromEntries([
  'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'fetch', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask',
  'structuredClone', 'performance', 'globalThis',
].map(g => [g, 'readonly']));
// Code passed to page.evaluate / addInitScript runs in the browser.
const browserGlobals = Object.fromEntries(['window', 'document', 'MutationObserver', 'HTMLElement', 'getComputedStyle'].map(g => [g, 'readonly']));

// src/core is pure: it runs in node, the CLI and the extension alike.
const corePaths = [
  { name: 'vscode', message: 'src/core is pure: no vscode. Adapt in src/features/.' },
  ...nodeBuiltins.map(name => ({ name, message: 'src/core is pure: no Node built-ins (no file system, no paths). Pass text and data in.' })),
];
const corePatterns = [
  { group: ['@aws-sdk/*', '@smithy/*'], message: 'src/core is pure: no AWS SDK. Use src/aws/.' },
  { group: ['**/aws', '**/aws/**', '**/features/**', '**/platform/**', '**/extension', '**/cli'], message: 'src/core imports only src/core (and jsonc-parser, yaml).' },
];

const awsBundleMessage = 'The editing path must not load the AWS SDK: reach src/aws through the lazily required dist/aws.js (a type-only import is fine).';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.d.ts', '.tmp/**', '*.vsix'],
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...nodeGlobals, ...browserGlobals } },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The AWS bundle is loaded with require() on first use, by design (see esbuild.mjs).
      '@typescript-eslint/no-require-imports': 'off',
      eqeqeq: ['error', 'always'],
      // tsc already reports these, with better messages.
      'no-undef': 'off',
      'no-redeclare': 'off',
    },
  },
  {
    // Pure core: runs in node, the CLI and the extension alike.
    files: ['src/core/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: corePaths, patterns: corePatterns }] },
  },
  {
    // The matcher knows nothing of editors. (A later block for the same files replaces the rule's options rather
    // than merging them, hence the core rule repeated with one more pattern.)
    files: ['src/core/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: corePaths, patterns: [...corePatterns,
        { group: ['**/language', '**/language/**'], message: 'src/core/engine is the matcher: it never imports the editor services in src/core/language.' },
      ] }],
    },
  },
  {
    files: ['src/aws/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/aws never imports vscode: return plain records, adapt in src/features/.' }],
        patterns: [{ group: ['**/features/**', '**/platform/**', '**/extension'], message: 'src/aws never imports vscode, directly or through features/platform.' }],
      }],
    },
  },
  {
    files: ['src/features/**/*.ts', 'src/platform/**/*.ts', 'src/extension.ts', 'src/cli.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/aws', '**/aws/**', '!**/aws/types'], message: awsBundleMessage, allowTypeImports: true },
          { group: ['@aws-sdk/*'], message: awsBundleMessage, allowTypeImports: true },
        ],
      }],
    },
  },
  {
    // Mocha globals (suite/test/describe/it) come from @types/mocha; test code may be looser about `any`.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
