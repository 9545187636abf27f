import { closeSync, openSync, readFileSync, write, writeSync } from "node:fs";
import { utimes } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { constants, crc32, deflateRaw } from "node:zlib";
import type { Quad } from "@rdfjs/types";
import { turtleWithoutPrefixes, writeNQuads, writeTurtle } from "../serialize/turtle.js";
import { TURTLE_DUMP_HEADER } from "../serialize/variants.js";
import { unlinkQuietSync, validDate } from "./fresh-files.js";
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
}

/** Which of the two dumps {@link writeDumps} writes. */
export type DumpKind = "nq" | "ttl";

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
 * `kinds` (default both): a build's render worker may write the N-Quads one while the build's thread writes the
 * Turtle one. Files are dated `modified`.
 */
export async function writeDumps(
  folder: string,
  parts: readonly DumpPart[],
  modified: Date | undefined,
  kinds: readonly DumpKind[] = ["nq", "ttl"],
  memory?: DumpMemory,
): Promise<RenderedFile[]> {
  const ordered = [...parts].sort((a, b) => (a.graph < b.graph ? -1 : a.graph > b.graph ? 1 : 0));
  // Synchronous reads: thousands of small files, where a promise per read costs more than the read.
  const render: Record<DumpKind, (p: DumpPart) => Buffer> = {
    nq: (p) =>
      p.nq ? readFileSync(join(folder, p.nq)) : Buffer.from(writeNQuads(p.quads, { graph: p.graph }), "utf8"),
    ttl: (p) => {
      const turtle = p.ttl ? readFileSync(join(folder, p.ttl), "utf8") : writeTurtle(p.quads);
      return Buffer.from(turtleWithoutPrefixes(turtle), "utf8");
    },
  };
  const blocks = dumpBlocks(ordered);
  const written = await Promise.all([
    kinds.includes("nq")
      ? concatenate(folder, "dump.nq", "nq", blocks, render.nq, "", memory?.blocks.nq)
      : [],
    kinds.includes("ttl")
      ? concatenate(folder, "dump.ttl", "ttl", blocks, render.ttl, TURTLE_DUMP_HEADER, memory?.blocks.ttl)
      : [],
  ]);
  const files = written.flat();
  const date = validDate(modified);
  if (date) for (const f of files) await utimes(join(folder, f.path), date, date);
  return files;
}

/** The average number of documents in a block of a gzipped dump. */
export const DUMP_BLOCK_DOCUMENTS = 64;

/** Parts in blocks: a block ends after a part whose graph name hashes (FNV-1a) to a multiple of the block size. */
function dumpBlocks(ordered: readonly DumpPart[]): DumpPart[][] {
  const blocks: DumpPart[][] = [];
  let block: DumpPart[] = [];
  for (const p of ordered) {
    block.push(p);
    let h = 0x811c9dc5;
    for (let i = 0; i < p.graph.length; i++) h = Math.imul(h ^ p.graph.charCodeAt(i), 0x01000193);
    if ((h >>> 0) % DUMP_BLOCK_DOCUMENTS === 0) {
      blocks.push(block);
      block = [];
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/** Blocks compressed at once (libuv runs four threads by default). */
const BLOCKS_IN_FLIGHT = 8;

/** A gzip header: deflate, no name or time, unknown OS (RFC 1952). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** The last, empty deflate block (final bit, fixed Huffman codes, end of block). */
const DEFLATE_END = Buffer.from([3, 0]);

async function concatenate(
  folder: string,
  name: string,
  format: string,
  blocks: readonly DumpPart[][],
  render: (p: DumpPart) => Buffer,
  header: string,
  memory: Map<string, DumpBlock> | undefined,
): Promise<RenderedFile[]> {
  // A document's part from the block that held it last time, when a memory has it; else read or rendered.
  let kept: Map<object, Buffer> | undefined;
  const piece = (p: DumpPart) => {
    if (memory && p.key) {
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
  try {
    let crc = 0;
    let length = 0;
    let packedBytes = 0;
    const put = (fd: number, bytes: Buffer) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    };
    put(packed, GZIP_HEADER);
    packedBytes += GZIP_HEADER.length;
    const add = (block: DumpBlock) => {
      put(packed, block.deflated);
      packedBytes += block.deflated.length;
      crc = crc32Combine(crc, block.crc, block.length);
      length += block.length;
    };
    const start = Buffer.from(header, "utf8");
    if (start.length > 0) {
      await plainWrites.put(start);
      add(await compress([], [start]).block);
    }
    const next = new Map<string, DumpBlock>();
    // In windows: each block's plain bytes are written as it is made, its compression runs on a libuv thread,
    // and the compressed blocks are written in order once the window's are done.
    for (let first = 0; first < blocks.length; first += BLOCKS_IN_FLIGHT) {
      const window: Promise<DumpBlock>[] = [];
      for (const block of blocks.slice(first, first + BLOCKS_IN_FLIGHT)) {
        const id = (block[0] as DumpPart).graph;
        const keys = block.flatMap((p) => (p.key ? [p.key] : []));
        const keyed = keys.length === block.length;
        const known = keyed ? memory?.get(id) : undefined;
        const same =
          known !== undefined &&
          known.keys.length === keys.length &&
          known.keys.every((k, i) => k === keys[i]);
        const made = same ? undefined : compress(keys, block.map(piece));
        await plainWrites.put(same ? known.plain : (made as { plain: Buffer }).plain);
        const done = same ? Promise.resolve(known) : (made as { block: Promise<DumpBlock> }).block;
        window.push(
          done.then((b) => {
            if (memory && keyed) next.set(id, b);
            return b;
          }),
        );
      }
      for (const b of await Promise.all(window)) add(b);
    }
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
    await plainWrites.done();
    return [
      { path: name, format, bytes: length },
      { path: `${name}.gz`, format: "gzip", bytes: packedBytes },
    ];
  } finally {
    // No write may still be going into a closed file.
    await plainWrites.done().catch(() => {});
    closeSync(plain);
    closeSync(packed);
  }
}

/** Bytes queued for {@link writeQueue} before `put` waits for them (memory stays flat on a slow disk). */
const QUEUED_BYTES = 64 * 1024 ** 2;

/**
 * Writes to a file in order on libuv's threads: `put` queues bytes (and waits once more than {@link QUEUED_BYTES}
 * are queued), `done` settles when all are written, with the first failure.
 */
function writeQueue(fd: number): { put(bytes: Buffer): Promise<void>; done(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  const writeAll = async (bytes: Buffer) => {
    for (let at = 0; at < bytes.length; )
      at += (await writeAsync(fd, bytes, at, bytes.length - at, null)).bytesWritten;
  };
  return {
    async put(bytes) {
      queued += bytes.length;
      chain = chain
        .then(() => writeAll(bytes))
        .finally(() => {
          queued -= bytes.length;
        });
      chain.catch(() => {}); // seen by `done`
      if (queued > QUEUED_BYTES) await chain;
    },
    done: () => chain,
  };
}

const writeAsync = promisify(write);

/**
 * One block: its parts' bytes together (at once), and their compression on a libuv thread — raw deflate ended by a
 * sync flush (byte-aligned, not final).
 */
function compress(
  keys: readonly object[],
  pieces: readonly Buffer[],
): { plain: Buffer; block: Promise<DumpBlock> } {
  const plain = Buffer.concat(pieces);
  const offsets = [0];
  for (const p of pieces) offsets.push((offsets[offsets.length - 1] as number) + p.length);
  const block = deflateRawAsync(plain, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }).then(
    (deflated) => ({
      keys,
      offsets,
      plain,
      deflated,
      crc: crc32(plain),
      length: plain.length,
    }),
  );
  return { plain, block };
}

const deflateRawAsync = promisify(deflateRaw);

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
