// `npm run bench`: builds the benchmarks (and the CLI they time end to end), then runs each one that exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE24 as EDITOR_NODE } from '../scripts/codeserver.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(['esbuild.mjs', '--tests']);
for (const name of ['engine', 'policies', 'editor', 'iac', 'cdk', 'schemas']) {
  const file = path.join(root, 'out', 'bench', `${name}.js`);
  if (!fs.existsSync(file)) continue;
  console.log('');
  // --expose-gc: the engine benchmark measures heap growth per rule after a forced collection.
  run(['--expose-gc', file]);
  // The policy figures again on the Node that runs the extension host in the real VS Code here (code-server's, which
  // scripts/install-code-server.sh installs): the editor compiles on that runtime, and its collector and compilers
  // change these figures more than anything else does.
  if (name === 'policies' && fs.existsSync(EDITOR_NODE)) {
    console.log('');
    console.log("The same, on the extension host's Node (code-server's, as in `npm test`):");
    const r = spawnSync(EDITOR_NODE, ['--expose-gc', file], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
