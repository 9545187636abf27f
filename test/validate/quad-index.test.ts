import type { Quad, Term } from "@rdfjs/types";
import { DataFactory, Store } from "n3";
import { describe, expect, it } from "vitest";
import { QuadIndex } from "../../src/validate/quad-index.js";

const { namedNode, literal, blankNode, quad, defaultGraph } = DataFactory;
const ex = (s: string) => namedNode(`http://example.org/${s}`);
const key = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.value} ${q.graph.value}`;
const keys = (quads: Iterable<Quad>) => [...quads].map(key).sort();

describe("validate/quad-index", () => {
  const b = blankNode("b1");
  const quads = [
    quad(ex("s"), ex("type"), ex("C")),
    quad(ex("s"), ex("name"), literal("navn", "nb")),
    quad(ex("s"), ex("name"), literal("name", "en")),
    quad(ex("s"), ex("link"), ex("o")),
    quad(ex("s"), ex("link"), b),
    quad(b, ex("name"), literal("anonymous")),
    quad(ex("o"), ex("type"), ex("C")),
    quad(ex("o"), ex("name"), literal("navn", "nb"), ex("g")),
    // A catalog's many values of one property: past the small-group comparison, de-duplicated by key.
    ...Array.from({ length: 80 }, (_, i) => quad(ex("cat"), ex("dataset"), ex(`d${i % 50}`))),
  ];
  const store = new Store(quads);
  const index = new QuadIndex(quads);

  it("holds each quad once, as a Store does", () => {
    expect(index.size).toBe(store.size);
    expect(keys(index)).toEqual(keys(store));
    // The same triple in another graph is another quad; a repeat of one in the same graph is not.
    expect(
      new QuadIndex([...quads, quads[1] as Quad, quad(ex("s"), ex("type"), ex("C"), ex("g"))]).size,
    ).toBe(store.size + 1);
  });

  it("matches every pattern as a Store does: by subject, object (node or literal), predicate, graph", () => {
    const patterns: [Term | null, Term | null, Term | null, Term | null][] = [
      [ex("s"), null, null, null],
      [ex("s"), ex("name"), null, null],
      [null, ex("type"), ex("C"), null],
      [null, null, ex("o"), null],
      [null, null, b, null],
      [null, ex("name"), literal("navn", "nb"), null],
      [null, null, literal("navn", "en"), null],
      [null, ex("name"), null, ex("g")],
      [null, null, null, defaultGraph()],
      [ex("cat"), ex("dataset"), ex("d7"), null],
      [ex("missing"), null, null, null],
      [null, null, null, null],
    ];
    for (const [s, p, o, g] of patterns) {
      const found = index.match(s, p, o, g);
      expect(keys(found), `${s?.value} ${p?.value} ${o?.value} ${g?.value}`).toEqual(
        keys(store.match(s as never, p as never, o as never, g as never)),
      );
      expect(found.size).toBe(store.match(s as never, p as never, o as never, g as never).size);
      // A result can be matched again.
      expect(keys(found.match(null, ex("name")))).toEqual(
        keys(store.match(s as never, p as never, o as never, g as never).match(null, ex("name"))),
      );
    }
  });

  it("answers has() and refuses to change", () => {
    expect(index.has(quads[3] as Quad)).toBe(true);
    expect(index.has(quad(ex("s"), ex("link"), ex("other")))).toBe(false);
    expect(() => index.add()).toThrow(/read-only/);
    expect(() => index.delete()).toThrow(/read-only/);
  });
});
