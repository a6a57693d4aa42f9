import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest { method: string; url: string; headers: IncomingHttpHeaders; body: string }

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** What the next requests are answered with; change it between steps of a test. */
  reply: { status: number; body: string };
  close(): Promise<void>;
}

/** A local HTTP server on a free port that records what webhooks send it. */
export async function startReceiver(reply = { status: 200, body: '{"ok":true}' }): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const state = { reply };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(state.reply.status, { 'content-type': 'application/json' }).end(state.reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    get reply() { return state.reply; },
    set reply(r) { state.reply = r; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
