import type { Quad, Term } from "@rdfjs/types";
import { rdf } from "../vocab/index.js";

/** A stable text key of a term, for sorting and de-duplication. */
export function termKey(t: Term): string {
  switch (t.termType) {
    case "Literal":
      return `"${t.value}"@${t.language}^^${t.datatype.value}`;
    case "BlankNode":
      return `_:${t.value}`;
    case "DefaultGraph":
      return "";
    default:
      return t.value;
  }
}

const RDF_TYPE = rdf.type.value;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A quad with the keys that order it inside its (graph, subject) block, computed once. */
interface Keyed {
  quad: Quad;
  /** 0 for rdf:type, so classes come first in a subject's block. */
  typeRank: number;
  predicate: string;
  /** termKey of the object, computed only when two quads of a block share a predicate. */
  object?: string;
}

function objectKey(k: Keyed): string {
  k.object ??= termKey(k.quad.object);
  return k.object;
}

function compareKeyed(a: Keyed, b: Keyed): number {
  return (
    a.typeRank - b.typeRank ||
    compareStrings(a.predicate, b.predicate) ||
    compareStrings(objectKey(a), objectKey(b))
  );
}

/**
 * Sorts quads deterministically (graph, subject, rdf:type first, predicate, object) and drops duplicates, so
 * every serialization of the same graph is byte-identical and ETags survive restarts.
 */
export function sortQuads(quads: Iterable<Quad>): readonly Quad[] {
  // A resource is written in several formats from the same array: sort it once. The result is frozen (shared).
  const known = Array.isArray(quads) ? SORTED.get(quads) : undefined;
  if (known) return known;
  const sorted = Object.freeze(sortUncached(quads));
  if (Array.isArray(quads)) SORTED.set(quads, sorted);
  return sorted;
}

const SORTED = new WeakMap<readonly Quad[], readonly Quad[]>();

function sortUncached(input: Iterable<Quad>): Quad[] {
  // The same total order as one sort over every quad, by parts: runs of neighbouring quads of one (graph, subject)
  // (a document's quads come a subject at a time) are sorted by their keys, the runs of one (graph, subject) are
  // joined, and only each block's few quads are sorted among themselves — long shared IRI prefixes are compared per
  // run instead of per quad, and duplicates are dropped as equal neighbours after sorting instead of by hashing
  // long literal keys. Nothing is made per quad but for large blocks: sorting a 100 000-item site's catalog (two
  // million triples) made 350 MB of short-lived objects that outlived the young generation.
  const quads = Array.isArray(input) ? (input as readonly Quad[]) : [...input];
  const starts: number[] = [];
  const graphs: string[] = [];
  const subjects: string[] = [];
  let graph = "";
  let subject = "";
  for (let i = 0; i < quads.length; i++) {
    const quad = quads[i] as Quad;
    const g = termKey(quad.graph);
    const s = termKey(quad.subject);
    if (i === 0 || s !== subject || g !== graph) {
      starts.push(i);
      graphs.push(g);
      subjects.push(s);
      graph = g;
      subject = s;
    }
  }
  starts.push(quads.length);
  const runs = graphs.length;
  const order = new Uint32Array(runs);
  for (let r = 0; r < runs; r++) order[r] = r;
  // Ties between runs of one block go by position: the block's quads stay in their input order.
  order.sort(
    (a, b) =>
      compareStrings(graphs[a] as string, graphs[b] as string) ||
      compareStrings(subjects[a] as string, subjects[b] as string) ||
      a - b,
  );
  const out = new Array<Quad>(quads.length);
  let at = 0;
  const block: Quad[] = [];
  for (let r = 0; r < runs; ) {
    const first = order[r] as number;
    let next = r + 1;
    while (
      next < runs &&
      subjects[order[next] as number] === subjects[first] &&
      graphs[order[next] as number] === graphs[first]
    )
      next++;
    block.length = 0;
    for (let k = r; k < next; k++) {
      const run = order[k] as number;
      for (let i = starts[run] as number; i < (starts[run + 1] as number); i++) block.push(quads[i] as Quad);
    }
    at = appendSortedBlock(block, out, at);
    r = next;
  }
  out.length = at;
  return out;
}

/** Blocks of more quads than this are sorted with their keys computed once per quad. */
const SMALL_BLOCK = 32;

/**
 * Appends one (graph, subject) block's quads to `out` at `at`, sorted (rdf:type first, predicate, object; stable)
 * without repeats (equal keys are the same RDF term: the last is kept). Returns the new end.
 */
function appendSortedBlock(block: Quad[], out: Quad[], at: number): number {
  if (block.length <= SMALL_BLOCK) {
    block.sort(compareInBlock);
    for (let i = 0; i < block.length; i++) {
      const quad = block[i] as Quad;
      const next = block[i + 1];
      if (next === undefined || compareInBlock(quad, next) !== 0) out[at++] = quad;
    }
    return at;
  }
  const rows = block.map(keyed).sort(compareKeyed);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Keyed;
    const next = rows[i + 1];
    if (next === undefined || compareKeyed(row, next) !== 0) out[at++] = row.quad;
  }
  return at;
}

function typeRank(quad: Quad): number {
  return quad.predicate.termType === "NamedNode" && quad.predicate.value === RDF_TYPE ? 0 : 1;
}

function keyed(quad: Quad): Keyed {
  return { quad, typeRank: typeRank(quad), predicate: quad.predicate.value };
}

/** {@link compareKeyed} without the keys kept: a small block's objects are rarely compared. */
function compareInBlock(a: Quad, b: Quad): number {
  return (
    typeRank(a) - typeRank(b) ||
    compareStrings(a.predicate.value, b.predicate.value) ||
    compareStrings(termKey(a.object), termKey(b.object))
  );
}

/** A quad's key for de-duplication: its four terms. */
function quadKey(q: Quad): string {
  return `${termKey(q.subject)}\n${q.predicate.value}\n${termKey(q.object)}\n${termKey(q.graph)}`;
}

/** Subjects with this many quads are de-duplicated by key; fewer by comparing terms (cheaper than making keys). */
const FEW = 32;

/**
 * The quads without repeats, first occurrences in their order, and the same quads grouped by subject (by
 * `subjectKey`, {@link termKey} unless given). A repeat is looked for among its subject's quads, by key once a
 * subject has many (a catalog's thousands of `dcat:dataset` values): no key string per quad, as a set of keys would
 * need. A subject's quads usually come together (a document's, a subject at a time): its group is made when its run
 * ends, a copy of exactly its size — at 100 000 items the catalog's 400 000 groups, grown a quad at a time, were
 * 70 MB.
 */
export function distinctQuads(
  quads: Iterable<Quad>,
  subjectKey: (subject: Term) => string = termKey,
): { quads: Quad[]; bySubject: Map<string, Quad[]> } {
  const out: Quad[] = Array.isArray(quads) ? new Array<Quad>(quads.length) : [];
  let size = 0;
  const bySubject = new Map<string, Quad[]>();
  const keysOf = new Map<string, Set<string>>();
  /** The subject of the run being read, its quads from `out[runStart]` on, and its group from earlier runs. */
  let subject: string | undefined;
  let runStart = 0;
  let earlier: Quad[] | undefined;
  const endRun = () => {
    if (subject === undefined) return;
    // A subject met again (several documents describe it) grows its group in place: a copy per run would be
    // quadratic in the runs of a subject many documents name.
    if (earlier) for (let i = runStart; i < size; i++) earlier.push(out[i] as Quad);
    else bySubject.set(subject, out.slice(runStart, size));
  };
  const isRepeat = (q: Quad, key: string): boolean => {
    const count = (earlier?.length ?? 0) + size - runStart;
    if (count === 0) return false;
    if (count < FEW && !keysOf.has(key)) {
      const same = (x: Quad) =>
        x.predicate.equals(q.predicate) &&
        x.object.equals(q.object) &&
        x.graph.equals(q.graph) &&
        x.subject.equals(q.subject);
      if (earlier?.some(same)) return true;
      for (let i = runStart; i < size; i++) if (same(out[i] as Quad)) return true;
      return false;
    }
    let keys = keysOf.get(key);
    if (!keys) {
      keys = new Set(earlier?.map(quadKey));
      for (let i = runStart; i < size; i++) keys.add(quadKey(out[i] as Quad));
      keysOf.set(key, keys);
    }
    const k = quadKey(q);
    if (keys.has(k)) return true;
    keys.add(k);
    return false;
  };
  for (const q of quads) {
    const key = subjectKey(q.subject);
    if (key !== subject) {
      endRun();
      subject = key;
      runStart = size;
      earlier = bySubject.get(key);
    }
    if (isRepeat(q, key)) continue;
    out[size++] = q;
  }
  endRun();
  out.length = size;
  return { quads: out, bySubject };
}
