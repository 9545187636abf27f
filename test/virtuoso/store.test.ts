import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeClients } from "../../src/cli/commands/push.js";
import { startStoreServer } from "../../src/cli/commands/serve-store.js";
import { runCli } from "../../src/cli/program.js";
import { createLodRouter } from "../../src/http/router.js";
import type { ContentItem } from "../../src/model/index.js";
import { DEFAULT_FORMATS } from "../../src/serialize/formats.js";
import { createSite, type Site } from "../../src/site/site.js";
import { parseJsonResults } from "../../src/sparql/results.js";
import { createAuthFetch } from "../../src/store/auth.js";
import { createGraphStoreClient, createSparqlClient } from "../../src/store/clients.js";
import { readManifest } from "../../src/store/manifest.js";
import { pushSite } from "../../src/store/push.js";
import { createSiteSwitch, createStoreEngine, createStoreSource } from "../../src/store/source.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { quadsOfficial } from "../helpers/schema-org.js";
import { DATA_DIR, seedItems } from "../helpers/seed.js";
import { hasProgram, needs } from "../helpers/system.js";
import { parseFormat } from "../serialize/parsers.js";
import { startVirtuoso, type VirtuosoInstance } from "./server.js";

// `virtuoso-t -?` prints its usage and exits 1; only a missing program is "not installed".
const available = hasProgram("virtuoso-t", ["-?"]);
const NEWS = "news/kommunal-kompensasjonsordning-for-lokale-virksomheter";

/** The graph of a variant; for HTML, of its embedded JSON-LD (schema.org context from the official file). */
async function graphOf(id: string, text: string) {
  if (id !== "html") return (await parseFormat(id, text)) ?? [];
  const blocks = [...text.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  const out = [];
  for (const b of blocks) out.push(...(await quadsOfficial(JSON.parse(b[1] as string))));
  return out;
}

function memoryApp(site: Site) {
  return express().use(createLodRouter({ site, sparql: false, compress: false }));
}

async function variantsOf(app: express.Express, site: Site): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const doc of site.documents.values()) {
    for (const f of DEFAULT_FORMATS) {
      const res = await request(app).get(`/doc/${doc.ref}.${f.id}`).expect(200);
      out.set(`${doc.ref}.${f.id}`, res.text);
    }
  }
  return out;
}

describe.skipIf(!available)(needs("virtuoso-t", available, "store (against Virtuoso Open Source)"), () => {
  let virtuoso: VirtuosoInstance;
  let items: ContentItem[];
  let site: Site;
  const clients = () => {
    const authFetch = createAuthFetch(virtuoso.credentials);
    return {
      sparql: createSparqlClient(virtuoso.sparql),
      store: createGraphStoreClient(virtuoso.store, authFetch),
    };
  };

  beforeAll(async () => {
    virtuoso = await startVirtuoso();
    items = await seedItems();
    site = createSite(items);
  }, 120_000);
  afterAll(async () => {
    await virtuoso?.stop();
  }, 60_000);

  it("pushes the seed site: one named graph per document, and a manifest", async () => {
    const report = await pushSite(site, clients());
    expect(report.written).toEqual([...site.documents.values()].map((d) => d.documentIri).sort());
    expect(report.unchanged).toEqual([]);
    const manifest = await readManifest(clients().sparql, site.baseIri);
    expect([...manifest.graphs.keys()].sort()).toEqual(report.written);
    for (const doc of site.documents.values()) {
      const stored = await clients().store.get(doc.documentIri);
      expectSameGraph(stored ?? [], doc.quads);
    }
  });

  it("serves every document's variants from Virtuoso as the same graphs as from memory", async () => {
    const { sparql, store } = clients();
    const source = createStoreSource({ sparql, store, baseIri: site.baseIri });
    const fromStore = express().use(
      createSiteSwitch(source, (s) => createLodRouter({ site: s, sparql: false, compress: false })),
    );
    const expected = await variantsOf(memoryApp(site), site);
    const actual = await variantsOf(fromStore, site);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [key, text] of expected) {
      const id = key.slice(key.lastIndexOf(".") + 1);
      const e = await graphOf(id, text);
      expect(e.length, key).toBeGreaterThan(0);
      expectSameGraph(await graphOf(id, actual.get(key) as string), e);
    }
  }, 120_000);

  it("answers /sparql from Virtuoso like the embedded engine, over the site's graphs only", async () => {
    const { sparql, store } = clients();
    const source = createStoreSource({ sparql, store, baseIri: site.baseIri });
    const engine = createStoreEngine({ sparql, baseIri: site.baseIri, graphs: () => source.graphs() });
    const errors: unknown[] = [];
    const app = express().use(
      createSiteSwitch(source, (s) =>
        createLodRouter({ site: s, sparql: engine, compress: false, onError: (e) => void errors.push(e) }),
      ),
    );
    const memory = express().use(createLodRouter({ site, compress: false }));
    const q =
      "SELECT DISTINCT ?doc ?thing WHERE { GRAPH ?doc { ?doc <http://xmlns.com/foaf/0.1/primaryTopic> ?thing } } ORDER BY ?doc";
    const answer = await request(app).get("/sparql").query({ query: q });
    expect(errors.map(String)).toEqual([]);
    expect(answer.status).toBe(200);
    const a = parseJsonResults(answer.text);
    const m = parseJsonResults((await request(memory).get("/sparql").query({ query: q }).expect(200)).text);
    expect(a).toEqual(m);
    const construct = await request(app)
      .get("/sparql")
      .query({ query: "CONSTRUCT WHERE { ?s ?p ?o }", format: "nt" })
      .expect(200);
    expectSameGraph((await parseFormat("nt", construct.text)) ?? [], site.quads);
    await request(app).get("/sparql").query({ query: "DROP ALL" }).expect(403);
    await request(app)
      .get("/sparql")
      .query({ query: "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }" })
      .expect(403);
  }, 60_000);

  it("rewrites only the changed graphs on a second push, deletes removed ones, and the cache follows", async () => {
    const { sparql, store } = clients();
    const source = createStoreSource({ sparql, store, baseIri: site.baseIri });
    const app = express().use(
      createSiteSwitch(source, (s) => createLodRouter({ site: s, sparql: false, compress: false })),
    );
    await request(app).get(`/doc/${NEWS}.ttl`).expect(200);
    const fetchedBefore = source.fetchedGraphs;

    const again = await pushSite(site, { sparql, store });
    expect(again.written).toEqual([]);
    expect(again.deleted).toEqual([]);
    expect(again.unchanged.length).toBe(site.documents.size);

    const changedItems = items
      .filter((i) => !(i.type === "NewsItem" && i.slug === "regionale-utviklingstrekk-2021"))
      .map((i) =>
        i.type === "NewsItem" && i.slug === NEWS.split("/")[1] ? { ...i, title: { nb: "Ny tittel" } } : i,
      );
    const changed = createSite(changedItems);
    const news = changed.documents.get(NEWS);
    const removed = site.documents.get("news/regionale-utviklingstrekk-2021");
    if (!news || !removed) throw new Error("the seed has both news items");
    const report = await pushSite(changed, { sparql, store });
    expect(report.written).toEqual([news.documentIri]);
    expect(report.deleted).toEqual([removed.documentIri]);
    expect(report.unchanged.length).toBe(changed.documents.size - 1);
    expect(await store.get(removed.documentIri)).toBeUndefined();

    // The store-backed router sees the change on the next request, fetching only the changed graph.
    const ttl = await request(app).get(`/doc/${NEWS}.ttl`).expect(200);
    expectSameGraph((await parseFormat("ttl", ttl.text)) ?? [], news.quads);
    expect(ttl.text).toContain("Ny tittel");
    await request(app).get("/doc/news/regionale-utviklingstrekk-2021").expect(404);
    expect(source.fetchedGraphs - fetchedBefore).toBe(1);
  }, 120_000);

  it("govlod push and govlod serve --sparql --store work against Virtuoso", async () => {
    const base = "http://data.example.gov/";
    const out: string[] = [];
    const io = {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => out.push(t) },
      env: { GOVLOD_STORE_USER: "dba", GOVLOD_STORE_PASSWORD: "dba", BASE_IRI: base },
      isTTY: false,
    };
    const argv = ["push", DATA_DIR, "--sparql", virtuoso.sparql, "--store", virtuoso.store];
    expect(await runCli(argv, io)).toBe(0);
    expect(out.join("")).toMatch(new RegExp(`${site.documents.size} written, 0 unchanged, 0 deleted`));
    out.length = 0;
    expect(await runCli(argv, io)).toBe(0);
    expect(out.join("")).toMatch(new RegExp(`0 written, ${site.documents.size} unchanged, 0 deleted`));
    // Nothing changed, so only --force writes, and a wrong password is an I/O error (exit 2) naming the status.
    out.length = 0;
    expect(
      await runCli([...argv, "--force"], { ...io, env: { ...io.env, GOVLOD_STORE_PASSWORD: "wrong" } }),
    ).toBe(2);
    expect(out.join("")).toMatch(/HTTP 401/);

    const running = await startStoreServer(
      storeClients({ sparql: virtuoso.sparql, store: virtuoso.store }, io.env),
      {
        port: 0,
        host: "127.0.0.1",
        baseIri: base,
        log: () => {},
      },
    );
    try {
      const doc = await fetch(`${running.url}doc/${NEWS}`, { headers: { Accept: "text/turtle" } });
      expect(doc.status).toBe(200);
      expect(await doc.text()).toContain(`<${base}id/${NEWS}>`);
      const ask = await fetch(
        `${running.url}sparql?query=${encodeURIComponent(`ASK { <${base}id/${NEWS}> ?p ?o }`)}`,
      );
      expect(await ask.json()).toEqual({ head: {}, boolean: true });
    } finally {
      await running.close();
    }
  }, 120_000);
});
