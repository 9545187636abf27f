import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, writeSync, writev } from "node:fs";
import { utimes } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { constants, crc32, deflateRaw, deflateRawSync } from "node:zlib";
import type { Quad } from "@rdfjs/types";
import { turtleWithoutPrefixes, writeNQuads, writeTurtle } from "../serialize/turtle.js";
import { TURTLE_DUMP_HEADER } from "../serialize/variants.js";
import { unlinkQuietSync, validDate, WRITEV_BUFFERS } from "./fresh-files.js";
import { splitAtHashes } from "./hash-blocks.js";
import type { RenderedFile } from "./render-document.js";

/**
 * One document in the dumps: its graph name (its document IRI), and its own N-Quads and Turtle files in the build
 * folder when the build wrote them; what has no file is rendered from `quads`. `key`, when given, is an object that
 * stands for the part's bytes (a long-running builder's document: the same object, the same bytes), so that a
 * {@link DumpMemory} can keep them.
 */
export interface DumpPart {
  readonly graph: string;
  readonly nq?: string | undefined;
  readonly ttl?: string | undefined;
  readonly quads: readonly Quad[];
  readonly key?: object | undefined;
  /**
   * What the part's bytes are made from (a build's data fingerprint of the document): parts with equal fingerprints
   * have equal bytes, so a block of parts that all have the fingerprints recorded for it can be copied from the
   * previous build's dump ({@link PreviousDumps}).
   */
  readonly fingerprint?: string | undefined;
}

/** Where a block of a dump is in its two files and what it was made from: the next build may copy it from them. */
export interface DumpBlockRecord {
  /** The graph name of its first document. */
  readonly id: string;
  /** SHA-256 of its documents' graph names and fingerprints, in order. */
  readonly fingerprint: string;
  /** Offset and length of its bytes in the plain dump. */
  readonly at: number;
  readonly length: number;
  /** Offset and length of its deflated bytes in the `.gz` dump. */
  readonly packedAt: number;
  readonly packedLength: number;
  /** CRC-32 of its plain bytes. */
  readonly crc: number;
}

/** A previous build's dumps, whose unchanged blocks a build copies instead of reading and compressing its parts. */
export interface PreviousDumps {
  /** The previous build's folder (never written: its files are read). */
  readonly folder: string;
  /** Its blocks as recorded ({@link StartedDumps.blocks}). */
  readonly blocks: Partial<Record<DumpKind, readonly DumpBlockRecord[]>>;
  /** Its dump files' sizes as recorded, by path: a file of another size is not read. */
  readonly bytes: Readonly<Record<string, number>>;
}

/** Which of the two dumps {@link writeDumps} writes. */
export type DumpKind = "nq" | "ttl";

/** A document's part of a dump: bytes (read from its file, or kept) or text (rendered). */
type Piece = Buffer | string;

const PREFIX_LINE = Buffer.from("@prefix ", "latin1");

/**
 * {@link turtleWithoutPrefixes} on UTF-8 bytes: the same bytes as its text encoded (`@prefix ` and the line break
 * are ASCII, which no other character's UTF-8 bytes contain). A view of `bytes`, not a copy.
 */
export function turtleBytesWithoutPrefixes(bytes: Buffer): Buffer {
  let at = 0;
  while (
    bytes.length - at >= PREFIX_LINE.length &&
    bytes.compare(PREFIX_LINE, 0, PREFIX_LINE.length, at, at + PREFIX_LINE.length) === 0
  ) {
    const end = bytes.indexOf(10, at);
    if (end < 0) return bytes.subarray(bytes.length);
    at = end + 1;
  }
  return bytes.subarray(at);
}

/** A block of the gzipped dump: its documents, its deflated bytes, and the CRC-32 and length of its plain bytes. */
interface DumpBlock {
  readonly keys: readonly object[];
  /** Where each document's part starts in `plain`, and where the last ends. */
  readonly offsets: readonly number[];
  /** Its plain bytes (kept by a {@link DumpMemory}: an unchanged block is written without being made again). */
  readonly plain: Buffer;
  readonly deflated: Buffer;
  readonly crc: number;
  readonly length: number;
  /** Its parts' fingerprint (see DumpBlockRecord), when they have fingerprints. */
  readonly fingerprint?: string | undefined;
}

/**
 * What a long-running builder keeps of its dumps between builds: each block's plain and compressed bytes and where
 * each of its documents starts in it, so that a rebuild writes unchanged blocks as they were and compresses only
 * the blocks whose documents changed (the unchanged documents' parts in them taken from the blocks kept).
 * Documents are recognised by the parts' `key` objects.
 */
export class DumpMemory {
  /** @internal Per dump, per block's first graph name. */
  readonly blocks: Record<DumpKind, Map<string, DumpBlock>> = { nq: new Map(), ttl: new Map() };
  /**
   * @internal The last parts' graph names in the order given, and its blocks as indexes into them: the same names
   * in the same order make the same blocks (no sort, no hashing).
   */
  order?: { readonly graphs: readonly string[]; readonly blocks: readonly (readonly number[])[] };
}

/**
 * Writes the build's dumps, streaming, so memory stays flat however large the site (a site's N-Quads outgrow the
 * longest string JavaScript can hold long before 100 000 items): `dump.nq` is the documents' N-Quads one after
 * another in the order of their graph names — byte for byte the sorted N-Quads of the site, one named graph per
 * document — and `dump.ttl` their Turtle under one prefix header, byte for byte `writeSiteTurtle`. A document's
 * part comes from its own file when there is one (reading it back costs far less than rendering it again), else
 * it is rendered from its triples, one document at a time.
 *
 * Each dump is gzipped too (`.gz`, zlib's default level), as one gzip member made of blocks of documents each
 * compressed on its own (raw deflate ended by a sync flush, on libuv's threads, several at once; the CRC-32s
 * combined): any gzip reader reads it as one stream. Blocks end after documents whose graph name hashes to a
 * multiple of {@link DUMP_BLOCK_DOCUMENTS} (on average that many documents a block), so an added or removed document
 * changes only its own block, and with a `memory` a rebuild compresses only the blocks whose documents changed.
 * `kinds` (default both): which of the two to write. Files are dated `modified`.
 */
export async function writeDumps(
  folder: string,
  parts: readonly DumpPart[],
  modified: Date | undefined,
  kinds: readonly DumpKind[] = ["nq", "ttl"],
  memory?: DumpMemory,
): Promise<RenderedFile[]> {
  const { files, written } = await startDumps(folder, parts, modified, kinds, memory);
  await written;
  return files;
}

/** The dumps' files, known before the last of their bytes are on disk, and when those are ({@link startDumps}). */
export interface StartedDumps {
  readonly files: RenderedFile[];
  /** Each dump's blocks, for the next build ({@link PreviousDumps}; none when the parts have no fingerprints). */
  readonly blocks: Partial<Record<DumpKind, DumpBlockRecord[]>>;
  /** Settles once every byte is written and the files are dated (with the first failure). */
  readonly written: Promise<void>;
}

/**
 * {@link writeDumps}, settling as soon as the files' sizes are known: the last of the plain dumps' bytes may still
 * be going to disk on libuv's threads (`written`), so the caller can write what records the files meanwhile.
 */
export async function startDumps(
  folder: string,
  parts: readonly DumpPart[],
  modified: Date | undefined,
  kinds: readonly DumpKind[] = ["nq", "ttl"],
  memory?: DumpMemory,
  previous?: PreviousDumps,
): Promise<StartedDumps> {
  // Synchronous reads: thousands of small files, where a promise per read costs more than the read; into one buffer
  // used again for every block (see ReadScratch). A part rendered here stays text until its block is encoded in one
  // buffer (see compress); a file's Turtle loses its prefixes as bytes (no decoding and encoding again).
  const scratch = new ReadScratch();
  const render: Record<DumpKind, (p: DumpPart) => Piece> = {
    nq: (p) => (p.nq ? scratch.read(join(folder, p.nq)) : writeNQuads(p.quads, { graph: p.graph })),
    ttl: (p) =>
      p.ttl
        ? turtleBytesWithoutPrefixes(scratch.read(join(folder, p.ttl)))
        : turtleWithoutPrefixes(writeTurtle(p.quads)),
  };
  const known = memory?.order;
  const order =
    known && known.graphs.length === parts.length && known.graphs.every((g, i) => g === parts[i]?.graph)
      ? known
      : { graphs: parts.map((p) => p.graph), blocks: dumpBlocks(parts) };
  if (memory) memory.order = order;
  const blocks = order.blocks.map((block) => block.map((i) => parts[i] as DumpPart));
  const none = { files: [], written: Promise.resolve(), blocks: undefined };
  // (A builder's memory has its blocks; the previous build's files are for a build in a new process.)
  const from = memory ? undefined : previous;
  // Both dumps start their first compressions before either queues a write (see concatenate).
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const starting = [
    kinds.includes("nq")
      ? concatenate(folder, "dump.nq", "nq", blocks, render.nq, scratch, "", memory?.blocks.nq, gate, from)
      : none,
    kinds.includes("ttl")
      ? concatenate(
          folder,
          "dump.ttl",
          "ttl",
          blocks,
          render.ttl,
          scratch,
          TURTLE_DUMP_HEADER,
          memory?.blocks.ttl,
          gate,
          from,
        )
      : none,
  ];
  open();
  const started = await Promise.all(starting);
  const files = started.flatMap((s) => s.files);
  const records: Partial<Record<DumpKind, DumpBlockRecord[]>> = {};
  for (const [i, kind] of (["nq", "ttl"] as const).entries()) {
    const made = started[i]?.blocks;
    if (made) records[kind] = made;
  }
  const date = validDate(modified);
  const written = (async () => {
    // Every write awaited (none left going into a file) before the first failure is reported.
    const settled = await Promise.allSettled(started.map((s) => s.written));
    for (const s of settled) if (s.status === "rejected") throw s.reason;
    if (date) for (const f of files) await utimes(join(folder, f.path), date, date);
  })();
  written.catch(() => {}); // the caller's to await
  return { files, written, blocks: records };
}

/** The average number of documents in a block of a gzipped dump. */
export const DUMP_BLOCK_DOCUMENTS = 64;

/**
 * The parts in the order of their graph names, in blocks (as indexes into `parts`): a block ends after a part whose
 * graph name hashes (FNV-1a) to a multiple of the block size.
 */
function dumpBlocks(parts: readonly DumpPart[]): number[][] {
  const graphOf = (i: number) => (parts[i] as DumpPart).graph;
  const ordered = parts
    .map((_, i) => i)
    .sort((a, b) => (graphOf(a) < graphOf(b) ? -1 : graphOf(a) > graphOf(b) ? 1 : 0));
  return splitAtHashes(ordered, graphOf, DUMP_BLOCK_DOCUMENTS);
}

/** Per dump of a {@link DumpMemory}: the parts' keys that a block made for it has held. */
const IN_BLOCKS = new WeakMap<Map<string, DumpBlock>, WeakSet<object>>();

/** Blocks compressed at once (libuv runs four threads by default). */
const BLOCKS_IN_FLIGHT = 8;
/** At most this many blocks to compress, a dump compresses them on the build's thread (see concatenate). */
const COMPRESS_HERE_BLOCKS = 4;

/** A gzip header: deflate, no name or time, unknown OS (RFC 1952). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** The last, empty deflate block (final bit, fixed Huffman codes, end of block). */
const DEFLATE_END = Buffer.from([3, 0]);

async function concatenate(
  folder: string,
  name: string,
  format: string,
  blocks: readonly DumpPart[][],
  render: (p: DumpPart) => Piece,
  scratch: ReadScratch,
  header: string,
  memory: Map<string, DumpBlock> | undefined,
  gate: Promise<void>,
  previous?: PreviousDumps,
): Promise<{ files: RenderedFile[]; written: Promise<void>; blocks: DumpBlockRecord[] | undefined }> {
  // A document's part from the block that held it last time, when a memory has it (looked for first in `near`, the
  // previous block with the same first document, where it usually is); else read or rendered.
  let kept: Map<object, Buffer> | undefined;
  const inBlocks = memory ? (IN_BLOCKS.get(memory) ?? new WeakSet<object>()) : undefined;
  if (memory && inBlocks) IN_BLOCKS.set(memory, inBlocks);
  const piece = (p: DumpPart, near: DumpBlock | undefined): Piece => {
    if (memory && p.key) {
      const at = near ? near.keys.indexOf(p.key) : -1;
      if (near && at >= 0)
        return near.plain.subarray(near.offsets[at] as number, near.offsets[at + 1] as number);
      // A changed document (a new object) was never in a block: no index of every block's parts for it.
      if (!inBlocks?.has(p.key)) return render(p);
      if (!kept) {
        kept = new Map();
        for (const b of memory.values())
          for (const [i, k] of b.keys.entries())
            kept.set(k, b.plain.subarray(b.offsets[i] as number, b.offsets[i + 1] as number));
      }
      const known = kept.get(p.key);
      if (known) return known;
    }
    return render(p);
  };
  // New files (never through a file shared with the served build: see fresh-files.ts).
  unlinkQuietSync(join(folder, name));
  unlinkQuietSync(join(folder, `${name}.gz`));
  const plain = openSync(join(folder, name), "wx");
  const packed = openSync(join(folder, `${name}.gz`), "wx");
  // The plain dump, the large one, is written on libuv's threads while this thread goes on (its caller too).
  const plainWrites = writeQueue(plain);
  let crc = 0;
  let length = 0;
  let packedBytes = 0;
  const records: DumpBlockRecord[] = [];
  const copied = previous ? previousDump(previous, name, format as DumpKind) : undefined;
  try {
    const put = (fd: number, bytes: Buffer) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    };
    put(packed, GZIP_HEADER);
    packedBytes += GZIP_HEADER.length;
    const add = (block: DumpBlock, made?: { id: string; fingerprint: string }) => {
      if (made)
        records.push({
          ...made,
          at: length,
          length: block.length,
          packedAt: packedBytes,
          packedLength: block.deflated.length,
          crc: block.crc,
        });
      put(packed, block.deflated);
      packedBytes += block.deflated.length;
      crc = crc32Combine(crc, block.crc, block.length);
      length += block.length;
    };
    const next = new Map<string, DumpBlock>();
    // Block by block: its plain bytes queued for writing as soon as they are made; its compression, unless the
    // memory has it, run on a libuv thread (at most BLOCKS_IN_FLIGHT at once); the compressed blocks written in
    // order as they are done. Nothing here waits for the plain writes (they are placed by offset).
    const waiting: {
      block?: DumpBlock;
      done: Promise<DumpBlock>;
      made?: { id: string; fingerprint: string } | undefined;
    }[] = [];
    const compressing = new Set<Promise<DumpBlock>>();
    const drain = () => {
      for (let first = waiting[0]; first?.block; first = waiting[0]) {
        add(first.block, first.made);
        waiting.shift();
      }
    };
    const planned = blocks.map((block) => {
      const id = (block[0] as DumpPart).graph;
      const keys = block.flatMap((p) => (p.key ? [p.key] : []));
      const keyed = keys.length === block.length;
      const known = keyed ? memory?.get(id) : undefined;
      const same =
        known !== undefined && known.keys.length === keys.length && known.keys.every((k, i) => k === keys[i]);
      // (A kept block's parts are the same objects: its fingerprint is the one it was made with.)
      const made = same && known.fingerprint ? known.fingerprint : blockFingerprint(block);
      const record = made && copied?.blocks.get(id);
      return {
        block,
        id,
        keys,
        keyed,
        kept: same ? known : undefined,
        near: memory?.get(id),
        made: made ? { id, fingerprint: made } : undefined,
        // The previous build's block, when it was made from the same parts.
        copy: !same && record && record.fingerprint === made ? record : undefined,
      };
    });
    // A few blocks (a rebuild's) are compressed on this thread: a few milliseconds, where one queued on libuv's
    // threads can wait behind the dumps' writes (zlib's asynchronous calls take several trips to them).
    const here = planned.filter((p) => !p.kept && !p.copy).length <= COMPRESS_HERE_BLOCKS;
    const started = new Map<
      number,
      { plain: Buffer; entry: (typeof waiting)[number]; written: (() => void) | undefined }
    >();
    // Without a memory, which keeps them, a block's buffer is used again once its bytes are written and compressed.
    const buffers = memory ? undefined : new BlockBuffers();
    const begin = (i: number) => {
      const { block, id, keys, keyed, near, made: record } = planned[i] as (typeof planned)[number];
      // (The pieces read from files are views into the scratch buffer until compress has copied them.)
      scratch.reset();
      const made = compress(
        keys,
        block.map((p) => piece(p, near)),
        here,
        buffers,
      );
      let written: (() => void) | undefined;
      if (buffers) {
        let waits = 2;
        const release = () => {
          if (--waits === 0) buffers.give(made.plain);
        };
        made.block.then(release, () => {});
        written = release;
      }
      if (inBlocks) for (const key of keys) inBlocks.add(key);
      const entry: (typeof waiting)[number] = {
        done: made.block.then((compressed) => {
          const b = record ? { ...compressed, fingerprint: record.fingerprint } : compressed;
          entry.block = b;
          if (memory && keyed) next.set(id, b);
          return b;
        }),
        made: record,
      };
      entry.done.catch(() => {}); // awaited below (the loop may end first)
      compressing.add(entry.done);
      void entry.done.finally(() => compressing.delete(entry.done)).catch(() => {});
      started.set(i, { plain: made.plain, entry, written });
    };
    // The header and the first blocks to compress start before any plain bytes are queued (by either dump: the
    // caller opens `gate` once both are here): ahead of the writes on libuv's threads, so a rebuild that changed a
    // few documents waits on nothing else.
    const start = Buffer.from(header, "utf8");
    const heading = start.length > 0 ? compress([], [start], true).block : undefined; // a few bytes
    for (let i = 0; i < planned.length && started.size < BLOCKS_IN_FLIGHT; i++)
      if (!planned[i]?.kept && !planned[i]?.copy) begin(i);
    await gate;
    if (heading) {
      const entry: (typeof waiting)[number] = {
        done: heading.then((b) => {
          entry.block = b;
          return b;
        }),
      };
      entry.done.catch(() => {}); // awaited below
      waiting.push(entry);
      await plainWrites.put(start);
    }
    for (const [i, { id, kept, copy, made }] of planned.entries()) {
      // A block copied from the previous build's files (read one at a time, checked against its CRC-32).
      const read = copy && copied ? copied.read(copy) : undefined;
      if (kept) {
        next.set(id, kept);
        waiting.push({ block: kept, done: Promise.resolve(kept), made });
        // A kept block's bytes stay in memory anyway: they do not count against the queue's bound.
        await plainWrites.put(kept.plain, true);
      } else if (read) {
        waiting.push({ block: read, done: Promise.resolve(read), made });
        await plainWrites.put(read.plain);
      } else {
        if (!started.has(i)) {
          while (compressing.size >= BLOCKS_IN_FLIGHT) await Promise.race(compressing);
          // Done blocks wait for the one before them to be written: not more than a few windows of them.
          for (let head = waiting[0]; head && waiting.length >= 4 * BLOCKS_IN_FLIGHT; head = waiting[0]) {
            await head.done;
            drain();
          }
          begin(i);
        }
        const { plain, entry, written } = started.get(i) as NonNullable<ReturnType<typeof started.get>>;
        started.delete(i);
        waiting.push(entry);
        await plainWrites.put(plain, false, written);
      }
      drain();
    }
    for (const entry of waiting) add(await entry.done, entry.made);
    if (memory) {
      memory.clear();
      for (const [id, b] of next) memory.set(id, b);
    }
    put(packed, DEFLATE_END);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(length % 2 ** 32, 4);
    put(packed, trailer);
    packedBytes += DEFLATE_END.length + trailer.length;
  } catch (error) {
    // No write may still be going into a closed file.
    await plainWrites.done().catch(() => {});
    closeSync(plain);
    closeSync(packed);
    throw error;
  } finally {
    copied?.close();
  }
  closeSync(packed);
  // The plain file is closed once its queued bytes are written.
  const written = plainWrites.done().finally(() => closeSync(plain));
  written.catch(() => {}); // the caller's to await
  return {
    files: [
      { path: name, format, bytes: length },
      { path: `${name}.gz`, format: "gzip", bytes: packedBytes },
    ],
    written,
    // Recorded when every block is (every part has a fingerprint).
    blocks: records.length === blocks.length ? records : undefined,
  };
}

/**
 * The fingerprint of a block from its parts' graph names and fingerprints; none when a part has no fingerprint. Once
 * per block (both dumps of a build share its blocks).
 */
function blockFingerprint(parts: readonly DumpPart[]): string | undefined {
  if (BLOCK_FINGERPRINTS.has(parts)) return BLOCK_FINGERPRINTS.get(parts);
  const hash = createHash("sha256");
  let fingerprint: string | undefined;
  if (parts.every((p) => p.fingerprint !== undefined)) {
    for (const p of parts) hash.update(`${p.graph}\t${p.fingerprint}\n`);
    fingerprint = hash.digest("hex");
  }
  BLOCK_FINGERPRINTS.set(parts, fingerprint);
  return fingerprint;
}

const BLOCK_FINGERPRINTS = new WeakMap<readonly DumpPart[], string | undefined>();

/**
 * A previous build's dump `name` opened for copying blocks from it: undefined when it has no block records for
 * this dump or a file's size is not the recorded one. `read` gives a block's plain and deflated bytes, or
 * undefined when they cannot be read in full or the plain bytes fail their CRC-32.
 */
function previousDump(
  previous: PreviousDumps,
  name: string,
  kind: DumpKind,
):
  | {
      blocks: Map<string, DumpBlockRecord>;
      read(record: DumpBlockRecord): DumpBlock | undefined;
      close(): void;
    }
  | undefined {
  const records = previous.blocks[kind];
  if (!records || records.length === 0) return undefined;
  const fds: number[] = [];
  const close = () => {
    for (const fd of fds.splice(0)) closeSync(fd);
  };
  try {
    for (const file of [name, `${name}.gz`]) {
      const fd = openSync(join(previous.folder, file), "r");
      fds.push(fd);
      if (fstatSync(fd).size !== previous.bytes[file]) {
        close();
        return undefined;
      }
    }
  } catch {
    close();
    return undefined;
  }
  const [plainFd, packedFd] = fds as [number, number];
  const sizes = new Map([
    [plainFd, previous.bytes[name] ?? 0],
    [packedFd, previous.bytes[`${name}.gz`] ?? 0],
  ]);
  const readAll = (fd: number, at: number, length: number) => {
    // (Within the file: a record that says otherwise is not read.)
    if (!(at >= 0 && length >= 0 && at + length <= (sizes.get(fd) ?? 0))) return undefined;
    const bytes = Buffer.allocUnsafeSlow(length);
    for (let done = 0; done < length; ) {
      const n = readSync(fd, bytes, done, length - done, at + done);
      if (n === 0) return undefined;
      done += n;
    }
    return bytes;
  };
  return {
    blocks: new Map(records.map((r) => [r.id, r])),
    read(record) {
      try {
        const plain = readAll(plainFd, record.at, record.length);
        if (!plain || crc32(plain) !== record.crc) return undefined;
        const deflated = readAll(packedFd, record.packedAt, record.packedLength);
        if (!deflated) return undefined;
        return { keys: [], offsets: [], plain, deflated, crc: record.crc, length: record.length };
      } catch {
        return undefined;
      }
    },
    close,
  };
}

/** Bytes queued for {@link writeQueue} before `put` waits for them (memory stays flat on a slow disk). */
const QUEUED_BYTES = 64 * 1024 ** 2;

/** Bytes gathered into one `writev` of {@link writeQueue} (few requests ahead of others on libuv's threads). */
const WRITE_BATCH_BYTES = 8 * 1024 ** 2;

/**
 * Writes to a file on libuv's threads, in batches of about {@link WRITE_BATCH_BYTES} each placed at its offset, so
 * the writes go on however busy this thread is: `put` adds bytes after the ones before (and waits once more than
 * {@link QUEUED_BYTES} are queued, not counting bytes `kept` in memory anyway), `done` writes the last batch and
 * settles when all are written, with the first failure.
 */
function writeQueue(fd: number): {
  put(bytes: Buffer, kept?: boolean, written?: () => void): Promise<void>;
  done(): Promise<void>;
} {
  let position = 0;
  let queued = 0;
  let failed: { error: unknown } | undefined;
  const pending = new Set<Promise<void>>();
  let batch: Buffer[] = [];
  let batchWritten: (() => void)[] = [];
  let batchBytes = 0;
  let batchCounted = 0;
  const rethrow = () => {
    if (failed) throw failed.error;
  };
  const writeAt = (buffers: readonly Buffer[], at: number) =>
    new Promise<void>((resolve, reject) => {
      const from = (rest: readonly Buffer[], offset: number) =>
        writev(fd, rest, offset, (error, n) => {
          if (error) return reject(error);
          // A short write: the rest of the buffers, from where it stopped.
          let skip = n;
          let i = 0;
          while (i < rest.length && skip >= (rest[i] as Buffer).length) skip -= (rest[i++] as Buffer).length;
          if (i === rest.length) return resolve();
          from([(rest[i] as Buffer).subarray(skip), ...rest.slice(i + 1)], offset + n);
        });
      from(buffers, at);
    });
  const send = () => {
    if (batch.length === 0) return;
    const counted = batchCounted;
    const callbacks = batchWritten;
    const writing: Promise<void> = writeAt(batch, position)
      .then(() => {
        for (const written of callbacks) written();
      })
      .catch((error: unknown) => {
        failed ??= { error };
      })
      .finally(() => {
        queued -= counted;
        pending.delete(writing);
      });
    pending.add(writing);
    position += batchBytes;
    batch = [];
    batchWritten = [];
    batchBytes = 0;
    batchCounted = 0;
  };
  return {
    async put(bytes, kept = false, written) {
      rethrow();
      if (bytes.length === 0) {
        written?.();
        return;
      }
      batch.push(bytes);
      if (written) batchWritten.push(written);
      batchBytes += bytes.length;
      if (!kept) {
        batchCounted += bytes.length;
        queued += bytes.length;
      }
      // A batch ends at the size, and before its writev would take more buffers than the system allows.
      if (batchBytes >= WRITE_BATCH_BYTES || batch.length >= WRITEV_BUFFERS) send();
      while (queued > QUEUED_BYTES && pending.size > 0) await Promise.race(pending);
      rethrow();
    },
    async done() {
      send();
      while (pending.size > 0) await Promise.all(pending);
      rethrow();
    },
  };
}

/**
 * One block: its parts' bytes together (at once), and their compression on a libuv thread (on this one when `here`)
 * — raw deflate ended by a sync flush (byte-aligned, not final).
 */
function compress(
  keys: readonly object[],
  pieces: readonly Piece[],
  here = false,
  buffers?: BlockBuffers,
): { plain: Buffer; block: Promise<DumpBlock> } {
  // One buffer for the block, the texts encoded straight into it: a buffer per document (each a new ArrayBuffer
  // past 4 KB) made V8 count external memory and start collections of the whole heap (1.5% of a 100 000-item
  // build's CPU in allocating them alone).
  const offsets = [0];
  let length = 0;
  for (const p of pieces) {
    length += typeof p === "string" ? Buffer.byteLength(p, "utf8") : p.length;
    offsets.push(length);
  }
  const plain = buffers ? buffers.take(length) : Buffer.allocUnsafeSlow(length);
  for (const [i, p] of pieces.entries()) {
    const at = offsets[i] as number;
    if (typeof p === "string") plain.write(p, at, "utf8");
    else p.copy(plain, at);
  }
  const options = { level: 6, finishFlush: constants.Z_SYNC_FLUSH };
  const deflated = here ? Promise.resolve(deflateRawSync(plain, options)) : deflateRawAsync(plain, options);
  const block = deflated.then((deflated) => ({
    keys,
    offsets,
    plain,
    deflated,
    crc: crc32(plain),
    length: plain.length,
  }));
  return { plain, block };
}

const deflateRawAsync = promisify(deflateRaw);

/**
 * Buffers for a dump's blocks, used again: each new `ArrayBuffer` counts as external memory, and V8 starts a
 * collection of the whole heap every 64 MB of it (a 100 000-item build's dumps are gigabytes). A buffer given back
 * is taken again for a block it can hold; sizes are powers of two, so most blocks find one.
 */
class BlockBuffers {
  private readonly free: ArrayBuffer[] = [];

  /** A buffer of `length` bytes (what it held before is not cleared). */
  take(length: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = (this.free[i] as ArrayBuffer).byteLength;
      if (size >= length && (best < 0 || size < (this.free[best] as ArrayBuffer).byteLength)) best = i;
    }
    const found = best >= 0 ? this.free.splice(best, 1)[0] : undefined;
    const memory =
      found ?? Buffer.allocUnsafeSlow(2 ** Math.max(16, Math.ceil(Math.log2(length || 1)))).buffer;
    return Buffer.from(memory, 0, length);
  }

  /** Gives back a buffer from {@link take}, once nothing reads or writes it any more. */
  give(buffer: Buffer): void {
    this.free.push(buffer.buffer as ArrayBuffer);
  }
}

/**
 * One buffer that the files of a block are read into, used again for every block (the file bytes are copied into
 * the block's buffer at once): read one by one with `readFileSync`, each file was a new `ArrayBuffer` (see
 * {@link BlockBuffers}). `read` gives a view of a file's bytes, valid until `reset`.
 */
class ReadScratch {
  private buffer = Buffer.allocUnsafeSlow(1024 ** 2);
  private used = 0;

  /** Lets the next reads use the buffer from its start (the views given so far are no longer read). */
  reset(): void {
    this.used = 0;
  }

  /** The bytes of the file at `path` (as `readFileSync` reads them: as many as its size when opened). */
  read(path: string): Buffer {
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      if (this.used + size > this.buffer.length) {
        // (The views given before keep the buffer they are in.)
        this.buffer = Buffer.allocUnsafeSlow(Math.max(2 * this.buffer.length, size));
        this.used = 0;
      }
      const start = this.used;
      const end = start + size;
      let at = start;
      while (at < end) {
        const n = readSync(fd, this.buffer, at, end - at, null);
        if (n === 0) break;
        at += n;
      }
      this.used = at;
      return this.buffer.subarray(start, at);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * The CRC-32 of two byte strings one after the other from the CRC-32 of each and the second's length (zlib's
 * `crc32_combine`: the first CRC is advanced over `length` zero bytes by the shift operators for powers of two).
 */
export function crc32Combine(first: number, second: number, length: number): number {
  let crc = first >>> 0;
  // The operators for 2^k zero bytes, applied for each one bit of the length.
  for (let len = length, k = 0; len > 0; len = Math.floor(len / 2), k++)
    if (len % 2 === 1) crc = gf2Times(zeroBytesOperator(k), crc);
  return (crc ^ second) >>> 0;
}

/** A 32×32 matrix over GF(2) (one column a number) times a vector. */
function gf2Times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0, v = vector >>> 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= matrix[i] as number;
  return sum >>> 0;
}

function gf2Square(matrix: Uint32Array): Uint32Array {
  const out = new Uint32Array(32);
  for (let n = 0; n < 32; n++) out[n] = gf2Times(matrix, matrix[n] as number);
  return out;
}

/** CRC-32's operators for 2^k zero bytes (zlib's `crc32_combine` squares them each time; here once). */
const ZERO_BYTES: Uint32Array[] = [];

function zeroBytesOperator(k: number): Uint32Array {
  if (ZERO_BYTES.length === 0) {
    let op: Uint32Array = new Uint32Array(32);
    op[0] = 0xedb88320; // the CRC-32 polynomial: the operator for one zero bit
    for (let n = 1, row = 1; n < 32; n++, row <<= 1) op[n] = row >>> 0;
    for (let bits = 0; bits < 3; bits++) op = gf2Square(op); // 2, 4, 8 bits: one zero byte
    ZERO_BYTES.push(op);
  }
  while (ZERO_BYTES.length <= k) ZERO_BYTES.push(gf2Square(ZERO_BYTES[ZERO_BYTES.length - 1] as Uint32Array));
  return ZERO_BYTES[k] as Uint32Array;
}
