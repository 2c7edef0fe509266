/**
 * Local receivers for the outbound channels (platform/notify): a webhook that can fail requests on purpose, and an
 * SMTP server (smtp-server) that keeps what it received. No real service is called by a test or a benchmark.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface WebhookHit { id: string; body: Record<string, any>; status: number }

export interface WebhookReceiver {
  url: string;
  /** every request, failed ones included */
  hits: WebhookHit[];
  /** the accepted deliveries per outbox id (Idempotency-Key) */
  accepted: Map<string, number>;
  /** answers `status` (500 by default) when it returns true for a request; `attempt` counts that id's requests from 1 */
  fail: (id: string, attempt: number) => boolean;
  close(): Promise<void>;
}

export async function webhookReceiver(opts: { fail?: (id: string, attempt: number) => boolean; status?: number; errcode?: boolean } = {}): Promise<WebhookReceiver> {
  const seen = new Map<string, number>();
  const r: Omit<WebhookReceiver, 'url' | 'close'> = { hits: [], accepted: new Map(), fail: opts.fail ?? (() => false) };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['idempotency-key'] ?? '');
      let body: Record<string, any> = {};
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>; } catch { /* kept empty */ }
      const attempt = (seen.get(id) ?? 0) + 1;
      seen.set(id, attempt);
      if (r.fail(id, attempt)) {
        r.hits.push({ id, body, status: opts.errcode ? 200 : opts.status ?? 500 });
        if (opts.errcode) { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"errcode":45009,"errmsg":"api freq out of limit"}'); return; }
        res.writeHead(opts.status ?? 500); res.end('try later'); return;
      }
      r.hits.push({ id, body, status: 200 });
      r.accepted.set(id, (r.accepted.get(id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}/robot/send?key=test`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  }) as WebhookReceiver;
}

export interface Mail { from: string; to: string[]; raw: string; user: string | null }

export async function smtpReceiver(opts: { user?: string; password?: string } = {}): Promise<{ host: string; port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: opts.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.user,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.password) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks).toString('utf8'), user: (session.user as string | undefined) ?? null,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { host: '127.0.0.1', port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
