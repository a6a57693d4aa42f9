#!/usr/bin/env node
import { Command } from 'commander';
import { loadConfig } from '../server/config.js';

// Each command imports what it needs when it runs: `start` opens the database while the server's modules load
// (see startServer), and none of them pays for the others' dependencies.
const server = () => import('../server/main.js');

const program = new Command('baton').description('Baton (接力) — customer operations for B2B / SaaS');

program.command('start').description('start the server (applies migrations, seeds the demo workspace on an empty database)')
  .option('--no-seed', 'do not create the demo workspace')
  .action(async (opts: { seed: boolean }) => { await (await server()).startServer(loadConfig(), { seed: opts.seed }); });

program.command('migrate').description('apply pending database migrations').action(async () => {
  const database = await (await server()).openConfiguredDatabase(loadConfig());
  await database.close();
  console.log('migrations applied');
});

program.command('seed').description('create the demo workspace if the database has none').action(async () => {
  const config = loadConfig();
  const database = await (await server()).openConfiguredDatabase(config);
  const [{ seedDemo }, { systemClock }] = await Promise.all([import('../server/seed/demo.js'), import('../server/clock.js')]);
  const created = await seedDemo({ db: database.db, database, clock: systemClock, config });
  await database.close();
  console.log(created ? 'demo workspace created' : 'database already has a workspace; nothing seeded');
});

program.command('import').description('import accounts, contacts or leads from CSV (UTF-8/GBK) or XLSX')
  .argument('<entity>', 'accounts | contacts | leads').argument('<file>')
  .option('-w, --workspace <slug>', 'workspace slug (default: the only one)')
  .option('--as <email>', 'act as this user (default: the workspace admin)')
  .option('--sheet <name>', 'XLSX: the sheet to read (default: the first visible sheet holding a table)')
  .option('--header-row <n>', 'the row holding the column names, from 1 (default: found past any title lines)')
  .action(async (entity: string, file: string, opts: { workspace?: string; as?: string; sheet?: string; headerRow?: string }) => {
    if (entity !== 'accounts' && entity !== 'contacts' && entity !== 'leads') program.error('entity must be accounts, contacts or leads');
    if (opts.headerRow !== undefined && !/^[1-9]\d{0,5}$/.test(opts.headerRow)) program.error('--header-row must be a row number from 1');
    const { importCommand } = await import('./commands/import.js');
    process.exitCode = await importCommand(entity as 'accounts' | 'contacts' | 'leads', file, {
      ...opts, headerRow: opts.headerRow === undefined ? undefined : Number(opts.headerRow),
    });
  });

program.command('export').description('export accounts, contacts or leads to CSV or XLSX (by file extension)')
  .argument('<entity>', 'accounts | contacts | leads').argument('<file>')
  .option('-w, --workspace <slug>', 'workspace slug (default: the only one)')
  .option('--as <email>', 'act as this user (default: the workspace admin)')
  .option('--sheet <name>', 'XLSX: the sheet to read (default: the first visible sheet holding a table)')
  .option('--header-row <n>', 'the row holding the column names, from 1 (default: found past any title lines)')
  .action(async (entity: string, file: string, opts: { workspace?: string; as?: string; sheet?: string; headerRow?: string }) => {
    if (entity !== 'accounts' && entity !== 'contacts' && entity !== 'leads') program.error('entity must be accounts, contacts or leads');
    if (opts.headerRow !== undefined && !/^[1-9]\d{0,5}$/.test(opts.headerRow)) program.error('--header-row must be a row number from 1');
    const { exportCommand } = await import('./commands/export.js');
    process.exitCode = await exportCommand(entity as 'accounts' | 'contacts' | 'leads', file, opts);
  });

await program.parseAsync();
