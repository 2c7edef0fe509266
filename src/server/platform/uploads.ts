import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from './errors.ts';
import { addMessages } from './messages.ts';

/**
 * Attachment store: images and PDF up to 10 MB, the type decided by the content's magic bytes (never by the
 * name), kept under config.uploadDir. Files are served only through routes that check the owning record's scope.
 * Needs @fastify/multipart registered in the calling plugin.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const UPLOAD_TYPES = {
  'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp', 'application/pdf': '.pdf',
} as const;
export type UploadType = keyof typeof UPLOAD_TYPES;

addMessages({
  UPLOAD_TOO_LARGE: { 'zh-CN': '文件过大（上限 10 MB）。', 'en-US': 'The file is too large (limit 10 MB).' },
  UPLOAD_TYPE_NOT_ALLOWED: { 'zh-CN': '只能上传图片（PNG、JPEG、GIF、WebP）或 PDF。', 'en-US': 'Only images (PNG, JPEG, GIF, WebP) and PDF files can be uploaded.' },
  UPLOAD_TYPE_MISMATCH: { 'zh-CN': '文件内容与声明的类型（{claimed}）不符。', 'en-US': 'The file content does not match its declared type ({claimed}).' },
  UPLOAD_MISSING: { 'zh-CN': '请选择要上传的文件。', 'en-US': 'Choose a file to upload.' },
});

const startsWith = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The real type of the content, from its magic bytes; null when not an allowed type. */
export function sniffType(b: Buffer): UploadType | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38]) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'image/gif';
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/** The media types of large files (courseware), from their magic bytes: PDF, MP4 ('ftyp' box), WebM (EBML). */
export function sniffMedia(b: Buffer): 'application/pdf' | 'video/mp4' | 'video/webm' | null {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(b, [0x66, 0x74, 0x79, 0x70], 4)) return 'video/mp4';
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  return null;
}

const EXT_TYPES: Record<string, UploadType> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.pdf': 'application/pdf',
};

/** What the client claims the file is: its declared MIME type, else its extension. */
export function claimedType(fileName: string, mimetype: string | undefined): string | null {
  const m = (mimetype ?? '').toLowerCase().split(';')[0].trim();
  if (m && m !== 'application/octet-stream') return m === 'image/jpg' ? 'image/jpeg' : m;
  return EXT_TYPES[path.extname(fileName).toLowerCase()] ?? null;
}

/**
 * What a failure while reading a multipart body means. Busboy reports a body that is not valid multipart (no
 * boundary, cut short, a part without its end) with plain Errors without a code: they are the caller's mistake,
 * 400 MULTIPART_MALFORMED. Anything else is returned as is (@fastify/multipart's own errors carry FST_ codes that
 * the error handler answers).
 */
export function multipartError(e: unknown): unknown {
  const { code, message } = (e ?? {}) as { code?: string; message?: string };
  if (!(e instanceof AppError) && !code && typeof message === 'string' && BUSBOY_PARSE_ERRORS.test(message)) {
    return new AppError(400, 'MULTIPART_MALFORMED');
  }
  return e;
}
const BUSBOY_PARSE_ERRORS = /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data|Malformed part header)$/;

/**
 * Receives a multipart body whose file goes to `file` on disk (streamed, never held in memory) and whose other parts
 * are text fields. A file over the limit answers 413 BODY_TOO_LARGE, a malformed body 400 MULTIPART_MALFORMED;
 * `gotFile` is false when the body had no file part (each import says so in its own order of checks).
 */
export async function receiveToFile(req: FastifyRequest, file: string): Promise<{ fields: Record<string, string>; gotFile: boolean }> {
  const fields: Record<string, string> = {};
  let gotFile = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        await pipeline(part.file, fs.createWriteStream(file));
        if (part.file.truncated) throw new AppError(413, 'BODY_TOO_LARGE');
        gotFile = true;
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (e) {
    throw multipartError(e);
  }
  return { fields, gotFile };
}

export interface ReceivedFile { buffer: Buffer; fileName: string; contentType: UploadType; size: number; sha256: string }

/**
 * Reads the single file of a multipart request and checks it: at most 10 MB (413 UPLOAD_TOO_LARGE), an allowed
 * type by content (415 UPLOAD_TYPE_NOT_ALLOWED), and the content matching what the client claimed (415
 * UPLOAD_TYPE_MISMATCH). Nothing is stored here.
 */
export async function receiveFile(req: FastifyRequest): Promise<ReceivedFile> {
  if (!req.isMultipart()) throw new AppError(400, 'UPLOAD_MISSING');
  let part;
  const tooLarge = (e: unknown) => (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || (e as { statusCode?: number }).statusCode === 413;
  try {
    part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  } catch (e) {
    throw tooLarge(e) ? new AppError(413, 'UPLOAD_TOO_LARGE') : multipartError(e);
  }
  if (!part) throw new AppError(400, 'UPLOAD_MISSING');
  let buffer: Buffer;
  try {
    buffer = await part.toBuffer();
  } catch (e) {
    throw tooLarge(e) ? new AppError(413, 'UPLOAD_TOO_LARGE') : multipartError(e);
  }
  if (part.file.truncated || buffer.length > MAX_UPLOAD_BYTES) throw new AppError(413, 'UPLOAD_TOO_LARGE');
  if (!buffer.length) throw new AppError(400, 'UPLOAD_MISSING');
  const fileName = (part.filename || 'file').replace(/[\\/\0\r\n"]/g, '_').slice(0, 200);
  const actual = sniffType(buffer);
  const claimed = claimedType(fileName, part.mimetype);
  if (claimed && claimed in UPLOAD_TYPES && claimed !== actual) throw new AppError(415, 'UPLOAD_TYPE_MISMATCH', { claimed });
  if (!actual) throw new AppError(415, 'UPLOAD_TYPE_NOT_ALLOWED');
  return { buffer, fileName, contentType: actual, size: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/** The file behind a storage key (a key never escapes the upload directory). */
export function resolveStorageKey(config: Config, key: string): string {
  const root = path.resolve(config.uploadDir);
  const full = path.resolve(root, key);
  if (!full.startsWith(root + path.sep)) throw new Error('storage key escapes the upload directory');
  return full;
}

/** Writes the file under uploadDir/<regionId>/<yyyy-mm>/<uuid><ext> (the month of `now`); returns the storage key. */
export function storeFile(config: Config, regionId: string, f: ReceivedFile, now: number): string {
  const key = path.join(regionId.replace(/[^0-9a-f-]/gi, ''), new Date(now).toISOString().slice(0, 7), randomUUID() + UPLOAD_TYPES[f.contentType]);
  const full = resolveStorageKey(config, key);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, f.buffer, { flag: 'wx' });
  return key;
}

export function removeFile(config: Config, key: string): void {
  try { fs.unlinkSync(resolveStorageKey(config, key)); } catch { /* already gone */ }
}
