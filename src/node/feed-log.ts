import { createHash } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Parser } from "n3";
import { IoError } from "../errors.js";
import { type DocumentState, diffDocuments, type FeedEvent } from "../feed/events.js";
import { sortQuads } from "../serialize/quad-order.js";
import { writeNTriples } from "../serialize/turtle.js";
import type { Site } from "../site/site.js";

/** One line of the log file (JSON Lines); the triples as N-Triples text. */
interface LogLine {
  seq: number;
  time: string;
  ref: string;
  thing: string;
  document: string;
  operation: FeedEvent["operation"];
  hash: string;
  ntriples: string;
}

/**
 * Where the event log of a build output folder lives: beside it (`site/` → `site.feed.jsonl`), so it survives
 * the build replacing the folder.
 */
export function feedLogPathFor(outDir: string): string {
  const clean = outDir.replace(/[\\/]+$/, "");
  return join(dirname(clean), `${basename(clean)}.feed.jsonl`);
}

/** SHA-256 of a document's triples in canonical order: equal graphs (no blank nodes) give equal hashes. */
export function hashDocumentQuads(quads: Site["quads"]): string {
  return createHash("sha256")
    .update(writeNTriples(sortQuads(quads)))
    .digest("hex");
}

/**
 * Reads an event log. A missing file is an empty log; a last line without its newline (a write cut short by a
 * crash) is ignored, as the next append rewrites nothing before it.
 * @throws IoError naming the file and line when a complete line is not a valid event.
 */
export async function readFeedLog(file: string): Promise<FeedEvent[]> {
  return (await readLog(file)).events;
}

async function readLog(file: string): Promise<{ events: FeedEvent[]; complete: number; size: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return { events: [], complete: 0, size: 0 };
    throw new IoError(`Cannot read the feed log ${file}: ${(cause as Error).message}`, { cause });
  }
  const complete = bytes.lastIndexOf(0x0a) + 1;
  const text = bytes.subarray(0, complete).toString("utf8");
  const lines = text.split("\n");
  lines.pop(); // the part after the last newline: empty, or an incomplete write
  const parser = () => new Parser({ format: "application/n-triples" });
  const events = lines.map((line, i): FeedEvent => {
    let l: LogLine;
    try {
      l = JSON.parse(line) as LogLine;
      if (l.seq !== i || typeof l.time !== "string" || typeof l.ref !== "string")
        throw new Error("not an event");
    } catch (cause) {
      throw new IoError(`${file} line ${i + 1}: not a feed event (${(cause as Error).message})`, { cause });
    }
    return {
      seq: l.seq,
      time: l.time,
      ref: l.ref,
      thing: l.thing,
      document: l.document,
      operation: l.operation,
      hash: l.hash,
      quads: l.ntriples ? parser().parse(l.ntriples) : [],
    };
  });
  return { events, complete, size: bytes.length };
}

/** The current state of every document of a site, hashed. */
export function documentStates(site: Site): DocumentState[] {
  return [...site.documents.values()].map((d) => ({
    ref: d.ref,
    thing: d.thingIri,
    document: d.documentIri,
    hash: hashDocumentQuads(d.quads),
    quads: d.quads,
  }));
}

/**
 * Brings the event log up to date with a (re)built site: appends one event per document that is new, changed
 * (its triples' hash differs from its latest version) or gone, and nothing for the rest. The file is only ever
 * appended to, in one write, flushed to disk before returning.
 * @returns every event of the log (old and new) and the ones appended.
 * @example
 * const { events } = await updateFeedLog(feedLogPathFor("site"), site);
 * app.use(createLodRouter({ site, feed: { events } })); // `feed` takes the feed options, not the events
 */
export async function updateFeedLog(
  file: string,
  site: Site,
  options: { now?: Date } = {},
): Promise<{ events: FeedEvent[]; appended: FeedEvent[] }> {
  const { events: previous, complete, size } = await readLog(file);
  const appended = diffDocuments(previous, documentStates(site), options.now ?? new Date());
  if (appended.length > 0) {
    const text = appended
      .map((e) => {
        const line: LogLine = {
          seq: e.seq,
          time: e.time,
          ref: e.ref,
          thing: e.thing,
          document: e.document,
          operation: e.operation,
          hash: e.hash,
          ntriples: e.quads.length > 0 ? writeNTriples(sortQuads(e.quads)) : "",
        };
        return `${JSON.stringify(line)}\n`;
      })
      .join("");
    try {
      await mkdir(dirname(file), { recursive: true });
      const handle = await open(file, "a");
      try {
        // A write cut short by a crash left an incomplete last line: drop it before appending.
        if (complete < size) await handle.truncate(complete);
        await handle.appendFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (cause) {
      throw new IoError(`Cannot append to the feed log ${file}: ${(cause as Error).message}`, { cause });
    }
  }
  return { events: [...previous, ...appended], appended };
}
