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
