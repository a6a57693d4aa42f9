#!/usr/bin/env node
import { Command } from 'commander';
import { loadConfig } from '../server/config.js';
import { openConfiguredDatabase, startServer } from '../server/main.js';
import { seedDemo } from '../server/seed/demo.js';
import { systemClock } from '../server/clock.js';
import { importCommand } from './commands/import.js';
import { exportCommand } from './commands/export.js';

const program = new Command('baton').description('Baton (接力) — customer operations for B2B / SaaS');

program.command('start').description('start the server (applies migrations, seeds the demo workspace on an empty database)')
  .option('--no-seed', 'do not create the demo workspace')
  .action(async (opts: { seed: boolean }) => { await startServer(loadConfig(), { seed: opts.seed }); });

program.command('migrate').description('apply pending database migrations').action(async () => {
  const database = await openConfiguredDatabase(loadConfig());
  await database.close();
  console.log('migrations applied');
});

program.command('seed').description('create the demo workspace if the database has none').action(async () => {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  const created = await seedDemo({ db: database.db, database, clock: systemClock, config });
  await database.close();
  console.log(created ? 'demo workspace created' : 'database already has a workspace; nothing seeded');
});

program.command('import').description('import accounts or contacts from CSV (UTF-8/GBK) or XLSX')
  .argument('<entity>', 'accounts | contacts').argument('<file>')
  .option('-w, --workspace <slug>', 'workspace slug (default: the only one)')
  .option('--as <email>', 'act as this user (default: the workspace admin)')
  .action(async (entity: string, file: string, opts: { workspace?: string; as?: string }) => {
    if (entity !== 'accounts' && entity !== 'contacts') program.error('entity must be accounts or contacts');
    process.exitCode = await importCommand(entity as 'accounts' | 'contacts', file, opts);
  });

program.command('export').description('export accounts or contacts to CSV or XLSX (by file extension)')
  .argument('<entity>', 'accounts | contacts').argument('<file>')
  .option('-w, --workspace <slug>', 'workspace slug (default: the only one)')
  .option('--as <email>', 'act as this user (default: the workspace admin)')
  .action(async (entity: string, file: string, opts: { workspace?: string; as?: string }) => {
    if (entity !== 'accounts' && entity !== 'contacts') program.error('entity must be accounts or contacts');
    process.exitCode = await exportCommand(entity as 'accounts' | 'contacts', file, opts);
  });

await program.parseAsync();
