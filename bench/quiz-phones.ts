/**
 * The load side of bench/activities-quiz.ts: 500 phones, each with its own keep-alive connection, written
 * against raw sockets so that the load generator — which shares this machine's cores with the server and
 * PostgreSQL — costs as little CPU per request as possible. Imports nothing from the server. Reads its input
 * as JSON on stdin, writes its result as JSON on stdout.
 */
import net from 'node:net';

export interface PhonesInput {
  host: string;
  port: number;
  quizId: string;
  cookies: string[];
  /** the starts are spread evenly over this many ms */
  spread: number;
  /** each member opens the competition page (and so its connection) in the 3 s before the start */
  pageFirst: boolean;
  /** ms between a member's start response and its submit (0: at once) */
  thinkMs: number;
  /** probe: the same burst against this path (GET) instead of starting the quiz */
  probePath?: string;
}

export interface PhonesOutput {
  startMs: number[];
  submitMs: number[];
  pageMs: number[];
  errors: string[];
  wall: number;
  cpuMs: number;
}

interface Reply { status: number; body: string }

/** One phone: a keep-alive HTTP/1.1 connection with one request in flight at a time. */
class Phone {
  private socket: net.Socket | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;

  constructor(private host: string, private port: number, private cookie: string) {}

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port, noDelay: true });
      s.once('connect', () => resolve(s));
      s.once('error', (e) => { this.socket = null; if (this.pending) { this.pending.reject(e); this.pending = null; } else reject(e); });
      s.on('close', () => { this.socket = null; if (this.pending) { this.pending.reject(new Error('connection closed')); this.pending = null; } });
      s.on('data', (c: Buffer) => { this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : Buffer.from(c); this.parse(); });
    });
  }

  private parse() {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0 || !this.pending) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) { this.pending.reject(new Error(`no content-length: ${head.split('\r\n')[0]}`)); this.pending = null; return; }
    const len = Number(m[1]);
    if (this.buf.length < end + 4 + len) return;
    const body = this.buf.subarray(end + 4, end + 4 + len).toString('utf8');
    this.buf = this.buf.subarray(end + 4 + len);
    const p = this.pending;
    this.pending = null;
    p.resolve({ status: Number(head.slice(9, 12)), body });
  }

  async request(method: string, path: string, body?: unknown): Promise<Reply & { ms: number }> {
    if (!this.socket) this.socket = await this.connect();
    const payload = body === undefined ? '' : JSON.stringify(body);
    const t0 = performance.now();
    const head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\ncookie: ${this.cookie}\r\nx-requested-with: bench\r\n`
      + (payload ? `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` : method === 'GET' ? '' : 'content-length: 0\r\n')
      + '\r\n';
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket!.write(head + payload);
    });
    return { ...reply, ms: performance.now() - t0 };
  }

  close() { this.socket?.destroy(); }
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

/** Page views first (when asked), then `ready()` is awaited, then the burst. */
export async function runPhones(input: PhonesInput, ready: () => Promise<void> = async () => {}): Promise<PhonesOutput> {
  const phones = input.cookies.map((c) => new Phone(input.host, input.port, c));
  const n = phones.length;
  const out: PhonesOutput = { startMs: [], submitMs: [], pageMs: [], errors: [], wall: 0, cpuMs: 0 };
  if (input.pageFirst) {
    const p0 = performance.now();
    await Promise.all(phones.map(async (ph, i) => {
      await sleepUntil(p0 + (i / n) * 3000);
      const r = await ph.request('GET', '/api/v1/me/quizzes');
      out.pageMs.push(r.ms);
      if (r.status !== 200) out.errors.push(`page ${r.status}`);
    }));
  }
  await ready();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(phones.map(async (ph, i) => {
    await sleepUntil(t0 + (i / n) * input.spread);
    try {
      if (input.probePath) {
        out.startMs.push((await ph.request('GET', input.probePath)).ms);
        return;
      }
      const s = await ph.request('POST', `/api/v1/me/quizzes/${input.quizId}/attempts`);
      out.startMs.push(s.ms);
      if (s.status !== 201) { out.errors.push(`start ${s.status} ${s.body.slice(0, 200)}`); return; }
      const started = JSON.parse(s.body) as { id: string; questions: { id: string }[] };
      const answers = Object.fromEntries(started.questions.map((q, k) => [q.id, [k % 4]]));
      if (input.thinkMs) await sleepUntil(performance.now() + input.thinkMs);
      const sub = await ph.request('POST', `/api/v1/me/attempts/${started.id}/submit`, { answers });
      out.submitMs.push(sub.ms);
      if (sub.status !== 200) out.errors.push(`submit ${sub.status} ${sub.body.slice(0, 200)}`);
    } catch (e) {
      out.errors.push(String(e));
    }
  }));
  out.wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  out.cpuMs = (cpu.user + cpu.system) / 1000;
  for (const ph of phones) ph.close();
  return out;
}

// as a child process: the input is the first line on stdin; after the page views it prints READY and waits for a
// line on stdin before the burst (so the parent can read its CPU counters for the burst alone); then the result
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  let text = '';
  let started = false;
  let go: (() => void) | null = null;
  process.stdin.on('data', (c: Buffer) => {
    text += c.toString('utf8');
    const nl = text.indexOf('\n');
    if (!started && nl >= 0) {
      started = true;
      const input = JSON.parse(text.slice(0, nl)) as PhonesInput;
      text = text.slice(nl + 1);
      runPhones(input, () => new Promise<void>((resolve) => { go = resolve; process.stdout.write('READY\n'); if (text.includes('\n')) resolve(); }))
        .then((r) => { process.stdout.write(JSON.stringify(r) + '\n'); process.exit(0); })
        .catch((e) => { console.error(e); process.exit(2); });
    } else if (started && c.includes('\n')) go?.();
  });
}
