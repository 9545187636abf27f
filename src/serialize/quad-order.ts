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

interface Block {
  graph: string;
  subject: string;
  quads: Keyed[];
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

function sortUncached(quads: Iterable<Quad>): Quad[] {
  // Group by graph and subject first and sort the blocks, then each block: the same total order as one sort over
  // every quad, but long shared IRI prefixes are compared per subject instead of per quad, term getters (N3
  // literals parse their id on every access) run once per quad, and duplicates are dropped as equal neighbours
  // after sorting instead of by hashing long literal keys.
  const graphs = new Map<string, Map<string, Block>>();
  const blocks: Block[] = [];
  for (const quad of quads) {
    const graph = termKey(quad.graph);
    const subject = termKey(quad.subject);
    let bySubject = graphs.get(graph);
    if (!bySubject) {
      bySubject = new Map();
      graphs.set(graph, bySubject);
    }
    let block = bySubject.get(subject);
    if (!block) {
      block = { graph, subject, quads: [] };
      bySubject.set(subject, block);
      blocks.push(block);
    }
    const predicate = quad.predicate.value;
    const typeRank = quad.predicate.termType === "NamedNode" && predicate === RDF_TYPE ? 0 : 1;
    block.quads.push({ quad, typeRank, predicate });
  }
  blocks.sort((a, b) => compareStrings(a.graph, b.graph) || compareStrings(a.subject, b.subject));
  const out: Quad[] = [];
  for (const block of blocks) {
    const rows = block.quads.sort(compareKeyed);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Keyed;
      const next = rows[i + 1];
      // Equal keys are the same RDF term; keep one (the last, as the stable sort keeps input order).
      if (next === undefined || compareKeyed(row, next) !== 0) out.push(row.quad);
    }
  }
  return out;
}

/** A quad's key for de-duplication: its four terms. */
function quadKey(q: Quad): string {
  return `${termKey(q.subject)}\n${q.predicate.value}\n${termKey(q.object)}\n${termKey(q.graph)}`;
}

/** Subjects with this many quads are de-duplicated by key; fewer by comparing terms (cheaper than making keys). */
const FEW = 32;

/**
 * The quads without repeats, first occurrences in their order, and the same quads grouped by subject (by
 * {@link termKey}). A repeat is looked for among its subject's quads, by key once a subject has many (a catalog's
 * thousands of `dcat:dataset` values): no key string per quad, as a set of keys would need.
 */
export function distinctQuads(quads: Iterable<Quad>): { quads: Quad[]; bySubject: Map<string, Quad[]> } {
  const out: Quad[] = [];
  const bySubject = new Map<string, Quad[]>();
  const keysOf = new Map<Quad[], Set<string>>();
  for (const q of quads) {
    const subject = termKey(q.subject);
    let group = bySubject.get(subject);
    if (!group) {
      group = [];
      bySubject.set(subject, group);
    } else if (group.length < FEW) {
      if (
        group.some(
          (x) => x.predicate.equals(q.predicate) && x.object.equals(q.object) && x.graph.equals(q.graph),
        )
      )
        continue;
    } else {
      let keys = keysOf.get(group);
      if (!keys) {
        keys = new Set(group.map(quadKey));
        keysOf.set(group, keys);
      }
      const key = quadKey(q);
      if (keys.has(key)) continue;
      keys.add(key);
    }
    group.push(q);
    out.push(q);
  }
  return { quads: out, bySubject };
}
