import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, type Site } from "../../src/site/site.js";
import { createEmbeddedEngine, type SparqlEngine, siteQuads } from "../../src/sparql/engine.js";
import { QueryRefusedError, QueryTimeoutError, ResultTooLargeError } from "../../src/sparql/errors.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";
import { startSparqlTrap, type Trap } from "../helpers/trap.js";

const HEAVY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";

function value(result: Awaited<ReturnType<SparqlEngine["query"]>>, v: string): string | undefined {
  const t = result.form === "SELECT" ? result.solutions[0]?.[v] : undefined;
  return t?.type === "literal" ? t.value : undefined;
}

describe("sparql/engine", () => {
  let site: Site;
  let engine: SparqlEngine;
  beforeAll(async () => {
    site = createSite(await seedItems());
    engine = createEmbeddedEngine(siteQuads(site), {
      baseIri: site.baseIri,
      limits: { timeoutMs: 10_000, maxResults: 5000 },
    });
  });
  afterAll(() => engine.close());

  it("answers over the union of every document's graph by default", async () => {
    const distinct = new Set(
      site.quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value} ${q.object.termType}`),
    );
    const r = await engine.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }");
    expect(Number(value(r, "n"))).toBe(distinct.size);
  });

  it("keeps each document in its own named graph, the document IRI", async () => {
    const doc = [...site.documents.values()].find((d) => d.kind === "news");
    if (!doc) throw new Error("the seed has news");
    const r = await engine.query(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${doc.documentIri}> { ?s ?p ?o } }`);
    expect(r.form).toBe("CONSTRUCT");
    if (r.form === "CONSTRUCT") expectSameGraph(r.quads, doc.quads);
    const graphs = await engine.query("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }");
    if (graphs.form !== "SELECT") throw new Error("SELECT");
    expect(graphs.solutions.map((s) => s.g?.value).sort()).toEqual(
      [...site.documents.values()].map((d) => d.documentIri).sort(),
    );
  });

  it("honours FROM and the protocol's default-graph-uri instead of the union", async () => {
    const doc = [...site.documents.values()][0];
    if (!doc) throw new Error("the seed has documents");
    const own = await engine.query(`SELECT (COUNT(*) AS ?n) FROM <${doc.documentIri}> { ?s ?p ?o }`);
    expect(Number(value(own, "n"))).toBe(
      new Set(doc.quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).size,
    );
    const none = await engine.query(
      "SELECT (COUNT(*) AS ?n) FROM <http://example.org/no-such-graph> { ?s ?p ?o }",
    );
    expect(value(none, "n")).toBe("0");
    const viaProtocol = await engine.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", {
      defaultGraphs: [doc.documentIri],
    });
    expect(value(viaProtocol, "n")).toBe(value(own, "n"));
  });

  it("resolves relative IRIs against the site's base IRI", async () => {
    const doc = [...site.documents.values()][0];
    if (!doc) throw new Error("the seed has documents");
    const r = await engine.query(`ASK { GRAPH <doc/${doc.ref}> { ?s ?p ?o } }`);
    expect(r).toEqual({ form: "ASK", boolean: true });
  });

  it("refuses updates and leaves the data as it was", async () => {
    await expect(
      engine.query("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"),
    ).rejects.toBeInstanceOf(QueryRefusedError);
    await expect(engine.query("ASK { <http://e/s> ?p ?o }")).resolves.toEqual({
      form: "ASK",
      boolean: false,
    });
  });

  it("refuses an answer with more rows or triples than the limit", async () => {
    const small = createEmbeddedEngine(siteQuads(site), { limits: { maxResults: 3 } });
    try {
      await expect(small.query("SELECT * { ?s ?p ?o }")).rejects.toBeInstanceOf(ResultTooLargeError);
      await expect(small.query("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2")).resolves.toMatchObject({
        form: "CONSTRUCT",
      });
      await expect(
        small.query("CONSTRUCT { ?x <http://e/p> 1, 2 } WHERE { VALUES ?x { <http://e/1> <http://e/2> } }"),
      ).rejects.toBeInstanceOf(ResultTooLargeError);
      const three = await small.query("SELECT * { ?s ?p ?o } LIMIT 3");
      expect(three.form === "SELECT" && three.solutions.length).toBe(3);
    } finally {
      await small.close();
    }
  });

  it("stops a query at the time limit by terminating its thread, and answers the next query", async () => {
    const limited = createEmbeddedEngine(siteQuads(site), { limits: { timeoutMs: 400 } });
    try {
      await limited.query("ASK {}"); // start the worker, so the limit measures the query only
      const started = Date.now();
      await expect(limited.query(HEAVY)).rejects.toBeInstanceOf(QueryTimeoutError);
      expect(Date.now() - started).toBeLessThan(2000);
      // A thread still counting would burn a whole core; a terminated one burns nothing.
      await new Promise((r) => setTimeout(r, 150));
      const before = process.cpuUsage();
      await new Promise((r) => setTimeout(r, 1000));
      const used = process.cpuUsage(before);
      expect((used.user + used.system) / 1000).toBeLessThan(500);
      await expect(limited.query("ASK { ?s ?p ?o }")).resolves.toEqual({ form: "ASK", boolean: true });
    } finally {
      await limited.close();
    }
  });

  it("turns away queries after close", async () => {
    const e = createEmbeddedEngine(siteQuads(site));
    await e.close();
    await expect(e.query("ASK {}")).rejects.toThrow(/closed/);
  });

  describe("with a SERVICE trap (a local HTTP server)", () => {
    let trap: Trap;
    let url = "";
    beforeAll(async () => {
      trap = await startSparqlTrap();
      url = `${trap.origin}/sparql`;
    });
    afterAll(() => trap.close());

    it("refuses SERVICE, LOAD and remote FROM without a single request reaching the trap", async () => {
      for (const q of [
        `SELECT * { SERVICE <${url}> { ?s ?p ?o } }`,
        `SELECT * { SERVICE SILENT <${url}> { ?s ?p ?o } }`,
        `ASK { FILTER EXISTS { SERVICE <${url}> { ?s ?p ?o } } }`,
        `SELECT * { VALUES ?e { <${url}> } SERVICE ?e { ?s ?p ?o } }`,
        `LOAD <${url}>`,
      ])
        await expect(engine.query(q)).rejects.toBeInstanceOf(QueryRefusedError);
      // FROM names a graph of the store; it is never fetched.
      await expect(engine.query(`ASK FROM <${url}> { ?s ?p ?o }`)).resolves.toEqual({
        form: "ASK",
        boolean: false,
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(trap.requests).toEqual([]);
    });
  });
});

describe("sparql/engine idle workers", () => {
  it("stops an idle worker and starts a new one for the next query", async () => {
    const site = createSite(await seedItems());
    const e = createEmbeddedEngine(siteQuads(site), { idleMs: 50 });
    try {
      await expect(e.query("ASK { ?s ?p ?o }")).resolves.toEqual({ form: "ASK", boolean: true });
      await new Promise((r) => setTimeout(r, 300));
      await expect(e.query("ASK { ?s ?p ?o }")).resolves.toEqual({ form: "ASK", boolean: true });
    } finally {
      await e.close();
    }
  });
});
