// The worker process of rescore-crash.test.ts: opens the database the test prepared, runs the workspace's due jobs
// with small rescore batches, and dies part-way — by its own SIGKILL after CRASH_KILL_AFTER_BATCHES batches (PGlite,
// which one process holds at a time), or by the test's (PostgreSQL, which polls the job's progress).
// Env: CRASH_DATABASE_URL | CRASH_DATA_DIR, CRASH_TENANT_ID, CRASH_NOW (ISO), CRASH_BATCH_SIZE,
//      CRASH_KILL_AFTER_BATCHES (0 = never), CRASH_KILL_AT_STATEMENT (PGlite: die as the n-th statement after that
//      batch is sent, i.e. inside the next batch's transaction; 0 = at once), CRASH_PAUSE_MS (between batches, so a
//      watching parent can strike).
import { openDatabase } from '../../src/server/db/client.js';
import { loadConfig } from '../../src/server/config.js';
import { defineJobKind, runDueJobs } from '../../src/server/jobs/runner.js';
import { createRescoreJobKind, RESCORE_JOB } from '../../src/server/modules/leads/rescore.job.js';

const env = process.env;
const database = await openDatabase(env.CRASH_DATABASE_URL ? { databaseUrl: env.CRASH_DATABASE_URL, poolSize: 2 } : { dataDir: env.CRASH_DATA_DIR });
const now = new Date(env.CRASH_NOW!);
const killAfter = Number(env.CRASH_KILL_AFTER_BATCHES ?? 0);
const killAtStatement = Number(env.CRASH_KILL_AT_STATEMENT ?? 0);
const pauseMs = Number(env.CRASH_PAUSE_MS ?? 0);
const die = () => process.kill(process.pid, 'SIGKILL');

// PGlite runs queries in this process and never yields to a timer mid-run, so a kill inside a transaction is placed
// by counting the statements sent: every query goes through execProtocolStream as wire-protocol messages, and each
// statement starts with one Parse ('P') or simple Query ('Q') message.
let statementsLeft = -1;
if (database.pglite && killAtStatement) {
  const pglite = database.pglite as unknown as { execProtocolStream: (message: Uint8Array, ...rest: unknown[]) => unknown };
  const send = pglite.execProtocolStream.bind(pglite);
  pglite.execProtocolStream = (message, ...rest) => {
    const startsStatement = message[0] === 0x50 || message[0] === 0x51;
    if (startsStatement && statementsLeft > 0 && --statementsLeft === 0) {
      process.stdout.write(`killed before statement ${killAtStatement} of the next batch: ${new TextDecoder().decode(message.subarray(5, 60))}\n`);
      die();
    }
    return send(message, ...rest);
  };
}

// The production kind with the two test knobs it offers: batch size and the after-batch seam.
defineJobKind(RESCORE_JOB, createRescoreJobKind({
  batchSize: Number(env.CRASH_BATCH_SIZE ?? 100),
  async afterBatch(p) {
    process.stdout.write(`batch ${p.batches}: ${p.done}/${p.total}\n`);
    if (killAfter && p.batches === killAfter) {
      if (killAtStatement) statementsLeft = killAtStatement; else die();
    }
    if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  },
}));

await runDueJobs({ db: database.db, database, clock: { now: () => now }, config: loadConfig({}) }, { tenantId: env.CRASH_TENANT_ID });
process.stdout.write('finished without being killed\n');
await database.close();
