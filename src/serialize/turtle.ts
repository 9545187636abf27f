import type { Quad } from "@rdfjs/types";
import { DataFactory, Writer } from "n3";
import { PREFIXES } from "../vocab/index.js";
import { sortQuads } from "./quad-order.js";

/** Options for the N3-family writers. */
export interface N3WriteOptions {
  /** Prefixes to declare (Turtle); defaults to every vocabulary govlod uses that appears in the data. */
  prefixes?: Readonly<Record<string, string>>;
}

function usedPrefixes(
  quads: readonly Quad[],
  prefixes: Readonly<Record<string, string>>,
): Record<string, string> {
  const iris = new Set<string>();
  for (const q of quads)
    for (const t of [q.subject, q.predicate, q.object]) {
      if (t.termType === "NamedNode") iris.add(t.value);
      else if (t.termType === "Literal") iris.add(t.datatype.value);
    }
  const out: Record<string, string> = {};
  for (const [p, ns] of Object.entries(prefixes)) {
    for (const i of iris)
      if (i.startsWith(ns) && i.length > ns.length) {
        out[p] = ns;
        break;
      }
  }
  return out;
}

function write(quads: readonly Quad[], format: string, prefixes?: Record<string, string>): string {
  const writer = new Writer({ format, ...(prefixes ? { prefixes } : {}) });
  let out = "";
  writer.addQuads(quads as Quad[]);
  writer.end((error, result) => {
    if (error) throw error;
    out = result;
  });
  return out;
}

/** Turtle with prefixes, grouped by subject, in a deterministic order. */
export function writeTurtle(quads: Iterable<Quad>, options: N3WriteOptions = {}): string {
  const sorted = triplesOf(sortQuads(quads));
  return write(sorted, "text/turtle", usedPrefixes(sorted, options.prefixes ?? PREFIXES));
}

/** N-Triples (graphs dropped), one triple a line, sorted. */
export function writeNTriples(quads: Iterable<Quad>): string {
  const sorted = triplesOf(sortQuads(quads));
  return write(sorted, "application/n-triples");
}

/** N-Quads, sorted; quads in the default graph are put in `graph` when given. */
export function writeNQuads(quads: Iterable<Quad>, options: { graph?: string } = {}): string {
  const g = options.graph ? DataFactory.namedNode(options.graph) : undefined;
  const list = Array.isArray(quads) ? (quads as readonly Quad[]) : [...quads];
  const place = (q: Quad) =>
    g && q.graph.termType === "DefaultGraph" ? DataFactory.quad(q.subject, q.predicate, q.object, g) : q;
  // All in the default graph (a document): they all go into `graph`, so the order is that of the triples.
  if (list.every((q) => q.graph.termType === "DefaultGraph"))
    return write(g ? sortQuads(list).map(place) : sortQuads(list), "application/n-quads");
  return write(sortQuads(list.map(place)), "application/n-quads");
}

/** The quads as triples (graphs dropped); the same array when they are all in the default graph already. */
function triplesOf(quads: readonly Quad[]): readonly Quad[] {
  return quads.every((q) => q.graph.termType === "DefaultGraph")
    ? quads
    : quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
}
