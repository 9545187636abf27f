import type { Quad } from "@rdfjs/types";
import { DataFactory, Parser } from "n3";
import { isomorphic } from "rdf-isomorphic";
import { expect } from "vitest";
import { writeNQuads } from "../../src/serialize/turtle.js";

/** Short prefixes for expected Turtle in tests. */
export const TEST_PREFIXES = `
@prefix ex: <http://example.org/> .
@prefix base: <http://localhost:3000/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix gov: <https://w3id.org/govlod/ns#> .
`;

/** Parses Turtle (with {@link TEST_PREFIXES}) into quads. */
export function parseTurtle(turtle: string, baseIRI?: string): Quad[] {
  return new Parser({ format: "text/turtle", ...(baseIRI ? { baseIRI } : {}) }).parse(TEST_PREFIXES + turtle);
}

/** Drops graph names so triples can be compared. */
export function triplesOf(quads: Iterable<Quad>): Quad[] {
  return [...quads].map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
}

/** Asserts that two sets of triples are the same graph (blank nodes up to renaming). */
export function expectSameGraph(actual: Iterable<Quad>, expected: Iterable<Quad>): void {
  const a = triplesOf(actual);
  const b = triplesOf(expected);
  if (!isomorphic(a, b)) {
    const sa = new Set(writeNQuads(a).split("\n"));
    const sb = new Set(writeNQuads(b).split("\n"));
    const missing = [...sb].filter((l) => !sa.has(l));
    const extra = [...sa].filter((l) => !sb.has(l));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect.fail("graphs differ only in blank-node structure");
  }
}

/** Asserts that quads are isomorphic to the graph in the expected Turtle. */
export function expectIsomorphic(actual: Iterable<Quad>, expectedTurtle: string): void {
  expectSameGraph(actual, parseTurtle(expectedTurtle));
}
