import nodemailer from 'nodemailer';
import type { ChannelKind, MessageKind } from '../../../shared/notify.ts';

/** What goes out: the same for every channel (a notice, or a reminder for one person). */
export interface OutboundPayload {
  kind: MessageKind;
  title: string;
  body: string;
  href: string | null;
  /** whom a reminder is for (a group robot posts it in a group) */
  to?: string | null;
  /** a notice's sender and organisation */
  from?: string | null;
}

export interface WebhookSettings { url: string }
export interface EmailSettings { host: string; port: number; secure: boolean; user?: string; password?: string; from: string; to: string[] }

/** One outbound delivery: `id` is the outbox row's, sent along so a receiver can drop a repeat (at-least-once). */
export interface Delivery { id: string; payload: OutboundPayload; baseUrl: string | undefined }

/** The one interface every channel implements: resolves when the channel accepted the message, throws otherwise. */
export interface Transport { send(d: Delivery): Promise<void> }

const WEBHOOK_TIMEOUT_MS = 10_000;

/** The text a person reads: title, body, whom for, the link. */
export function textOf(d: Delivery): string {
  const p = d.payload;
  const link = p.href ? (d.baseUrl ? new URL(p.href, d.baseUrl).toString() : p.href) : null;
  return [p.title, p.body, p.to ? `→ ${p.to}` : '', p.from ? `— ${p.from}` : '', link ?? ''].filter(Boolean).join('\n');
}

/**
 * A generic JSON webhook: `{ msgtype: 'text', text: { content } }` is what enterprise WeChat and DingTalk group robots
 * take; `lianjian` carries the fields for a receiver of one's own. 2xx is accepted, unless the body answers a robot's
 * `errcode` other than 0 (those robots answer 200 with an error code).
 */
export function webhookTransport(s: WebhookSettings): Transport {
  return {
    async send(d) {
      const res = await fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': d.id },
        body: JSON.stringify({ msgtype: 'text', text: { content: textOf(d) }, lianjian: { id: d.id, ...d.payload } }),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      const text = await res.text().catch(() => '');
      if (!res.ok) throw new Error(`HTTP ${res.status} ${text.slice(0, 200)}`.trim());
      let body: unknown = null;
      try { body = JSON.parse(text); } catch { /* not JSON: 2xx is enough */ }
      const code = (body as { errcode?: unknown } | null)?.errcode;
      if (typeof code === 'number' && code !== 0) throw new Error(`errcode ${code} ${String((body as { errmsg?: unknown }).errmsg ?? '')}`.trim());
    },
  };
}

/** E-mail over SMTP (nodemailer) to the channel's recipients; the outbox id is the Message-ID's left part. */
export function emailTransport(s: EmailSettings): Transport {
  const mailer = nodemailer.createTransport({
    host: s.host, port: s.port, secure: s.secure,
    auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
  return {
    async send(d) {
      const domain = s.from.split('@')[1] ?? 'lianjian.local';
      await mailer.sendMail({
        from: s.from, to: s.to, subject: d.payload.title, text: textOf(d),
        messageId: `<${d.id}@${domain}>`, headers: { 'X-Lianjian-Id': d.id },
      });
    },
  };
}

export function transportOf(kind: ChannelKind, config: unknown): Transport {
  return kind === 'webhook' ? webhookTransport(config as WebhookSettings) : emailTransport(config as EmailSettings);
}
