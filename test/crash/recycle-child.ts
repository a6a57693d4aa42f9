// The worker process of recycle-crash.test.ts: opens the database the test prepared, runs the workspace's due jobs
// with small recycle batches, and SIGKILLs itself inside batch CRASH_KILL_IN_BATCH's transaction — after its writes,
// before its commit — so the earlier batches are committed and that one must vanish whole.
// Env: CRASH_DATABASE_URL | CRASH_DATA_DIR, CRASH_TENANT_ID, CRASH_NOW (ISO), CRASH_BATCH_SIZE, CRASH_KILL_IN_BATCH.
import { openDatabase } from '../../src/server/db/client.js';
import { loadConfig } from '../../src/server/config.js';
import { defineRecurringJob, runDueJobs } from '../../src/server/jobs/runner.js';
import { HOUR_MS } from '../../src/server/modules/leads/leads.text.js';
import { RECYCLE_JOB, runRecycleSweep } from '../../src/server/modules/leads/recycle.job.js';

const env = process.env;
const database = await openDatabase(env.CRASH_DATABASE_URL ? { databaseUrl: env.CRASH_DATABASE_URL, poolSize: 2 } : { dataDir: env.CRASH_DATA_DIR });
const now = new Date(env.CRASH_NOW!);
const killIn = Number(env.CRASH_KILL_IN_BATCH ?? 0);

// The production sweep, re-registered with the test's batch size and a hook that dies mid-transaction.
defineRecurringJob(RECYCLE_JOB, HOUR_MS, {
  leaseSeconds: 300,
  async run(ctx) {
    await runRecycleSweep(ctx, {
      batchSize: Number(env.CRASH_BATCH_SIZE ?? 20),
      onBatchWritten(batch) {
        process.stdout.write(`batch ${batch} written\n`);
        if (killIn && batch >= killIn) process.kill(process.pid, 'SIGKILL');
      },
    });
  },
});

await runDueJobs({ db: database.db, database, clock: { now: () => now }, config: loadConfig({ BATON_WEB_DIR: '/nonexistent' }) }, { tenantId: env.CRASH_TENANT_ID });
process.stdout.write('finished without being killed\n');
await database.close();
