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

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts quads deterministically (graph, subject, rdf:type first, predicate, object) and drops duplicates, so
 * every serialization of the same graph is byte-identical and ETags survive restarts.
 */
export function sortQuads(quads: Iterable<Quad>): Quad[] {
  const seen = new Map<string, Quad>();
  for (const q of quads) {
    seen.set(`${termKey(q.graph)} ${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`, q);
  }
  return [...seen.values()].sort(
    (a, b) =>
      compareStrings(termKey(a.graph), termKey(b.graph)) ||
      compareStrings(termKey(a.subject), termKey(b.subject)) ||
      Number(b.predicate.equals(rdf.type)) - Number(a.predicate.equals(rdf.type)) ||
      compareStrings(a.predicate.value, b.predicate.value) ||
      compareStrings(termKey(a.object), termKey(b.object)),
  );
}
