// Ids are stored in lower case; one written in capitals (as some clients print a UUID) names the same record.
import type { FastifyInstance } from 'fastify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lower-cases UUIDs in the path (/leads/01A2…), so the record is found and compared as stored. */
export function installIdCase(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const params = req.params as Record<string, unknown> | undefined;
    if (!params) return;
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === 'string' && UUID.test(value)) params[key] = value.toLowerCase();
    }
  });
}
