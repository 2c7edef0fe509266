import fs from 'node:fs';
import { once } from 'node:events';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import { notFound } from './errors.ts';
import { resolveStorageKey } from './uploads.ts';

/** A file kept on disk for a record (an attachment, an activity photo, a courseware file). */
export interface StoredFile {
  /** the storage key under config.uploadDir (uploads.ts), or `path`: a file the capability placed itself */
  key?: string;
  path?: string;
  contentType: string;
  /** the name the user uploaded it under (sent as the download name) */
  fileName: string;
  size?: number | null;
  /** shown in the browser (images, PDF, video) or downloaded; default: inline for images, else attachment */
  disposition?: 'inline' | 'attachment';
  /**
   * Served with `Content-Security-Policy: sandbox` (default): nothing in the file can run as this site. Off only
   * for files the browser's own viewer must play (courseware PDFs and videos), which a sandbox blocks.
   */
  sandbox?: boolean;
}

/**
 * Sends a stored file, after the caller has checked the owning record's scope: the same headers everywhere
 * (download name, no caching, no sniffing — app.ts — and a sandbox), and a file missing on disk (an upload
 * directory not restored with the database) answers 404 in the error shape, never a 500.
 */
export async function sendStoredFile(reply: FastifyReply, config: Config, f: StoredFile) {
  const file = f.path ?? resolveStorageKey(config, f.key!);
  const stream = fs.createReadStream(file);
  try {
    await once(stream, 'open');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT' || (e as { code?: string }).code === 'EISDIR') throw notFound();
    throw e;
  }
  const disposition = f.disposition ?? (f.contentType.startsWith('image/') ? 'inline' : 'attachment');
  reply.type(f.contentType)
    .header('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    .header('Cache-Control', 'private, no-store');
  if (f.size) reply.header('Content-Length', f.size);
  if (f.sandbox !== false) reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
  return reply.send(stream);
}
