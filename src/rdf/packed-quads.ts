/**
 * Triples as plain data a worker thread can be sent (RDF/JS objects cannot cross a thread: their classes stay
 * behind): each distinct term once as a string, then three indexes per triple. A build sends its render workers
 * the triples of the documents they render instead of having each worker map a copy of the whole site.
 * @module
 */
import type { NamedNode, Quad, Quad_Object, Quad_Predicate, Quad_Subject, Term } from "@rdfjs/types";
import { DataFactory } from "n3";
import { SiteLiteral, siteQuad } from "./terms.js";

const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/**
 * Triples in the default graph as strings and numbers. A term is written as a tag and its parts: `<` and an IRI,
 * `_` and a blank node's label, `"` and the text of an `xsd:string` literal, `@` or `^` with the length of a
 * language or datatype IRI, a space, it, and the literal's text.
 */
export interface PackedQuads {
  /** Each distinct term once. */
  readonly terms: readonly string[];
  /** Subject, predicate and object of each triple: indexes into `terms`. */
  readonly triples: Uint32Array;
}

/** Packs triples in several groups ({@link packQuadGroups}): the groups' ends in the triples, and their terms. */
export interface PackedQuadGroups extends PackedQuads {
  /** Where each group's triples end (counted in triples, not indexes). */
  readonly ends: readonly number[];
}

function termText(term: Term): string {
  switch (term.termType) {
    case "NamedNode":
      return `<${term.value}`;
    case "BlankNode":
      return `_${term.value}`;
    case "Literal": {
      if (term.language) return `@${term.language.length} ${term.language}${term.value}`;
      const datatype = term.datatype.value;
      return datatype === XSD_STRING ? `"${term.value}` : `^${datatype.length} ${datatype}${term.value}`;
    }
    default:
      throw new Error(
        `A ${term.termType} cannot be packed: only triples of named nodes, blank nodes and literals`,
      );
  }
}

/**
 * Packs groups of triples (one group per document) into one {@link PackedQuadGroups}: a term the groups share is
 * written once. Only the triples are kept: a quad's graph must be the default graph.
 */
export function packQuadGroups(groups: Iterable<readonly Quad[]>): PackedQuadGroups {
  const index = new Map<Term, number>();
  const texts = new Map<string, number>();
  const terms: string[] = [];
  const ids: number[] = [];
  const ends: number[] = [];
  const id = (term: Term) => {
    let i = index.get(term);
    if (i !== undefined) return i;
    // Equal terms that are not the same object (a literal made twice) share one entry too.
    const text = termText(term);
    i = texts.get(text);
    if (i === undefined) {
      i = terms.length;
      terms.push(text);
      texts.set(text, i);
    }
    index.set(term, i);
    return i;
  };
  for (const quads of groups) {
    for (const q of quads) {
      if (q.graph.termType !== "DefaultGraph")
        throw new Error(`A quad in the graph ${q.graph.value} cannot be packed: only triples`);
      ids.push(id(q.subject), id(q.predicate), id(q.object));
    }
    ends.push(ids.length / 3);
  }
  return { terms, triples: Uint32Array.from(ids), ends };
}

/** Packs triples ({@link packQuadGroups} of one group). */
export function packQuads(quads: readonly Quad[]): PackedQuads {
  const { terms, triples } = packQuadGroups([quads]);
  return { terms, triples };
}

/** How many named nodes a {@link QuadUnpacker} keeps for reuse. */
const NAMED_NODES_KEPT = 50_000;

/**
 * Makes terms again from packed ones, sharing one named node per IRI across everything it unpacks (a worker
 * unpacks document after document naming the same vocabulary).
 */
export class QuadUnpacker {
  readonly #named = new Map<string, NamedNode>();

  #namedNode(iri: string): NamedNode {
    let term = this.#named.get(iri);
    if (!term) {
      // The vocabulary comes back again and again; a site's own IRIs mostly once: the table is started afresh
      // when it grows large (the terms stay equal, only not the same objects).
      if (this.#named.size >= NAMED_NODES_KEPT) this.#named.clear();
      term = DataFactory.namedNode(iri);
      this.#named.set(iri, term);
    }
    return term;
  }

  #term(text: string): Term {
    switch (text.charCodeAt(0)) {
      case 60: // <
        return this.#namedNode(text.slice(1));
      case 95: // _
        return DataFactory.blankNode(text.slice(1));
      case 34: // "
        return new SiteLiteral(text.slice(1), "", this.#namedNode(XSD_STRING));
      case 64: // @
      case 94: {
        // ^
        const space = text.indexOf(" ");
        const length = Number(text.slice(1, space));
        const part = text.slice(space + 1, space + 1 + length);
        const value = text.slice(space + 1 + length);
        return text.charCodeAt(0) === 64
          ? new SiteLiteral(value, part, this.#namedNode(RDF_LANG_STRING))
          : new SiteLiteral(value, "", this.#namedNode(part));
      }
      default:
        throw new Error(`Not a packed term: ${JSON.stringify(text.slice(0, 40))}`);
    }
  }

  /** The triples of each group, in their order, as RDF/JS quads in the default graph. */
  groups(packed: PackedQuadGroups): Quad[][] {
    const terms = packed.terms.map((t) => this.#term(t));
    const { triples } = packed;
    const out: Quad[][] = [];
    let start = 0;
    for (const end of packed.ends) {
      const quads: Quad[] = new Array(end - start);
      for (let t = start; t < end; t++)
        quads[t - start] = siteQuad(
          terms[triples[3 * t] as number] as Quad_Subject,
          terms[triples[3 * t + 1] as number] as Quad_Predicate,
          terms[triples[3 * t + 2] as number] as Quad_Object,
        );
      out.push(quads);
      start = end;
    }
    return out;
  }

  /** The triples, in their order ({@link packQuads}). */
  quads(packed: PackedQuads): Quad[] {
    return this.groups({ ...packed, ends: [packed.triples.length / 3] })[0] as Quad[];
  }
}

/**
 * A date as the milliseconds a message to a worker carries with the triples it dates: `undefined` for no date or an
 * invalid one (nothing a file can be dated by). {@link unpackDate} gives it back.
 */
export function packDate(date: Date | undefined): number | undefined {
  const time = date?.getTime();
  return time === undefined || Number.isNaN(time) ? undefined : time;
}

/** The date {@link packDate} packed, `undefined` for none. */
export function unpackDate(time: number | undefined): Date | undefined {
  return time === undefined ? undefined : new Date(time);
}
