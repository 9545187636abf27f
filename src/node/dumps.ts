import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { Quad } from "@rdfjs/types";
import { turtleWithoutPrefixes, writeNQuads, writeTurtle } from "../serialize/turtle.js";
import { TURTLE_DUMP_HEADER } from "../serialize/variants.js";
import { unlinkQuietSync, validDate } from "./fresh-files.js";
import type { RenderedFile } from "./render-document.js";

/**
 * One document in the dumps: its graph name (its document IRI), and its own N-Quads and Turtle files in the build
 * folder when the build wrote them; what has no file is rendered from `quads`.
 */
export interface DumpPart {
  readonly graph: string;
  readonly nq?: string | undefined;
  readonly ttl?: string | undefined;
  readonly quads: readonly Quad[];
}

/** Which of the two dumps {@link writeDumps} writes. */
export type DumpKind = "nq" | "ttl";

/**
 * Writes the build's dumps, streaming, so memory stays flat however large the site (a site's N-Quads outgrow the
 * longest string JavaScript can hold long before 100 000 items): `dump.nq` is the documents' N-Quads one after
 * another in the order of their graph names — byte for byte the sorted N-Quads of the site, one named graph per
 * document — and `dump.ttl` their Turtle under one prefix header, byte for byte `writeSiteTurtle`. A document's
 * part comes from its own file when there is one (reading it back costs far less than rendering it again), else
 * it is rendered from its triples, one document at a time. Each dump is gzipped as it streams (zlib's default
 * level); both at once when both are asked for (`kinds`, default both: a build's render worker may write the
 * N-Quads one while the build's thread writes the Turtle one). Files are dated `modified`.
 */
export async function writeDumps(
  folder: string,
  parts: readonly DumpPart[],
  modified: Date | undefined,
  kinds: readonly DumpKind[] = ["nq", "ttl"],
): Promise<RenderedFile[]> {
  const ordered = [...parts].sort((a, b) => (a.graph < b.graph ? -1 : a.graph > b.graph ? 1 : 0));
  // Synchronous reads: thousands of small files, where a promise per read costs more than the read.
  const nqPieces = ordered.map((p) =>
    p.nq
      ? () => readFileSync(join(folder, p.nq as string))
      : () => Buffer.from(writeNQuads(p.quads, { graph: p.graph }), "utf8"),
  );
  const ttlPieces = ordered.map((p) => {
    const turtle = p.ttl
      ? () => readFileSync(join(folder, p.ttl as string), "utf8")
      : () => writeTurtle(p.quads);
    return () => Buffer.from(turtleWithoutPrefixes(turtle()), "utf8");
  });
  // Both at once: each gzip stream compresses on its own libuv thread while this one makes the next pieces.
  const written = await Promise.all([
    kinds.includes("nq") ? concatenate(folder, "dump.nq", "nq", nqPieces, "") : [],
    kinds.includes("ttl") ? concatenate(folder, "dump.ttl", "ttl", ttlPieces, TURTLE_DUMP_HEADER) : [],
  ]);
  const files = written.flat();
  const date = validDate(modified);
  if (date) for (const f of files) await utimes(join(folder, f.path), date, date);
  return files;
}

async function concatenate(
  folder: string,
  name: string,
  format: string,
  pieces: readonly (() => Buffer)[],
  header: string,
): Promise<RenderedFile[]> {
  // New files (never through a file shared with the served build: see fresh-files.ts).
  unlinkQuietSync(join(folder, name));
  unlinkQuietSync(join(folder, `${name}.gz`));
  const plain = createWriteStream(join(folder, name), { flags: "wx" });
  const gzip = createGzip({ level: 6 });
  const packed = createWriteStream(join(folder, `${name}.gz`), { flags: "wx" });
  gzip.pipe(packed);
  // Wait on what still needs draining now: a stream that drained while we waited on the other has no 'drain'
  // left to give (waiting on write()'s answer would wait forever, and an empty event loop ends the process).
  const put = async (chunk: Buffer) => {
    plain.write(chunk);
    gzip.write(chunk);
    if (plain.writableNeedDrain) await once(plain, "drain");
    if (gzip.writableNeedDrain) await once(gzip, "drain");
  };
  let bytes = 0;
  const start = Buffer.from(header, "utf8");
  if (start.length > 0) {
    await put(start);
    bytes += start.length;
  }
  for (const piece of pieces) {
    const body = piece();
    await put(body);
    bytes += body.length;
  }
  plain.end();
  gzip.end();
  await Promise.all([finished(plain), finished(packed)]);
  return [
    { path: name, format, bytes },
    { path: `${name}.gz`, format: "gzip", bytes: (await stat(join(folder, `${name}.gz`))).size },
  ];
}
