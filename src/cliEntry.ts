// The `eventlens` executable (dist/cli.js): picks the bundle a command needs and loads it with a V8 code cache
// (codeCache.ts). `eventlens route` runs from dist/cliRoute.js, the engine and the route command alone; every other
// command (and route's help) from dist/cliMain.js, the whole CLI (cli.ts). Keep this file tiny: it is loaded
// without a cache on every run.
import * as path from 'node:path';
import { loadWithCodeCache } from './codeCache';

const argv = process.argv.slice(2);
// cli.ts's main sends `route --help`/`-h` to the help text, and the rest to cmdRoute, as cliRoute.ts's routeMain does.
const routeOnly = argv[0] === 'route' && !argv.includes('--help') && !argv.includes('-h');
const bundle = loadWithCodeCache(path.join(__dirname, routeOnly ? 'cliRoute.js' : 'cliMain.js')) as { run(): void };
bundle.run();
