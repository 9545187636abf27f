import type { NamedNode, Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import { dcterms, ldes, prov, rdf, tree, xsd } from "../vocab/index.js";
import { createVocabulary } from "../vocab/namespace.js";
import type { FeedEvent } from "./events.js";

const { namedNode, literal, quad } = DataFactory;

/** Activity Streams 2.0: the types of create, update and delete members (LDES §4.3). */
const as = createVocabulary("https://www.w3.org/ns/activitystreams#", [
  "Create",
  "Update",
  "Delete",
] as const);
const ldesTerm = (local: string) => ldes.$term(local);
const treeTerm = (local: string) => tree.$term(local);

/** How long old versions stay in the feed, and how many members a page holds. */
export interface FeedOptions {
  /** The site's base IRI, ending in `/`. */
  readonly baseIri: string;
  /** Members per page; default {@link DEFAULT_FEED_PAGE_SIZE}. Changing it renumbers pages, not members. */
  readonly pageSize?: number;
  /**
   * Retention (an `xsd:duration` such as `P1Y`, default {@link DEFAULT_FEED_RETENTION}): a page leaves the feed
   * once every member in it is older than this and superseded by a later version of its document. Only a run of
   * oldest pages is dropped, so a page that stays never links to one that went. The latest version of every
   * document always stays, so a new consumer can rebuild the whole site from the feed.
   */
  readonly retention?: string;
  /** The clock retention is measured against; default now. */
  readonly now?: Date;
}

/** Members per feed page unless configured. */
export const DEFAULT_FEED_PAGE_SIZE = 100;
/** How long superseded versions stay unless configured. */
export const DEFAULT_FEED_RETENTION = "P1Y";

/** One response of the feed: its triples and whether it can never change (a full, older page). */
export interface FeedView {
  readonly quads: Quad[];
  /** True for a page that has a later page: its members and relations are final (`Cache-Control: immutable`). */
  readonly immutable: boolean;
}

/** The IRIs of the feed: the root view `{base}feed`, pages `{base}feed/{n}`, members `{base}feed/member/{seq}`. */
export function feedIris(baseIri: string) {
  return {
    stream: `${baseIri}feed#stream`,
    root: `${baseIri}feed`,
    page: (n: number) => `${baseIri}feed/${n}`,
    member: (seq: number) => `${baseIri}feed/member/${seq}`,
  };
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The instant `duration` before `now`; throws a TypeError for something that is not an ISO 8601 duration. */
export function durationBefore(now: Date, duration: string): Date {
  const m = DURATION.exec(duration);
  if (!m) throw new TypeError(`retention: "${duration}" is not an ISO 8601 duration such as P1Y or P30D`);
  const [, y, mo, w, d, h, mi, s] = m.map((x) => Number(x ?? 0)) as number[];
  const t = new Date(now.getTime());
  t.setUTCFullYear(
    t.getUTCFullYear() - (y ?? 0),
    t.getUTCMonth() - (mo ?? 0),
    t.getUTCDate() - (w ?? 0) * 7 - (d ?? 0),
  );
  return new Date(t.getTime() - ((h ?? 0) * 3600 + (mi ?? 0) * 60 + (s ?? 0)) * 1000);
}

interface Paged {
  pages: FeedEvent[][];
  /** Index of the first page still served. */
  first: number;
}

function paginate(events: readonly FeedEvent[], options: FeedOptions): Paged {
  const size = options.pageSize ?? DEFAULT_FEED_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1)
    throw new TypeError(`pageSize must be a positive integer, got ${size}`);
  const pages: FeedEvent[][] = [];
  // Pages are cut by sequence number, so a page's members never change once a later page exists.
  for (const e of events) {
    const n = Math.floor(e.seq / size);
    const page = pages[n] ?? [];
    page.push(e);
    pages[n] = page;
  }
  for (let i = 0; i < pages.length; i++) pages[i] ??= [];
  const cutoff = durationBefore(
    options.now ?? new Date(),
    options.retention ?? DEFAULT_FEED_RETENTION,
  ).toISOString();
  const lastSeqOf = new Map<string, number>();
  for (const e of events) lastSeqOf.set(e.ref, e.seq);
  let first = 0;
  // Never drop the last page, and drop only while every member is old and superseded.
  while (
    first < pages.length - 1 &&
    (pages[first] as FeedEvent[]).every((e) => e.time < cutoff && (lastSeqOf.get(e.ref) ?? -1) > e.seq)
  )
    first++;
  return { pages, first };
}

function streamDescription(baseIri: string): Quad[] {
  const iris = feedIris(baseIri);
  const stream = namedNode(iris.stream);
  return [
    quad(stream, rdf.type, ldes.EventStream),
    quad(stream, ldes.timestampPath, prov.generatedAtTime),
    quad(stream, ldes.versionOfPath, dcterms.isVersionOf),
    quad(stream, ldesTerm("versionDeletePath"), rdf.type),
    quad(stream, ldesTerm("versionDeleteObject"), as.Delete),
  ];
}

function relation(from: NamedNode, id: string, type: NamedNode, to: string, time: string): Quad[] {
  const r = namedNode(id);
  return [
    quad(from, tree.relation, r),
    quad(r, rdf.type, type),
    quad(r, tree.node, namedNode(to)),
    quad(r, tree.path, prov.generatedAtTime),
    quad(r, tree.value, literal(time, xsd.dateTime)),
  ];
}

/**
 * The triples of one member. A version is a version object (LDES §4.2): the thing's own triples with the member
 * as subject, plus the document's other nodes (addresses, series, …) as they were, `dct:isVersionOf` the thing
 * and `prov:generatedAtTime` the time; the document node itself is left out. A deletion is a tombstone typed
 * `as:Delete`.
 */
export function memberQuads(event: FeedEvent, baseIri: string): Quad[] {
  const m = namedNode(feedIris(baseIri).member(event.seq));
  const thing = namedNode(event.thing);
  const out: Quad[] = [
    quad(
      m,
      rdf.type,
      event.operation === "delete" ? as.Delete : event.operation === "create" ? as.Create : as.Update,
    ),
    quad(m, dcterms.isVersionOf, thing),
    quad(m, prov.generatedAtTime, literal(event.time, xsd.dateTime)),
  ];
  for (const q of event.quads) {
    if (q.subject.value === event.document) continue;
    out.push(
      q.subject.equals(thing) ? quad(m, q.predicate, q.object) : quad(q.subject, q.predicate, q.object),
    );
  }
  return out;
}

/**
 * The root of the feed (`/feed`): the event stream (`ldes:EventStream` with its time-stamp and version paths, the
 * delete marker and the retention policy) and its view, with a pair of TREE relations per page
 * (`tree:GreaterThanOrEqualToRelation` its first time stamp, `tree:LessThanRelation` the next page's), so a
 * client that synced up to a time skips the pages before it. Never immutable.
 * @example
 * feedRoot(initialEvents(site), { baseIri: site.baseIri });
 */
export function feedRoot(events: readonly FeedEvent[], options: FeedOptions): FeedView {
  const iris = feedIris(options.baseIri);
  const { pages, first } = paginate(events, options);
  const root = namedNode(iris.root);
  const view = namedNode(`${iris.root}#view`);
  const latest = namedNode(`${iris.root}#retention-latest`);
  const duration = namedNode(`${iris.root}#retention-duration`);
  const out: Quad[] = [
    ...streamDescription(options.baseIri),
    quad(namedNode(iris.stream), tree.view, root),
    quad(root, rdf.type, tree.Node),
    quad(root, treeTerm("viewDescription"), view),
    quad(view, rdf.type, treeTerm("ViewDescription")),
    // Both policies hold whichever way a client combines them: we keep every version younger than the duration
    // and the latest version of every document.
    quad(view, ldes.retentionPolicy, latest),
    quad(latest, rdf.type, ldes.LatestVersionSubset),
    quad(latest, ldes.amount, literal("1", xsd.integer)),
    quad(view, ldes.retentionPolicy, duration),
    quad(duration, rdf.type, ldesTerm("DurationAgoPolicy")),
    quad(duration, tree.value, literal(options.retention ?? DEFAULT_FEED_RETENTION, xsd.duration)),
  ];
  for (let n = first; n < pages.length; n++) {
    const start = pages[n]?.[0]?.time;
    if (!start) continue;
    out.push(
      ...relation(
        root,
        `${iris.root}#page-${n}-from`,
        tree.GreaterThanOrEqualToRelation,
        iris.page(n),
        start,
      ),
    );
    const next = pages[n + 1]?.[0]?.time;
    if (next)
      out.push(...relation(root, `${iris.root}#page-${n}-until`, tree.LessThanRelation, iris.page(n), next));
  }
  return { quads: out, immutable: false };
}

/**
 * One page of the feed (`/feed/{n}`): its members in order, linked from the stream with `tree:member`, and a
 * `tree:GreaterThanOrEqualToRelation` to the next page. `undefined` for a page that does not exist or that
 * retention has dropped.
 */
export function feedPage(
  events: readonly FeedEvent[],
  n: number,
  options: FeedOptions,
): FeedView | undefined {
  const iris = feedIris(options.baseIri);
  const { pages, first } = paginate(events, options);
  const members = pages[n];
  if (!Number.isInteger(n) || n < first || !members || members.length === 0) return undefined;
  const page = namedNode(iris.page(n));
  const stream = namedNode(iris.stream);
  const out: Quad[] = [...streamDescription(options.baseIri), quad(page, rdf.type, tree.Node)];
  for (const e of members) {
    out.push(quad(stream, tree.member, namedNode(iris.member(e.seq))), ...memberQuads(e, options.baseIri));
  }
  const next = pages[n + 1]?.[0]?.time;
  if (next)
    out.push(
      ...relation(page, `${iris.page(n)}#next`, tree.GreaterThanOrEqualToRelation, iris.page(n + 1), next),
    );
  return { quads: out, immutable: next !== undefined };
}

/** One member on its own (`/feed/member/{seq}`): always immutable; `undefined` when unknown or dropped. */
export function feedMember(
  events: readonly FeedEvent[],
  seq: number,
  options: FeedOptions,
): FeedView | undefined {
  const { pages, first } = paginate(events, options);
  const size = options.pageSize ?? DEFAULT_FEED_PAGE_SIZE;
  const e = pages[Math.floor(seq / size)]?.find((x) => x.seq === seq);
  if (!e || Math.floor(seq / size) < first) return undefined;
  return { quads: memberQuads(e, options.baseIri), immutable: true };
}
