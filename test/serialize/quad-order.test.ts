import type { Quad, Term } from "@rdfjs/types";
import fc from "fast-check";
import { DataFactory } from "n3";
import { describe, expect, it } from "vitest";
import { distinctQuads, sortQuads, termKey } from "../../src/serialize/quad-order.js";

const { namedNode, literal, blankNode, quad, defaultGraph } = DataFactory;
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/** The order spelled out as one comparison over whole quads: what sortQuads must produce. */
function referenceSort(quads: Quad[]): Quad[] {
  const seen = new Map<string, Quad>();
  for (const q of quads)
    seen.set(`${termKey(q.graph)} ${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`, q);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const isType = (q: Quad) => Number(q.predicate.value === RDF_TYPE);
  return [...seen.values()].sort(
    (a, b) =>
      cmp(termKey(a.graph), termKey(b.graph)) ||
      cmp(termKey(a.subject), termKey(b.subject)) ||
      isType(b) - isType(a) ||
      cmp(a.predicate.value, b.predicate.value) ||
      cmp(termKey(a.object), termKey(b.object)),
  );
}

const iri = fc.constantFrom("a", "b", "c", "ab").map((s) => namedNode(`http://example.org/${s}`));
const predicate = fc.oneof(iri, fc.constant(namedNode(RDF_TYPE)));
const object: fc.Arbitrary<Term> = fc.oneof(
  iri,
  fc.constantFrom("x", "y", "", "x y").map((s) => literal(s)),
  fc.tuple(fc.constantFrom("x", "y"), fc.constantFrom("nb", "nn", "en")).map(([s, l]) => literal(s, l)),
  fc.constantFrom("1", "2").map((s) => literal(s, namedNode("http://www.w3.org/2001/XMLSchema#integer"))),
);
const graph = fc.oneof(fc.constant(defaultGraph()), iri);
const subject = fc.oneof(
  iri,
  fc.constantFrom("b0", "b1").map((s) => blankNode(s)),
);
/** Lists of quads from the terms above, of `minLength` to `maxLength` quads. */
const quadLists = (minLength: number, maxLength: number) =>
  fc.array(
    fc
      .tuple(subject, predicate, object, graph)
      .map(([s, p, o, g]) => quad(s as never, p, o as never, g as never)),
    { minLength, maxLength },
  );
const quads = quadLists(0, 40);
/** Long lists: a subject's quads in many runs, blocks of more than 32. */
const longQuads = quadLists(100, 400);

/** sortQuads gives the same sequence as the reference. */
function expectReferenceOrder(qs: Quad[]): void {
  const got = sortQuads(qs);
  const want = referenceSort(qs);
  expect(got.length).toBe(want.length);
  for (const [i, q] of got.entries()) expect(q.equals(want[i] as Quad)).toBe(true);
}

describe("serialize/quad-order", () => {
  it("orders by graph, subject, rdf:type first, predicate, object", () => {
    const ex = (s: string) => namedNode(`http://example.org/${s}`);
    const input = [
      quad(ex("b"), ex("p"), literal("1")),
      quad(ex("a"), ex("z"), literal("2")),
      quad(ex("a"), namedNode(RDF_TYPE), ex("C")),
      quad(ex("a"), ex("p"), literal("b")),
      quad(ex("a"), ex("p"), literal("a")),
      quad(ex("a"), ex("p"), literal("a"), ex("g")),
    ];
    const order = sortQuads(input).map(
      (q) =>
        `${termKey(q.graph)}|${q.subject.value.slice(19)} ${q.predicate.value.slice(-1)} ${q.object.value}`,
    );
    expect(order).toEqual([
      "|a e http://example.org/C",
      "|a p a",
      "|a p b",
      "|a z 2",
      "|b p 1",
      "http://example.org/g|a p a",
    ]);
  });

  it("drops duplicate quads but keeps the same triple in different graphs", () => {
    const ex = (s: string) => namedNode(`http://example.org/${s}`);
    const t = quad(ex("a"), ex("p"), literal("x", "nb"));
    const out = sortQuads([
      t,
      quad(ex("a"), ex("p"), literal("x", "nb")),
      quad(ex("a"), ex("p"), literal("x", "nn")),
      quad(ex("a"), ex("p"), literal("x", "nb"), ex("g")),
    ]);
    expect(out).toHaveLength(3);
  });

  it("gives the same sequence as one comparison over whole quads, for any input", () => {
    fc.assert(fc.property(quads, expectReferenceOrder), { numRuns: 300 });
  });

  it("gives the same sequence for long inputs too: a subject's quads in many runs and in blocks of over 32", () => {
    fc.assert(fc.property(longQuads, expectReferenceOrder), { numRuns: 60 });
  });

  it("distinctQuads keeps each quad's first occurrence, in order, grouped by subject too", () => {
    const key = (q: Quad) =>
      `${termKey(q.graph)} ${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`;
    const reference = (list: Quad[]) => {
      const seen = new Set<string>();
      return list.filter((q) => !seen.has(key(q)) && Boolean(seen.add(key(q))));
    };
    const check = (list: Quad[]) => {
      const { quads: out, bySubject } = distinctQuads(list);
      expect(out.map(key)).toEqual(reference(list).map(key));
      expect([...bySubject.values()].flat().map(key).sort()).toEqual(out.map(key).sort());
      for (const [subject, group] of bySubject) {
        for (const q of group) expect(termKey(q.subject)).toBe(subject);
        // A group is its subject's quads in their order in the result.
        expect(group.map(key)).toEqual(out.filter((q) => termKey(q.subject) === subject).map(key));
      }
    };
    fc.assert(fc.property(quads, (list) => check(list)));
    // Long inputs: groups of more than are compared one by one.
    fc.assert(
      fc.property(longQuads, (list) => check(list)),
      { numRuns: 60 },
    );
    // Grouped by another key (the catalog index groups by the subject's value): a blank node and an IRI of the same
    // value share a group and are still different quads.
    const same = [
      quad(blankNode("x"), namedNode("p"), literal("1")),
      quad(namedNode("x"), namedNode("p"), literal("1")),
    ];
    const byValue = distinctQuads(same, (t) => t.value);
    expect(byValue.quads).toHaveLength(2);
    expect(byValue.bySubject.get("x")).toHaveLength(2);
    // A subject with more quads than are compared one by one (a catalog's dcat:dataset values): by key.
    const ex = (s: string) => namedNode(`http://example.org/${s}`);
    const many = Array.from({ length: 120 }, (_, i) =>
      quad(ex("cat"), ex("dataset"), ex(`d${(i * 7) % 50}`)),
    );
    check(many);
    expect(distinctQuads(many).quads).toHaveLength(50);
  });
});
