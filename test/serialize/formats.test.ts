import { describe, expect, it } from "vitest";
import {
  contentTypeOf,
  DEFAULT_FORMATS,
  findFormat,
  HTML,
  JSON_LD,
  N_QUADS,
  N_TRIPLES,
  RDF_FORMATS,
  RDF_XML,
  serialize,
  TURTLE,
} from "../../src/serialize/formats.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { contractQuads, runFormatContract } from "./format.case.js";
import { parseFormat } from "./parsers.js";

describe("serialize/formats", () => {
  it("registers ttl, jsonld, nt, nq, rdf, html in this order of preference", () => {
    expect(DEFAULT_FORMATS.map((f) => f.id)).toEqual(["ttl", "jsonld", "nt", "nq", "rdf", "html"]);
    expect(RDF_FORMATS).toEqual([TURTLE, JSON_LD, N_TRIPLES, N_QUADS, RDF_XML]);
    expect(Object.isFrozen(DEFAULT_FORMATS)).toBe(true);
  });

  it("finds formats by id or media type, case-insensitively", () => {
    expect(findFormat("RDF")).toBe(RDF_XML);
    expect(findFormat("Application/RDF+XML")).toBe(RDF_XML);
    expect(findFormat("html")).toBe(HTML);
    expect(findFormat("xml")).toBeUndefined();
  });

  it("puts charset=utf-8 on text formats and not on JSON-LD", () => {
    expect(contentTypeOf(TURTLE)).toBe("text/turtle; charset=utf-8");
    expect(contentTypeOf(JSON_LD)).toBe("application/ld+json");
  });

  it("serialize() writes any registered format and fails clearly on an unknown one", async () => {
    const text = serialize(contractQuads(), "application/rdf+xml");
    expectSameGraph((await parseFormat("rdf", text)) ?? [], contractQuads());
    expect(() => serialize([], "text/csv")).toThrow(
      /Unknown format "text\/csv"; known: ttl, jsonld, nt, nq, rdf, html/,
    );
  });

  it("puts N-Quads in the named graph of the context", () => {
    const text = N_QUADS.write(contractQuads(), {
      baseIri: "http://example.org/",
      graph: "http://example.org/doc",
    });
    for (const line of text.trim().split("\n")) expect(line).toMatch(/ <http:\/\/example\.org\/doc> \.$/);
  });

  for (const format of DEFAULT_FORMATS) runFormatContract(format);
});
