import type { Quad } from "@rdfjs/types";
import type { Site } from "../site/site.js";

/** What happened to a document: it appeared, its triples changed, or it went away. */
export type FeedOperation = "create" | "update" | "delete";

/** One change of one document: an immutable member of the event stream. */
export interface FeedEvent {
  /** Position in the stream, from 0, gapless and never reused. */
  readonly seq: number;
  /** When the change was recorded: ISO 8601 in UTC; never earlier than the event before it. */
  readonly time: string;
  /** The document's `"kind/slug"`. */
  readonly ref: string;
  /** The IRI of the thing the document is about (the version's `dct:isVersionOf`). */
  readonly thing: string;
  /** The document's IRI. */
  readonly document: string;
  readonly operation: FeedOperation;
  /** Content hash of the document's triples at this version (empty for a deletion). */
  readonly hash: string;
  /** The document's triples at this version (none for a deletion). */
  readonly quads: readonly Quad[];
}

/** The current state of one document, as a rebuild sees it. */
export interface DocumentState {
  readonly ref: string;
  readonly thing: string;
  readonly document: string;
  /** Content hash of the document's triples (the caller chooses the function; equal triples, equal hash). */
  readonly hash: string;
  readonly quads: readonly Quad[];
}

/** The newest event of every document that still exists (its latest event is not a deletion). */
export function latestVersions(events: readonly FeedEvent[]): Map<string, FeedEvent> {
  const latest = new Map<string, FeedEvent>();
  for (const e of events) {
    if (e.operation === "delete") latest.delete(e.ref);
    else latest.set(e.ref, e);
  }
  return latest;
}

/**
 * The events that bring a stream up to date with the current documents: `create` for a new document, `update`
 * when its hash differs from its latest version, `delete` for one that is gone. Unchanged documents give none.
 * Events are ordered by reference, numbered from the stream's next sequence number and stamped with `time`, or
 * with the stream's last time when the clock went backwards (LDES: time stamps never decrease).
 * @example
 * const appended = diffDocuments(log, states, new Date());
 */
export function diffDocuments(
  previous: readonly FeedEvent[],
  current: readonly DocumentState[],
  now: Date,
): FeedEvent[] {
  const latest = latestVersions(previous);
  const last = previous.at(-1);
  let seq = last ? last.seq + 1 : 0;
  const nowIso = now.toISOString();
  const time = last && last.time > nowIso ? last.time : nowIso;
  const out: FeedEvent[] = [];
  const seen = new Set<string>();
  for (const doc of [...current].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))) {
    seen.add(doc.ref);
    const before = latest.get(doc.ref);
    if (before && before.hash === doc.hash) continue;
    out.push({ seq: seq++, time, ...doc, operation: before ? "update" : "create" });
  }
  for (const [ref, before] of [...latest].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (seen.has(ref)) continue;
    out.push({
      seq: seq++,
      time,
      ref,
      thing: before.thing,
      document: before.document,
      operation: "delete",
      hash: "",
      quads: [],
    });
  }
  return out;
}

/**
 * A stream for a site without an event log: one `create` per document, stamped with the document's content date
 * (else the site's newest, else the Unix epoch), in time order. Deterministic, so ETags survive restarts.
 */
export function initialEvents(site: Site): FeedEvent[] {
  const fallback = site.lastModified ?? new Date(0);
  const docs = [...site.documents.values()].map((d) => ({
    d,
    time: (d.lastModified ?? fallback).toISOString(),
  }));
  docs.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.d.ref < b.d.ref ? -1 : 1));
  return docs.map(({ d, time }, seq) => ({
    seq,
    time,
    ref: d.ref,
    thing: d.thingIri,
    document: d.documentIri,
    operation: "create",
    hash: "",
    quads: d.quads,
  }));
}
