import type { NamedNode } from "@rdfjs/types";
import { DataFactory } from "n3";

/** A vocabulary: its namespace IRI, a term factory, and named terms as RDF/JS named nodes. */
export type Vocabulary<T extends string> = { readonly [K in T]: NamedNode } & {
  /** The namespace IRI, ending in `#` or `/`. */
  readonly $iri: string;
  /** Any term in this namespace, including ones not listed. */
  readonly $term: (local: string) => NamedNode;
};

/**
 * Creates a frozen vocabulary object whose listed terms are RDF/JS named nodes.
 * @example const ex = createVocabulary("http://example.org/", ["a", "b"]); ex.a.value
 */
export function createVocabulary<T extends string>(iri: string, terms: readonly T[]): Vocabulary<T> {
  const out: Record<string, unknown> = {
    $iri: iri,
    $term: (local: string) => DataFactory.namedNode(iri + local),
  };
  for (const t of terms) out[t] = DataFactory.namedNode(iri + t);
  return Object.freeze(out) as Vocabulary<T>;
}
