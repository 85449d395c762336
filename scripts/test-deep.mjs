// `npm run test:deep`: the randomized unit tests with their long budget (EVENTLENS_DEEP=1, see test/unit/budget.ts).
// To add a deep target, read DEEP or propertyRuns() from test/unit/budget.ts in the test and list its file here.
// EVENTLENS_PROPERTY_RUNS=N overrides every property's run count.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEEP_FILES = ['property', 'ruleSet', 'hardening.fuzz', 'compileShapes'];

const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests', '--strict'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const files = DEEP_FILES.map(name => path.join('out', 'unit', `${name}.test.js`));
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit', env: { EVENTLENS_FUZZ: '100000', ...process.env, EVENTLENS_DEEP: '1' } });
process.exit(r.status ?? 1);
