// Builds what `npm start` runs: the web app (when its sources changed) and the server as one ESM bundle,
// which starts about a second faster than compiling TypeScript on the fly.
import { existsSync, statSync, readdirSync, cpSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const webOut = 'dist/web/index.html';
const webStale = process.argv.includes('--force') || !existsSync(webOut)
  || Math.max(newest('src/web'), newest('src/shared')) > statSync(webOut).mtimeMs;
if (webStale) {
  console.log('Building the web app…');
  run('npx', ['vite', 'build', '--logLevel', 'warn']);
}
run('npx', ['esbuild', 'src/cli/main.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external',
  '--outfile=dist/server/cli.mjs', '--log-level=warning']);
rmSync('dist/server/migrations', { recursive: true, force: true });
cpSync('src/server/db/migrations', 'dist/server/migrations', { recursive: true });
