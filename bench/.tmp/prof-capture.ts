import { createTarget, openTarget } from '../lib/database.js';
import { LeadGenerator } from '../data/leads.js';
import { loadLeads } from '../lib/lead-rows.js';
import { createLeadWorkspace, fixedClock, LEADS_NOW } from '../lib/lead-setup.js';
import { burstInputs } from '../lib/lead-measure.js';
import { captureLeads } from '../../src/server/modules/leads/capture.service.js';

const N = Number(process.argv[2] ?? 100000);
const t = await createTarget('postgres', 'postgres://postgres@127.0.0.1:5432/postgres');
const database = await openTarget(t);
try {
  const ws = await createLeadWorkspace(database, t, fixedClock(LEADS_NOW));
  const gen = new LeadGenerator({ seed: 'baton-leads-42', leads: N, touchesPerLead: 5, now: LEADS_NOW });
  await loadLeads(database, t, ws.owners, gen, console.log);
  const stats = new Map<string, { n: number; ms: number }>();
  const pool = database.pool!;
  const origConnect = pool.connect.bind(pool);
  const wrap = (c: any) => {
    if (c.__wrapped) return c;
    const q = c.query.bind(c);
    c.query = (...args: any[]) => {
      const text = typeof args[0] === 'string' ? args[0] : args[0]?.text ?? '';
      const key = text.replace(/\s+/g, ' ').slice(0, 70);
      const s = performance.now();
      const p = q(...args);
      if (p && p.then) return p.then((r: any) => { const e = stats.get(key) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - s; stats.set(key, e); return r; });
      return p;
    };
    c.__wrapped = true;
    return c;
  };
  (pool as any).connect = async (...a: any[]) => { const c = await origConnect(...a); return wrap(c); };
  const inputs = burstInputs(gen, N, 2000);
  const s = performance.now();
  for (let k = 0; k < 4; k++) {
    const b0 = performance.now();
    await captureLeads(ws.deps, ws.admin, inputs.slice(k * 500, (k + 1) * 500), { method: 'api' });
    console.log('batch', (performance.now() - b0).toFixed(0), 'ms');
  }
  console.log('total', (performance.now() - s).toFixed(0));
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(v.ms.toFixed(1).padStart(8), String(v.n).padStart(4), k);
} finally { await database.close(); await t.dispose(); }
