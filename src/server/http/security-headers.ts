// Headers every answer carries: no MIME sniffing, no full referrer to other sites, and no framing of the staff app by
// another site (clickjacking). The public form pages (/f/…) are made to be embedded in a campaign page, so they may be
// framed anywhere.
import type { FastifyInstance } from 'fastify';

export const EMBEDDABLE_PREFIX = '/f/';

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!req.url.startsWith(EMBEDDABLE_PREFIX)) {
      reply.header('x-frame-options', 'DENY');
      reply.header('content-security-policy', "frame-ancestors 'none'");
    }
    return payload;
  });
}
