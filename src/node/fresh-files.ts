/**
 * Writing into a build folder without ever writing through an existing file. A build folder may be the previous
 * build brought up to date in place, whose files are hard links shared with the build being served: writing into
 * such a file (`O_TRUNC`) would change the served one. Every write here creates a new file (`O_EXCL`); a path that
 * exists is unlinked first (its other links, and readers that have it open, keep the old bytes).
 * @module
 */
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  unlinkSync,
  utimesSync,
  writeFile,
  writeFileSync,
  writeSync,
  writevSync,
} from "node:fs";
import { dirname, join } from "node:path";

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException).code === code;

/** Removes a file; no error when it is not there. */
export function unlinkQuietSync(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isCode(error, "ENOENT")) throw error;
  }
}

/**
 * Makes a new file at `target` with `make` (which fails with EEXIST when a file is there): a file already there is
 * unlinked and `make` tried once more, so it is replaced, never overwritten.
 */
function replacingSync<T>(target: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!isCode(error, "EEXIST")) throw error;
    unlinkSync(target);
    return make();
  }
}

/** Writes `body` to a new file at `target` (replacing, never overwriting, a file there). */
export function writeNewFileSync(target: string, body: string | Uint8Array): void {
  replacingSync(target, () => writeFileSync(target, body, { flag: "wx" }));
}

/**
 * Writes text given in pieces to a new file at `target` ({@link writeNewFileSync}), UTF-8, one piece at a time, so
 * the whole text is never one string. Returns the bytes written. A failure (a piece that cannot be made, a full
 * disk) removes the file and throws.
 */
export function writeNewFileChunksSync(
  target: string,
  chunks: Iterable<string | Uint8Array | readonly Uint8Array[]>,
): number {
  const fd = replacingSync(target, () => openSync(target, "wx"));
  let bytes = 0;
  try {
    for (const chunk of chunks) {
      if (Array.isArray(chunk)) {
        bytes += writeAllv(fd, chunk as readonly Uint8Array[]);
        continue;
      }
      if (typeof chunk === "string") {
        bytes += writeTextSync(fd, chunk);
        continue;
      }
      const body = chunk as Uint8Array;
      for (let at = 0; at < body.byteLength; ) at += writeSync(fd, body, at);
      bytes += body.byteLength;
    }
  } catch (error) {
    closeSync(fd);
    unlinkQuietSync(target);
    throw error;
  }
  closeSync(fd);
  return bytes;
}

/**
 * Writes `text` as UTF-8 and returns its bytes: Node encodes it on the way, without a buffer of ours (each a new
 * `ArrayBuffer`, which V8 counts as external memory and collects the whole heap for every 64 MB of); the rest of a
 * short write from its bytes.
 */
function writeTextSync(fd: number, text: string): number {
  const size = Buffer.byteLength(text, "utf8");
  const written = writeSync(fd, text, null, "utf8");
  if (written < size) {
    const body = Buffer.from(text, "utf8");
    for (let at = written; at < size; ) at += writeSync(fd, body, at);
  }
  return size;
}

/** Buffers written with `writev`, a few hundred a call (under the system's limit), the rest of a short write after. */
function writeAllv(fd: number, buffers: readonly Uint8Array[]): number {
  let bytes = 0;
  for (let first = 0; first < buffers.length; first += WRITEV_BUFFERS) {
    const some = buffers.slice(first, first + WRITEV_BUFFERS);
    const size = some.reduce((n, b) => n + b.byteLength, 0);
    let skip = writevSync(fd, some);
    if (skip < size)
      for (const b of some) {
        if (skip >= b.byteLength) {
          skip -= b.byteLength;
          continue;
        }
        for (let at = skip; at < b.byteLength; ) at += writeSync(fd, b, at);
        skip = 0;
      }
    bytes += size;
  }
  return bytes;
}

/** Buffers per `writev` call (POSIX guarantees at least 16, Linux allows 1 024). */
export const WRITEV_BUFFERS = 512;

/** {@link writeNewFileSync} with the callback API (libuv's threads; no FileHandle per file). */
export function writeNewFile(target: string, body: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (again: boolean) =>
      writeFile(target, body, { flag: "wx" }, (error) => {
        if (!error) return resolve();
        if (again || !isCode(error, "EEXIST")) return reject(error);
        try {
          unlinkSync(target);
        } catch (e) {
          return reject(e);
        }
        attempt(true);
      });
    attempt(false);
  });
}

/** Hard-links `source` at `target`, replacing a file there. */
export function linkNewSync(source: string, target: string): void {
  replacingSync(target, () => linkSync(source, target));
}

/**
 * Writes `body` as a new file at `path` inside `folder` ({@link writeNewFileSync}), making its parent folder once
 * (`made` remembers the folders made), and dates it `modified` when that is a valid date.
 */
export function writeIntoSync(
  folder: string,
  path: string,
  body: string | Uint8Array,
  modified: Date | undefined,
  made: Set<string>,
): void {
  const target = targetIn(folder, path, made);
  writeNewFileSync(target, body);
  dateFile(target, modified);
}

/**
 * {@link writeIntoSync} for text given in pieces ({@link writeNewFileChunksSync}): never one string of all of it.
 * Returns the bytes written.
 */
export function writeChunksIntoSync(
  folder: string,
  path: string,
  chunks: Iterable<string | Uint8Array | readonly Uint8Array[]>,
  modified: Date | undefined,
  made: Set<string>,
): number {
  const target = targetIn(folder, path, made);
  const bytes = writeNewFileChunksSync(target, chunks);
  dateFile(target, modified);
  return bytes;
}

/** `path` inside `folder`, its parent folder made once (`made` remembers the folders made). */
function targetIn(folder: string, path: string, made: Set<string>): string {
  const target = join(folder, path);
  const dir = dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  return target;
}

/** `date` when it is a valid date (a file can be dated by it), else undefined. */
export function validDate(date: Date | undefined): Date | undefined {
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Dates a file `modified`, when that is a valid date. */
function dateFile(target: string, modified: Date | undefined): void {
  const date = validDate(modified);
  if (date) utimesSync(target, date, date);
}
