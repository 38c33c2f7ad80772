/**
 * Opening a file for reading: gzip is detected by its magic bytes (1f 8b, RFC 1952 §2.3.1), so a
 * `.csv.gz` and a gzip file without the suffix both work, and a plain file named `.gz` is read as
 * is. Every failure becomes a `CrmError` with code `IO_ERROR` naming the file.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { CrmError, invalidOption } from '../core/index.js';

/** A file to read: a path or a `file:` URL. */
export type FileSource = string | URL;

/** The path of a source as a plain string (for messages and `fs`). */
export function sourcePath(source: FileSource, optionPath: ReadonlyArray<string | number> = ['path']): string {
  if (source instanceof URL) {
    if (source.protocol !== 'file:') {
      invalidOption(optionPath, 'only file: URLs can be read', 'a file path or file: URL', source.href);
    }
    return fileURLToPath(source);
  }
  if (typeof source !== 'string' || source.length === 0) {
    invalidOption(optionPath, 'a file path is required', 'a non-empty path string or file: URL', source);
  }
  return source;
}

/** Wrap a file-system or zlib error as `IO_ERROR`. */
export function ioError(file: string, error: unknown, what = 'cannot read file'): CrmError {
  if (error instanceof CrmError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  const reason =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EISDIR'
        ? 'is a directory, not a file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR'
            ? 'corrupt or truncated gzip data'
            : error instanceof Error
              ? error.message
              : String(error);
  return new CrmError('IO_ERROR', `${what} ${JSON.stringify(file)}: ${reason}`, {
    path: ['path'],
    data: { file, ...(code === undefined ? {} : { code }) },
    cause: error,
  });
}

/** Does the file start with the gzip magic bytes? Throws `IO_ERROR` when it cannot be opened. */
export async function isGzipFile(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } catch (error) {
    throw ioError(file, error);
  } finally {
    await handle?.close();
  }
}

/**
 * Open a file as a byte stream, gunzipping it when it is gzip. Errors of the returned stream are
 * left to the consumer, which maps them with {@link ioError}.
 */
export async function openByteStream(file: string): Promise<Readable> {
  const gzip = await isGzipFile(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 16 });
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}
