import type { Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import { describe, expect, it } from "vitest";
import { LodError } from "../../src/errors.js";
import { rdfXmlGroupPieces, splitPredicate, writeRdfXml } from "../../src/serialize/rdfxml.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { hasProgram, needs } from "../helpers/system.js";
import { contractQuads } from "./format.case.js";
import { parseRdfXml, parseWithRapper } from "./parsers.js";

const { namedNode: n, literal: l, quad: q, blankNode } = DataFactory;
const RAPPER = hasProgram("rapper");

describe("serialize/rdfxml", () => {
  it("writes one rdf:Description per subject with QName properties, rdf:resource, xml:lang and rdf:datatype", () => {
    const s = n("http://localhost:3000/id/news/a");
    const xml = writeRdfXml([
      q(s, n("http://schema.org/headline"), l("Tittel & <tekst>", "nb")),
      q(s, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n("http://schema.org/NewsArticle")),
      q(s, n("http://schema.org/datePublished"), l("2021-05-05", n("http://schema.org/Date"))),
      q(s, n("http://purl.org/dc/terms/identifier"), l('a"b')),
      q(s, n("http://schema.org/about"), n('http://localhost:3000/id/x?a=1&b="2"')),
    ]);
    expect(xml).toBe(`<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF
    xmlns:dcterms="http://purl.org/dc/terms/"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:schema="http://schema.org/">
  <rdf:Description rdf:about="http://localhost:3000/id/news/a">
    <rdf:type rdf:resource="http://schema.org/NewsArticle"/>
    <dcterms:identifier>a"b</dcterms:identifier>
    <schema:about rdf:resource="http://localhost:3000/id/x?a=1&amp;b=&quot;2&quot;"/>
    <schema:datePublished rdf:datatype="http://schema.org/Date">2021-05-05</schema:datePublished>
    <schema:headline xml:lang="nb">Tittel &amp; &lt;tekst&gt;</schema:headline>
  </rdf:Description>
</rdf:RDF>
`);
  });

  it("writes the empty graph as an empty rdf:RDF element", () => {
    expect(writeRdfXml([])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
    );
  });

  it("keeps carriage returns and tabs through XML's whitespace normalisation", async () => {
    const quads = [q(n("http://example.org/s"), n("http://example.org/p"), l("a\r\nb\tc"))];
    const xml = writeRdfXml(quads);
    expect(xml).toContain("a&#13;\nb\tc");
    expectSameGraph(await parseRdfXml(xml), quads);
  });

  it("declares generated prefixes ns1, ns2 for namespaces without one, in a stable order", async () => {
    const quads = [
      q(n("http://example.org/s"), n("http://b.example/vocab#p"), l("1")),
      q(n("http://example.org/s"), n("http://a.example/terms/q-1.x"), l("2")),
    ];
    const xml = writeRdfXml(quads);
    expect(xml).toContain('xmlns:ns1="http://a.example/terms/"');
    expect(xml).toContain('xmlns:ns2="http://b.example/vocab#"');
    expect(xml).toContain("<ns1:q-1.x>2</ns1:q-1.x>");
    expectSameGraph(await parseRdfXml(xml), quads);
  });

  it("splits predicates at the longest NCName suffix", () => {
    expect(splitPredicate("http://schema.org/datePublished")).toEqual({
      namespace: "http://schema.org/",
      local: "datePublished",
    });
    expect(splitPredicate("http://example.org/v1/_x2")).toEqual({
      namespace: "http://example.org/v1/",
      local: "_x2",
    });
    expect(splitPredicate("http://example.org/ns#a.b-c")).toEqual({
      namespace: "http://example.org/ns#",
      local: "a.b-c",
    });
    expect(splitPredicate("http://example.org/12abc")).toEqual({
      namespace: "http://example.org/12",
      local: "abc",
    });
  });

  it.each(["http://example.org/123", "http://example.org/a/", "http://example.org/ns#", "urn:isbn:978-82"])(
    "fails clearly for the predicate %s, which cannot be split into a QName",
    (iri) => {
      const write = () => writeRdfXml([q(n("http://example.org/s"), n(iri), l("x"))]);
      expect(write).toThrow(LodError);
      expect(write).toThrow(`RDF/XML: predicate <${iri}> cannot be split into namespace and local name`);
    },
  );

  it("refuses rdf: syntax names as properties and text XML 1.0 cannot hold", () => {
    const s = n("http://example.org/s");
    expect(() => writeRdfXml([q(s, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#about"), l("x"))])).toThrow(
      /rdf:about is RDF\/XML syntax/,
    );
    expect(() => writeRdfXml([q(s, n("http://example.org/p"), l("bell \u0007"))])).toThrow(
      /U\+0007.*XML 1\.0 §2\.2/,
    );
  });

  it("writes blank nodes with rdf:nodeID, also for labels that are not NCNames", async () => {
    const quads = [
      q(n("http://example.org/s"), n("http://example.org/p"), blankNode("1abc")),
      q(blankNode("1abc"), n("http://example.org/p"), blankNode("genid-x")),
      q(blankNode("genid-x"), n("http://example.org/p"), l("end")),
    ];
    const xml = writeRdfXml(quads);
    expect(xml).not.toMatch(/rdf:nodeID="1abc"/);
    expectSameGraph(await parseRdfXml(xml), quads);
  });

  describe(needs("rapper", RAPPER, "read back by Raptor"), () => {
    it.skipIf(!RAPPER)("parses the contract graph with rapper as the same graph", () => {
      expectSameGraph(parseWithRapper(writeRdfXml(contractQuads()), "rdfxml"), contractQuads());
    });
  });

  it("writes groups under the namespaces of all of them, a reused group's descriptions renamed when they change", async () => {
    const s = n("http://localhost:3000/id/catalog");
    // No prefix of ours for these: generated ns1, ns2 in the sorted order of the namespaces of every group.
    const datasets = [
      q(s, n("http://c.example/ns#listed"), l("datasett")),
      q(s, n("http://schema.org/name"), l("K")),
    ];
    const before = [q(s, n("http://a.example/ns#view"), n("http://localhost:3000/catalog?page=1"))];
    const after = [q(s, n("http://d.example/ns#view"), n("http://localhost:3000/catalog?page=2"))];
    /** The pieces' text. */
    const writeRdfXmlGroups = (groups: readonly (readonly Quad[])[]) => rdfXmlGroupPieces(groups).join("");
    const first = writeRdfXmlGroups([datasets, before]);
    expect(first).toContain('xmlns:ns2="http://c.example/ns#"');
    expectSameGraph(await parseRdfXml(first), [...datasets, ...before]);
    // The same datasets array (its text is kept for it) beside a group that makes c.example ns1.
    const second = writeRdfXmlGroups([datasets, after]);
    expect(second).toContain('xmlns:ns1="http://c.example/ns#"');
    expectSameGraph(await parseRdfXml(second), [...datasets, ...after]);
    expect(writeRdfXmlGroups([datasets])).toBe(writeRdfXml(datasets));
    expect(writeRdfXmlGroups([[], []])).toBe(writeRdfXml([]));
  });
});
