import type { Quad } from "@rdfjs/types";
import express from "express";
import { DataFactory, Parser } from "n3";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLodRouter } from "../../src/http/router.js";
import { RDF_FORMATS } from "../../src/serialize/formats.js";
import { createSite, type Site } from "../../src/site/site.js";
import { createEmbeddedEngine, type SparqlEngine, siteQuads } from "../../src/sparql/engine.js";
import { parseJsonResults, type ResultTerm } from "../../src/sparql/results.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";
import { startSparqlTrap, type Trap } from "../helpers/trap.js";
import { parseFormat } from "../serialize/parsers.js";

const ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }";

function toTerm(t: ResultTerm | undefined) {
  if (!t) throw new Error("unbound");
  if (t.type === "uri") return DataFactory.namedNode(t.value);
  if (t.type === "bnode") return DataFactory.blankNode(t.value);
  if (t.type === "literal")
    return DataFactory.literal(
      t.value,
      t["xml:lang"] ?? (t.datatype ? DataFactory.namedNode(t.datatype) : undefined),
    );
  throw new Error("triple term");
}

function nquadLines(quads: Iterable<Quad>): string[] {
  const w = (t: Quad["object"] | Quad["graph"]) =>
    t.termType === "Literal" ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
  return [...quads]
    .map((q) => [q.subject, q.predicate, q.object, q.graph].map((t) => w(t as Quad["object"])).join(" "))
    .sort();
}

function app(site: Site, engine: SparqlEngine) {
  const a = express();
  a.use(createLodRouter({ site, sparql: engine }));
  return a;
}

describe("http/sparql", () => {
  let site: Site;
  let engine: SparqlEngine;
  let server: express.Express;
  beforeAll(async () => {
    site = createSite(await seedItems());
    engine = createEmbeddedEngine(siteQuads(site), { baseIri: site.baseIri });
    server = app(site, engine);
  });
  afterAll(() => engine.close());

  describe("results agree with the dump", () => {
    it("returns every quad of /dump.nq, and nothing else, for GRAPH ?g { ?s ?p ?o }", async () => {
      const dump = await request(server).get("/dump.nq").expect(200);
      const expected = new Parser({ format: "application/n-quads" }).parse(dump.text);
      const res = await request(server).get("/sparql").query({ query: ALL_QUADS }).expect(200);
      expect(res.headers["content-type"]).toBe("application/sparql-results+json");
      const result = parseJsonResults(res.text);
      if (result.form !== "SELECT") throw new Error("SELECT");
      const actual = result.solutions.map((s) =>
        DataFactory.quad(toTerm(s.s) as never, toTerm(s.p) as never, toTerm(s.o), toTerm(s.g) as never),
      );
      expect(nquadLines(actual)).toEqual(nquadLines(expected));
    });

    it("constructs the dump's graph from the default graph in every RDF format", async () => {
      const dump = await request(server).get("/dump.nq").expect(200);
      const expected = new Parser({ format: "application/n-quads" }).parse(dump.text);
      for (const f of RDF_FORMATS) {
        const res = await request(server)
          .post("/sparql")
          .set("Content-Type", "application/sparql-query")
          .set("Accept", f.mediaType)
          .send("CONSTRUCT WHERE { ?s ?p ?o }")
          .expect(200);
        expect(res.headers["content-type"]?.split(";")[0]).toBe(f.mediaType);
        expectSameGraph((await parseFormat(f.id, res.text)) ?? [], expected);
      }
    });

    it("describes a thing with the triples about it", async () => {
      const doc = [...site.documents.values()].find((d) => d.kind === "policy-area");
      if (!doc) throw new Error("the seed has a policy area");
      const res = await request(server)
        .get("/sparql")
        .query({ query: `DESCRIBE <${doc.thingIri}>`, format: "nt" })
        .expect(200);
      const quads = new Parser({ format: "application/n-triples" }).parse(res.text);
      expectSameGraph(
        quads,
        site.quads.filter((q) => q.subject.value === doc.thingIri),
      );
    });
  });

  describe("SPARQL 1.1 Protocol", () => {
    const q =
      "SELECT ?doc WHERE { ?doc <http://xmlns.com/foaf/0.1/primaryTopic> ?thing } ORDER BY ?doc LIMIT 2";

    it("answers a form POST and a direct POST as it answers GET", async () => {
      const get = await request(server).get("/sparql").query({ query: q }).expect(200);
      const form = await request(server).post("/sparql").type("form").send({ query: q }).expect(200);
      const direct = await request(server)
        .post("/sparql")
        .set("Content-Type", "application/sparql-query; charset=utf-8")
        .send(q)
        .expect(200);
      expect(parseJsonResults(form.text)).toEqual(parseJsonResults(get.text));
      expect(parseJsonResults(direct.text)).toEqual(parseJsonResults(get.text));
      expect(get.headers.vary).toMatch(/Accept/);
      expect(get.headers["access-control-allow-origin"]).toBe("*");
    });

    it("negotiates SELECT results: JSON, XML, CSV, TSV, application/json; JSON for */*", async () => {
      const cases: [string | undefined, string, RegExp][] = [
        [undefined, "application/sparql-results+json", /"bindings"/],
        ["*/*", "application/sparql-results+json", /"bindings"/],
        ["application/json", "application/sparql-results+json", /"bindings"/],
        [
          "application/sparql-results+xml",
          "application/sparql-results+xml; charset=utf-8",
          /<sparql xmlns="http:\/\/www.w3.org\/2005\/sparql-results#">/,
        ],
        ["text/csv", "text/csv; charset=utf-8", /^doc\r\nhttp:\/\/localhost:3000\/doc\//],
        [
          "text/tab-separated-values",
          "text/tab-separated-values; charset=utf-8",
          /^\?doc\n<http:\/\/localhost:3000\/doc\//,
        ],
        ["text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values; charset=utf-8", /^\?doc/],
      ];
      for (const [accept, type, body] of cases) {
        const r = request(server).get("/sparql").query({ query: q });
        const res = await (accept ? r.set("Accept", accept) : r).expect(200);
        expect(res.headers["content-type"], String(accept)).toBe(type);
        expect(res.text).toMatch(body);
      }
    });

    it("answers ASK as a boolean", async () => {
      const yes = await request(server).get("/sparql").query({ query: "ASK { ?s ?p ?o }" }).expect(200);
      expect(JSON.parse(yes.text)).toEqual({ head: {}, boolean: true });
      const no = await request(server)
        .get("/sparql")
        .query({ query: "ASK { ?s <http://example.org/nope> ?o }", format: "xml" })
        .expect(200);
      expect(no.text).toContain("<boolean>false</boolean>");
    });

    it("uses default-graph-uri and named-graph-uri from the URL of a direct POST", async () => {
      const doc = [...site.documents.values()][0];
      if (!doc) throw new Error("documents");
      const res = await request(server)
        .post(`/sparql?default-graph-uri=${encodeURIComponent(doc.documentIri)}`)
        .set("Content-Type", "application/sparql-query")
        .send("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        .expect(200);
      const r = parseJsonResults(res.text);
      expect(
        r.form === "SELECT" && r.solutions[0]?.n?.type === "literal" && Number(r.solutions[0].n.value),
      ).toBe(doc.quads.length);
    });

    it("answers 406 when no result format is acceptable", async () => {
      await request(server).get("/sparql").query({ query: q }).set("Accept", "text/turtle").expect(406);
      await request(server)
        .get("/sparql")
        .query({ query: "CONSTRUCT WHERE { ?s ?p ?o }" })
        .set("Accept", "text/csv")
        .expect(406);
    });

    it("offers people an HTML form and programs a service description", async () => {
      const html = await request(server)
        .get("/sparql")
        .set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .expect(200);
      expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(html.text).toMatch(/<form method="get" action="http:\/\/localhost:3000\/sparql">/);
      expect(html.text).toMatch(/<textarea id="query" name="query"/);
      const sd = await request(server).get("/sparql").expect(200);
      expect(sd.headers["content-type"]).toBe("text/turtle; charset=utf-8");
      const quads = new Parser({ format: "text/turtle" }).parse(sd.text);
      const SD = "http://www.w3.org/ns/sparql-service-description#";
      expect(
        quads.some(
          (x) => x.subject.value === "http://localhost:3000/sparql" && x.object.value === `${SD}Service`,
        ),
      ).toBe(true);
      expect(quads.filter((x) => x.predicate.value === `${SD}resultFormat`).length).toBeGreaterThanOrEqual(8);
    });
  });

  describe("refusals", () => {
    it("answers a syntax error with 400 and the parser's message", async () => {
      const res = await request(server)
        .get("/sparql")
        .query({ query: "SELECT * WHERE { ?s ?p " })
        .expect(400);
      expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(res.text).toMatch(/Parse error on line 1/);
      expect(res.text).toMatch(/Expecting .*got 'EOF'/);
    });

    it("refuses every kind of update with 403 and changes nothing", async () => {
      const insert = "INSERT DATA { <http://example.org/s> <http://example.org/p> <http://example.org/o> }";
      await request(server).get("/sparql").query({ query: insert }).expect(403);
      await request(server).get("/sparql").query({ update: insert }).expect(403);
      await request(server).post("/sparql").type("form").send({ update: insert }).expect(403);
      await request(server)
        .post("/sparql")
        .type("form")
        .send({ query: "DELETE WHERE { ?s ?p ?o }" })
        .expect(403);
      await request(server)
        .post("/sparql")
        .set("Content-Type", "application/sparql-update")
        .send(insert)
        .expect(403);
      await request(server)
        .post("/sparql")
        .set("Content-Type", "application/sparql-query")
        .send("CLEAR ALL")
        .expect(403);
      const ask = await request(server)
        .get("/sparql")
        .query({ query: "ASK { <http://example.org/s> ?p ?o }" })
        .expect(200);
      expect(JSON.parse(ask.text).boolean).toBe(false);
      const count = await request(server)
        .get("/sparql")
        .query({ query: "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }" })
        .expect(200);
      const r = parseJsonResults(count.text);
      expect(
        r.form === "SELECT" && r.solutions[0]?.n?.type === "literal" && Number(r.solutions[0].n.value),
      ).toBe(siteQuads(site).length);
    });

    it("answers client mistakes in the request with 4xx", async () => {
      await request(server).get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D").expect(400);
      await request(server).post("/sparql").type("form").send({ query: " " }).expect(400);
      await request(server).put("/sparql").send("x").expect(405);
      await request(server).post("/sparql").set("Content-Type", "text/plain").send("ASK {}").expect(415);
      await request(server)
        .post("/sparql")
        .set("Content-Type", "application/sparql-query")
        .send(`ASK { ${"?s ?p ?o . ".repeat(30_000)} }`)
        .expect(413);
    });

    it("answers 422 for a result above the size limit and for a query over the time limit", async () => {
      const limited = createEmbeddedEngine(siteQuads(site), { limits: { maxResults: 10, timeoutMs: 300 } });
      try {
        const a = app(site, limited);
        const big = await request(a).get("/sparql").query({ query: "SELECT * { ?s ?p ?o }" }).expect(422);
        expect(big.text).toMatch(/more than 10 rows/);
        await request(a).get("/sparql").query({ query: "SELECT * { ?s ?p ?o } LIMIT 10" }).expect(200);
        const started = Date.now();
        const slow = await request(a)
          .get("/sparql")
          .query({ query: "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }" })
          .expect(422);
        expect(slow.text).toMatch(/time limit|limit of 300 ms/);
        expect(Date.now() - started).toBeLessThan(2500);
        await request(a).get("/sparql").query({ query: "ASK { ?s ?p ?o }" }).expect(200);
      } finally {
        await limited.close();
      }
    });

    describe("with a SERVICE trap (a local HTTP server)", () => {
      let trap: Trap;
      let url = "";
      beforeAll(async () => {
        trap = await startSparqlTrap();
        url = `${trap.origin}/sparql`;
      });
      afterAll(() => trap.close());

      it("refuses SERVICE with 403 and the trap receives nothing", async () => {
        for (const query of [
          `SELECT * { SERVICE <${url}> { ?s ?p ?o } }`,
          `SELECT * { ?x ?y ?z OPTIONAL { SERVICE SILENT <${url}> { ?s ?p ?o } } }`,
          `CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { SERVICE <${url}> { ?s ?p ?o } } } }`,
        ]) {
          const res = await request(server).get("/sparql").query({ query }).expect(403);
          expect(res.text).toMatch(/SERVICE/);
        }
        await request(server)
          .post("/sparql")
          .set("Content-Type", "application/sparql-query")
          .send(`ASK { SERVICE <${url}> { ?s ?p ?o } }`)
          .expect(403);
        await request(server)
          .get("/sparql")
          .query({ update: `LOAD <${url}>` })
          .expect(403);
        await new Promise((r) => setTimeout(r, 200));
        expect(trap.requests).toEqual([]);
      });
    });
  });
});
