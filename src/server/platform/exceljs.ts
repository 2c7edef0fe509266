/**
 * exceljs, with its streaming XML reader fixed for multi-byte text.
 *
 * exceljs 4.4's `lib/utils/parse-sax.js` turns each compressed chunk into a string on its own, so a Chinese
 * character split across two chunks becomes "��" (about one cell in a few thousand in a real roster; exceljs
 * issues #2063, #2084, #2316, open). This module installs a version that decodes with a StringDecoder, which
 * carries a split character over to the next chunk, before exceljs is loaded. Always import exceljs from here
 * (eslint enforces it), so the fix is in place whichever module loads it first.
 */
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSType from 'exceljs';

const require = createRequire(import.meta.url);

type SaxEvent = { eventType: string; value: unknown };

export async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const { SaxesParser } = require('saxes') as typeof import('saxes');
  let source: AsyncIterable<Buffer | string> = iterable;
  if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) {
    const { PassThrough } = require('node:stream') as typeof import('node:stream');
    source = (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  }
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => { error = e; });
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array)));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

let loaded: typeof ExcelJSType | null = null;

/** exceljs with the parser above installed, loaded on first use (it takes ~0.5 s to load: not at start-up). */
function load(): typeof ExcelJSType {
  if (loaded) return loaded;
  const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
  if (!require.cache[parseSaxPath]?.loaded || (require.cache[parseSaxPath]?.exports as unknown) !== parseSax) {
    require.cache[parseSaxPath] = { id: parseSaxPath, filename: parseSaxPath, loaded: true, exports: parseSax } as NodeJS.Module;
  }
  loaded = require('exceljs') as typeof ExcelJSType;
  return loaded;
}

/** `ExcelJS.Workbook` etc., as from exceljs itself; the module is loaded the first time one is used. */
const ExcelJS = new Proxy({} as typeof ExcelJSType, { get: (_t, key) => (load() as unknown as Record<string | symbol, unknown>)[key] });
export default ExcelJS;
export type { ExcelJSType };
