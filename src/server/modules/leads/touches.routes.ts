// The touch ingestion API: one event, or up to 1,000 in a batch, from integrations (API keys) or the app.
import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { MAX_TOUCH_BATCH, recordTouches, TouchEventInput, type TouchOutcome } from './touches.service.js';

const tags = ['leads'];
// Events are validated one by one in the service, so one bad event is reported and the rest are still recorded.
const TouchBatchInput = z.object({ events: z.array(z.unknown()).min(1).max(MAX_TOUCH_BATCH) });

function summarise(outcomes: TouchOutcome[]) {
  const summary = { recorded: 0, duplicate: 0, unmatched: 0, invalid: 0 };
  for (const o of outcomes) summary[o.outcome] += 1;
  return { outcomes, summary };
}

export function registerTouchRoutes(app: ApiApp, deps: AppDeps) {
  app.post('/touches', {
    // 1,000 events with up to 4 KB of properties each do not fit the app-wide 2 MB limit.
    bodyLimit: 6 * 1024 * 1024,
    schema: { tags, summary: 'Record engagement events (touches), one or a batch; idempotent by eventId', body: z.union([TouchBatchInput, TouchEventInput]) },
  }, async (req) => {
    const actor = actorOf(req);
    if ('events' in req.body) return summarise(await recordTouches(deps, actor, req.body.events));
    const outcomes = await recordTouches(deps, actor, [req.body]);
    if (outcomes[0].outcome === 'invalid') throw new AppError('VALIDATION_FAILED', [{ path: '', message: outcomes[0].error }]);
    return summarise(outcomes);
  });
}
