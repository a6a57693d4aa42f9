// `npm test`: the whole suite on PGlite, again on a fresh PostgreSQL database, then the browser journeys.
// Ends with one line "N passed, N failed" summing all three.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const isCI = process.env.CI === 'true';
const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const tmp = mkdtempSync(path.join(tmpdir(), 'baton-results-'));
let passed = 0;
let failed = 0;

function vitest(label, args, env = {}) {
  const out = path.join(tmp, `${label}.json`);
  console.log(`\n=== ${label} ===`);
  const r = spawnSync('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    stdio: 'inherit', env: { ...process.env, ...env },
  });
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests + (j.numTotalTestSuites > 0 && j.success === false && j.numFailedTests === 0 ? 1 : 0);
    console.log(`${label}: ${j.numPassedTests} passed, ${j.numFailedTests} failed`);
  } else {
    failed += 1;
    console.log(`${label}: runner failed (exit ${r.status})`);
  }
}

async function withPostgres(fn) {
  const name = `baton_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    if (isCI) { console.log(`PostgreSQL not reachable at ${adminUrl}: ${err.message}`); failed += 1; return; }
    console.log(`\n(PostgreSQL not reachable at ${adminUrl}; skipping the PostgreSQL run — set TEST_PG_ADMIN_URL)`);
    return;
  }
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

vitest('PGlite', []);
await withPostgres((url) => vitest('PostgreSQL', [], { TEST_DATABASE_URL: url }));
if (process.env.BATON_SKIP_E2E !== 'true') {
  spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  vitest('Browser journeys', ['--config', 'vitest.e2e.config.ts']);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
