import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import type { Quad } from "@rdfjs/types";
import express, { type Express } from "express";
import { Parser } from "n3";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { createLodRouter, type LodRouterOptions } from "../../src/http/router.js";
import type { ContentItem } from "../../src/model/index.js";
import { catalogView } from "../../src/serialize/catalog-page.js";
import { DEFAULT_FORMATS, RDF_FORMATS } from "../../src/serialize/formats.js";
import { catalogQuads, createSite, type Site } from "../../src/site/site.js";
import { expectIsomorphic, expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";
import { hasProgram, needs } from "../helpers/system.js";
import { parseFormat, parseRdfXml, parseWithRapper } from "../serialize/parsers.js";

const RAPPER = hasProgram("rapper");
const BASE = "https://data.example.gov/lod/";
const NEWS = "news/regionale-utviklingstrekk-2021";
const RDF_IDS = RDF_FORMATS.map((f) => f.id);
const HYDRA = "http://www.w3.org/ns/hydra/core#";
const VOID = "http://rdfs.org/ns/void#";

/** The Hydra paging controls of a catalog page: the view's types, counts and links, and the catalog's hydra:view. */
function hydraOf(quads: readonly Quad[]): Quad[] {
  return quads.filter((q) => q.predicate.value.startsWith(HYDRA) || q.object.value.startsWith(HYDRA));
}

/** A bare Express app with the router mounted under /lod, as behind a proxy that strips nothing. */
function appFor(site: Site, options: Partial<LodRouterOptions> = {}): Express {
  const app = express();
  app.use("/lod", createLodRouter({ site, ...options }));
  app.get("/hello", (_req, res) => {
    res.send("app route");
  });
  return app;
}

/** GET without supertest's default Accept-Encoding, to see what a client that asks for nothing gets. */
function rawGet(
  app: Express,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return rawRequest(app, "GET", path, headers);
}

/** A request with exactly the given headers (no Accept-Encoding unless given), its body undecoded. */
function rawRequest(
  app: Express,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: "127.0.0.1", port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          server.close();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.on("error", (e) => {
        server.close();
        reject(e);
      });
      req.end();
    });
  });
}

describe("http/router", () => {
  let items: ContentItem[];
  let site: Site;
  let app: Express;
  beforeAll(async () => {
    items = await seedItems();
    site = createSite(items, { baseIri: BASE });
    app = appFor(site);
  });
  const docOf = (ref: string) => site.documents.get(ref) ?? expect.unreachable(`no ${ref}`);

  describe("GET /id/{kind}/{slug}", () => {
    it("answers 303 with the absolute document IRI from the base IRI, whatever the Host", async () => {
      const res = await request(app).get(`/lod/id/${NEWS}`).set("Host", "internal-node-7:8080");
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${BASE}doc/${NEWS}`);
      expect(res.headers["access-control-allow-origin"]).toBe("*");
    });
    it("answers 404 for an unknown thing", async () => {
      expect((await request(app).get("/lod/id/news/no-such-news")).status).toBe(404);
      expect((await request(app).get(`/lod/id/${NEWS}.ttl`)).status).toBe(404);
    });
  });

  describe("GET /doc/{kind}/{slug}", () => {
    it("answers Turtle without Accept, with Vary, Content-Location, Link, ETag, Last-Modified, Cache-Control and CORS", async () => {
      const res = await request(app).get(`/lod/doc/${NEWS}`);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/turtle; charset=utf-8");
      expect(res.headers.vary).toMatch(/^Accept\b/);
      expect(res.headers["content-location"]).toBe(`${BASE}doc/${NEWS}.ttl`);
      const links = String(res.headers.link).split(", ");
      expect(links).toHaveLength(DEFAULT_FORMATS.length - 1);
      for (const f of DEFAULT_FORMATS.filter((f) => f.id !== "ttl"))
        expect(
          links.some((l) =>
            l.startsWith(`<${BASE}doc/${NEWS}.${f.id}>; rel="alternate"; type="${f.mediaType}"`),
          ),
        ).toBe(true);
      expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}(?:-gzip|-br|-deflate)?"$/);
      expect(res.headers["last-modified"]).toBe("Tue, 04 May 2021 22:00:00 GMT");
      expect(res.headers["cache-control"]).toBe("public, max-age=300");
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      expectSameGraph(new Parser().parse(res.text), docOf(NEWS).quads);
    });

    it.each([
      ["*/*", "text/turtle; charset=utf-8", "ttl"],
      ["application/ld+json", "application/ld+json", "jsonld"],
      ["application/json", "application/ld+json", "jsonld"],
      ["text/n3", "text/turtle; charset=utf-8", "ttl"],
      ["application/trig", "text/turtle; charset=utf-8", "ttl"],
      ["application/n-triples", "application/n-triples; charset=utf-8", "nt"],
      ["application/n-quads", "application/n-quads; charset=utf-8", "nq"],
      ["application/rdf+xml", "application/rdf+xml; charset=utf-8", "rdf"],
      ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8", "html"],
      ["text/turtle;q=0.5, application/rdf+xml", "application/rdf+xml; charset=utf-8", "rdf"],
    ])("negotiates Accept: %s -> %s", async (accept, contentType, ext) => {
      const res = await request(app).get(`/lod/doc/${NEWS}`).set("Accept", accept).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe(contentType);
      expect(res.headers["content-location"]).toBe(`${BASE}doc/${NEWS}.${ext}`);
      expect(res.headers.vary).toContain("Accept");
      if (ext === "html") expect(res.headers.vary).toContain("Accept-Language");
    });

    it("serves every variant of every seed document, parsed back as the document's graph", async () => {
      for (const d of site.documents.values()) {
        for (const id of RDF_IDS) {
          const res = await request(app)
            .get(`/lod/doc/${d.ref}.${id}`)
            .buffer(true)
            .parse((r, cb) => {
              const chunks: Buffer[] = [];
              r.on("data", (c: Buffer) => chunks.push(c));
              r.on("end", () => cb(null, Buffer.concat(chunks).toString("utf8")));
            });
          expect(res.status, `${d.ref}.${id}`).toBe(200);
          expect(res.headers["content-location"]).toBeUndefined();
          expectSameGraph((await parseFormat(id, res.body as string)) ?? [], d.quads);
        }
        const html = await request(app).get(`/lod/doc/${d.ref}.html`);
        expect(html.status).toBe(200);
        expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
      }
    });

    it("lets the extension and ?format= win over Accept", async () => {
      const ext = await request(app).get(`/lod/doc/${NEWS}.nt`).set("Accept", "text/html");
      expect(ext.headers["content-type"]).toBe("application/n-triples; charset=utf-8");
      const param = await request(app).get(`/lod/doc/${NEWS}?format=jsonld`).set("Accept", "text/turtle");
      expect(param.headers["content-type"]).toBe("application/ld+json");
      expect(param.headers["content-location"]).toBe(`${BASE}doc/${NEWS}.jsonld`);
      expect(param.headers.vary).toContain("Accept");
      expect((await request(app).get(`/lod/doc/${NEWS}?format=RDF`)).headers["content-type"]).toBe(
        "application/rdf+xml; charset=utf-8",
      );
    });

    it("gives each variant its own strong ETag", async () => {
      const tags = new Set<string>();
      for (const f of DEFAULT_FORMATS)
        tags.add(String((await rawGet(app, `/lod/doc/${NEWS}.${f.id}`)).headers.etag));
      expect(tags.size).toBe(DEFAULT_FORMATS.length);
      for (const t of tags) expect(t).toMatch(/^"[^"]+"$/);
    });

    it("answers 406 listing the media types and URLs of every variant", async () => {
      const res = await request(app).get(`/lod/doc/${NEWS}`).set("Accept", "image/png, application/pdf");
      expect(res.status).toBe(406);
      expect(res.headers.vary).toContain("Accept");
      expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
      for (const f of DEFAULT_FORMATS)
        expect(res.text).toMatch(
          new RegExp(
            `^${f.mediaType.replace(/[+.]/g, "\\$&")}(?: \\(nb\\))? ${BASE}doc/${NEWS}\\.${f.id}$`,
            "m",
          ),
        );
      const unknown = await request(app).get(`/lod/doc/${NEWS}?format=xlsx`);
      expect(unknown.status).toBe(406);
      expect(unknown.text).toContain('Unknown format "xlsx"');
      expect(unknown.text).toContain(`${BASE}doc/${NEWS}.rdf`);
    });

    it("answers 404 in the negotiated format: HTML for browsers, plain text otherwise", async () => {
      const html = await request(app).get("/lod/doc/news/no-such-news").set("Accept", "text/html,*/*;q=0.8");
      expect(html.status).toBe(404);
      expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(html.text).toContain("<h1>404 Not Found</h1>");
      expect(html.text).toContain(`${BASE}doc/news/no-such-news`);
      const text = await request(app).get("/lod/doc/news/no-such-news").set("Accept", "text/turtle");
      expect(text.status).toBe(404);
      expect(text.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(text.headers.vary).toContain("Accept");
      for (const path of [
        `/lod/doc/${NEWS}.xlsx`,
        `/lod/doc/${NEWS}/`,
        "/lod/doc/news",
        `/lod/DOC/${NEWS}`,
        "/lod/catalog.pdf",
      ])
        expect((await request(app).get(path)).status, path).toBe(404);
    });

    it("answers HEAD like GET without a body", async () => {
      const get = await rawGet(app, `/lod/doc/${NEWS}`, { Accept: "application/rdf+xml" });
      const head = await request(app).head(`/lod/doc/${NEWS}`).set("Accept", "application/rdf+xml");
      expect(head.status).toBe(200);
      expect(head.text ?? "").toBe("");
      for (const h of [
        "content-type",
        "etag",
        "last-modified",
        "content-location",
        "link",
        "vary",
        "cache-control",
      ])
        expect(head.headers[h], h).toBe(get.headers[h]);
      expect(head.headers["content-length"]).toBe(String(get.body.byteLength));
    });
  });

  describe("conditional requests", () => {
    it("answers 304 for a matching If-None-Match (strong, weak, list or *), 200 otherwise", async () => {
      const first = await rawGet(app, `/lod/doc/${NEWS}`);
      const etag = String(first.headers.etag);
      // Without Accept-Encoding, as the tag was got: a 304 carries the tag its 200 would (see compression).
      for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
        const res = await rawGet(app, `/lod/doc/${NEWS}`, { "If-None-Match": inm });
        expect(res.status, inm).toBe(304);
        expect(res.headers.etag).toBe(etag);
        expect(res.headers.vary).toContain("Accept");
        expect(res.headers["content-location"]).toBe(`${BASE}doc/${NEWS}.ttl`);
        expect(res.body.byteLength).toBe(0);
      }
      expect((await request(app).get(`/lod/doc/${NEWS}`).set("If-None-Match", '"stale"')).status).toBe(200);
      // The Turtle tag does not validate the JSON-LD variant.
      expect((await request(app).get(`/lod/doc/${NEWS}.jsonld`).set("If-None-Match", etag)).status).toBe(200);
    });

    it("answers 304 for If-Modified-Since at or after Last-Modified, and ignores it beside If-None-Match", async () => {
      const url = `/lod/doc/${NEWS}`;
      expect(
        (await request(app).get(url).set("If-Modified-Since", "Tue, 04 May 2021 22:00:00 GMT")).status,
      ).toBe(304);
      expect(
        (await request(app).get(url).set("If-Modified-Since", "Wed, 05 May 2021 10:00:00 GMT")).status,
      ).toBe(304);
      expect(
        (await request(app).get(url).set("If-Modified-Since", "Mon, 03 May 2021 22:00:00 GMT")).status,
      ).toBe(200);
      expect((await request(app).get(url).set("If-Modified-Since", "not a date")).status).toBe(200);
      const res = await request(app)
        .get(url)
        .set("If-None-Match", '"stale"')
        .set("If-Modified-Since", "Wed, 05 May 2099 10:00:00 GMT");
      expect(res.status).toBe(200);
    });

    it("never sends a Last-Modified later than now", async () => {
      const clocked = appFor(site, { now: () => new Date("2021-05-01T00:00:00Z") });
      const res = await request(clocked).get(`/lod/doc/${NEWS}`);
      expect(res.headers["last-modified"]).toBe("Sat, 01 May 2021 00:00:00 GMT");
    });
  });

  describe("compression", () => {
    it("never sends Content-Encoding to a client that did not ask (the catalog included)", async () => {
      for (const path of ["/lod/catalog", "/lod/catalog.rdf", "/lod/dump.nq", `/lod/doc/${NEWS}`]) {
        const res = await rawGet(app, path);
        expect(res.status).toBe(200);
        expect(res.headers["content-encoding"], path).toBeUndefined();
        expect(res.headers["content-length"]).toBe(String(res.body.byteLength));
      }
      const identity = await rawGet(app, "/lod/catalog", { "Accept-Encoding": "identity" });
      expect(identity.headers["content-encoding"]).toBeUndefined();
    });

    it("compresses when asked, with an ETag naming the coding that still validates", async () => {
      const plain = await rawGet(app, "/lod/dump.nq");
      const gz = await rawGet(app, "/lod/dump.nq", { "Accept-Encoding": "gzip" });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(gz.headers.vary).toContain("Accept-Encoding");
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
      expect(gz.headers.etag).toBe(String(plain.headers.etag).replace(/"$/, '-gzip"'));
      const again = await rawGet(app, "/lod/dump.nq", {
        "Accept-Encoding": "gzip",
        "If-None-Match": String(gz.headers.etag),
      });
      expect(again.status).toBe(304);
    });

    it("answers HEAD with the header fields GET sends, compressed or not (RFC 9110 §9.3.2)", async () => {
      const paths = [
        "/lod/catalog",
        "/lod/catalog.rdf",
        "/lod/catalog?page=1&pageSize=2",
        "/lod/dump.nq",
        "/lod/.well-known/void",
        "/lod/sitemap.xml",
        `/lod/doc/${NEWS}`,
      ];
      const fields = [
        "content-type",
        "content-encoding",
        "content-length",
        "etag",
        "vary",
        "content-location",
        "link",
        "cache-control",
        "last-modified",
        "access-control-allow-origin",
      ];
      for (const coding of [undefined, "gzip", "br", "deflate", "gzip;q=0.5, identity", "*"])
        for (const path of paths) {
          const headers: Record<string, string> = coding === undefined ? {} : { "Accept-Encoding": coding };
          const get = await rawRequest(app, "GET", path, headers);
          const head = await rawRequest(app, "HEAD", path, headers);
          expect(head.status).toBe(200);
          expect(head.body.byteLength).toBe(0);
          for (const h of fields)
            expect(head.headers[h], `${h} of ${path} for ${coding}`).toBe(get.headers[h]);
        }
      const gz = await rawRequest(app, "HEAD", "/lod/catalog", { "Accept-Encoding": "gzip" });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(gz.headers.etag).toMatch(/-gzip"$/);
    });

    it("answers a 304 for a compressed variant with the ETag its 200 would carry (RFC 9110 §15.4.5)", async () => {
      for (const coding of ["gzip", "br"]) {
        const ok = await rawGet(app, "/lod/catalog", { "Accept-Encoding": coding });
        expect(ok.headers["content-encoding"]).toBe(coding);
        const etag = String(ok.headers.etag);
        expect(etag).toMatch(new RegExp(`-${coding}"$`));
        for (const method of ["GET", "HEAD"]) {
          const again = await rawRequest(app, method, "/lod/catalog", {
            "Accept-Encoding": coding,
            "If-None-Match": etag,
          });
          expect(again.status, `${method} ${coding}`).toBe(304);
          expect(again.headers.etag).toBe(etag);
          expect(again.headers.vary).toBe("Accept, Accept-Encoding");
          expect(again.headers["content-location"]).toBe(`${BASE}catalog.ttl`);
        }
        const sinceThen = await rawGet(app, "/lod/catalog", {
          "Accept-Encoding": coding,
          "If-Modified-Since": String(ok.headers["last-modified"]),
        });
        expect(sinceThen.status).toBe(304);
        expect(sinceThen.headers.etag).toBe(etag);
      }
      // A client that asks for no coding gets the identity tag on its 304, as on its 200.
      const plain = await rawGet(app, "/lod/catalog");
      const notModified = await rawGet(app, "/lod/catalog", { "If-None-Match": String(plain.headers.etag) });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.etag).toBe(plain.headers.etag);
    });

    it("can be switched off", async () => {
      const res = await rawGet(appFor(site, { compress: false }), "/lod/dump.nq", {
        "Accept-Encoding": "gzip",
      });
      expect(res.headers["content-encoding"]).toBeUndefined();
    });
  });

  describe("CORS and methods", () => {
    it("answers preflight for GET and HEAD, and refuses writes with 405", async () => {
      const pre = await request(app)
        .options(`/lod/doc/${NEWS}`)
        .set("Origin", "https://x.example")
        .set("Access-Control-Request-Method", "GET");
      expect(pre.status).toBe(204);
      expect(pre.headers["access-control-allow-origin"]).toBe("*");
      expect(pre.headers["access-control-allow-methods"]).toBe("GET, HEAD");
      expect(pre.headers["access-control-allow-headers"]).toContain("If-None-Match");
      const post = await request(app).post(`/lod/doc/${NEWS}`).send("x");
      expect(post.status).toBe(405);
      expect(post.headers.allow).toBe("GET, HEAD, OPTIONS");
      expect(post.headers["access-control-allow-origin"]).toBeUndefined();
      expect((await request(app).delete("/lod/catalog")).status).toBe(405);
    });
  });

  describe("GET /catalog", () => {
    it("serves the whole catalog, unpaged, in every format", async () => {
      for (const f of DEFAULT_FORMATS) {
        const res = await request(app)
          .get("/lod/catalog")
          .set("Accept", f.mediaType)
          .buffer(true)
          .parse((r, cb) => {
            const chunks: Buffer[] = [];
            r.on("data", (c: Buffer) => chunks.push(c));
            r.on("end", () => cb(null, Buffer.concat(chunks).toString("utf8")));
          });
        expect(res.status).toBe(200);
        expect(res.headers["content-location"]).toBe(`${BASE}catalog.${f.id}`);
        if (f.id !== "html")
          expectSameGraph((await parseFormat(f.id, res.body as string)) ?? [], catalogQuads(site));
      }
      expect((await request(app).get("/lod/catalog.ttl")).headers["content-type"]).toBe(
        "text/turtle; charset=utf-8",
      );
    });

    it("serves Hydra pages with absolute links, and modified_since views", async () => {
      const res = await request(app).get("/lod/catalog?page=1&pageSize=2");
      expect(res.status).toBe(200);
      expect(res.headers["content-location"]).toBe(`${BASE}catalog.ttl?page=1&pageSize=2`);
      const quads = new Parser().parse(res.text);
      const next = quads.find((q) => q.predicate.value === "http://www.w3.org/ns/hydra/core#next");
      expect(next?.object.value).toBe(`${BASE}catalog?page=2&pageSize=2`);
      expect(quads.some((q) => q.predicate.value === "http://www.w3.org/ns/hydra/core#totalItems")).toBe(
        true,
      );
      const fixed = await request(app).get("/lod/catalog.jsonld?page=2&pageSize=2");
      expect(fixed.headers["content-type"]).toBe("application/ld+json");
      expect(fixed.text).toContain(`${BASE}catalog.jsonld?page=3&pageSize=2`);
      expect((await request(app).get("/lod/catalog?modified_since=2021-01-01")).status).toBe(200);
    });

    it("keeps a page's ?format= in its Hydra links, in the extension form its Content-Location has", async () => {
      const { totalItems, lastPage } = catalogView(site, { page: 1, pageSize: 2 });
      expect(lastPage).toBeGreaterThanOrEqual(3);
      const catalog = [...site.documents.values()].find((d) => d.item.type === "Catalog")?.thingIri;
      const page = (n: number) => `${BASE}catalog.rdf?page=${n}&pageSize=2`;
      const res = await request(app).get("/lod/catalog?format=rdf&page=2&pageSize=2").set("Accept", "*/*");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/rdf\+xml/);
      expect(res.headers["content-location"]).toBe(page(2));
      const quads = await parseRdfXml(res.text);
      expectIsomorphic(
        hydraOf(quads),
        `@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
        <${catalog}> hydra:view <${page(2)}> .
        <${page(2)}> a hydra:PartialCollectionView, hydra:PagedCollection ;
          hydra:totalItems ${totalItems} ; hydra:itemsPerPage 2 ;
          hydra:first <${page(1)}> ; hydra:firstPage "${page(1)}" ;
          hydra:last <${page(lastPage)}> ; hydra:lastPage "${page(lastPage)}" ;
          hydra:previous <${page(1)}> ; hydra:previousPage "${page(1)}" ;
          hydra:next <${page(3)}> ; hydra:nextPage "${page(3)}" .`,
      );
      // The same page as by extension, and a harvester that follows hydra:next with */* stays in RDF/XML.
      const byExtension = await request(app).get("/lod/catalog.rdf?page=2&pageSize=2");
      expectSameGraph(quads, await parseRdfXml(byExtension.text));
      const next = await request(app)
        .get(`/lod/${page(3).slice(BASE.length)}`)
        .set("Accept", "*/*");
      expect(next.status).toBe(200);
      expect(next.headers["content-type"]).toMatch(/^application\/rdf\+xml/);
      // modified_since is carried, as in every other form.
      const since = await request(app).get(
        "/lod/catalog?page=1&pageSize=2&modified_since=2000-01-01&format=text/turtle",
      );
      expect(since.headers["content-type"]).toBe("text/turtle; charset=utf-8");
      const sinceNext = new Parser().parse(since.text).find((q) => q.predicate.value === `${HYDRA}next`)
        ?.object.value;
      expect(sinceNext).toBe(
        `${BASE}catalog.ttl?page=2&pageSize=2&modified_since=2000-01-01T00%3A00%3A00.000Z`,
      );
      // The negotiated form keeps negotiated links.
      const negotiated = await request(app)
        .get("/lod/catalog?page=1&pageSize=2")
        .set("Accept", "application/rdf+xml");
      const negotiatedNext = (await parseRdfXml(negotiated.text)).find(
        (q) => q.predicate.value === `${HYDRA}next`,
      );
      expect(negotiatedNext?.object.value).toBe(`${BASE}catalog?page=2&pageSize=2`);
    });

    it("serves a page of the catalog in one HTML language at its Content-Location, linking to that language's pages", async () => {
      const catalogItem = items.find((i) => i.type === "Catalog") as ContentItem & {
        title: Record<string, string>;
      };
      const english = {
        ...catalogItem,
        title: { ...catalogItem.title, en: "Regional policy" },
      } as ContentItem;
      const a = appFor(createSite([english, ...items.filter((i) => i !== catalogItem)], { baseIri: BASE }));
      const page = (n: number) => `${BASE}catalog.en.html?page=${n}&pageSize=2`;
      const byParam = await request(a)
        .get("/lod/catalog?format=html&page=1&pageSize=2")
        .set("Accept-Language", "en");
      expect(byParam.headers["content-location"]).toBe(page(1));
      expect(byParam.text).toMatch(/<html[^>]* lang="en"/);
      // That URL is the page (not the whole catalog), and links on in English.
      const second = await request(a).get(`/lod/${page(2).slice(BASE.length)}`);
      expect(second.status).toBe(200);
      expect(second.text).toMatch(/<html[^>]* lang="en"/);
      const link = (name: string, n: number) =>
        `<dt>hydra:${name}</dt><dd><a class="iri" href="${page(n).replace("&", "&amp;")}">`;
      expect(second.text).toContain(link("next", 3));
      expect(second.text).toContain(link("previous", 1));
      expect((await request(a).get("/lod/catalog.fr.html?page=1")).status).toBe(404);
    });

    it("answers 400 for malformed paging parameters and 404 after the last page", async () => {
      for (const q of ["page=0", "page=abc", "pageSize=-3", "page=1&page=2", "modified_since=soon"]) {
        const res = await request(app).get(`/lod/catalog?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.text).toMatch(/Query parameter/);
      }
      expect((await request(app).get("/lod/catalog?page=9999&pageSize=1")).status).toBe(404);
    });
  });

  describe("whole-site resources", () => {
    it("serves the dumps", async () => {
      const nq = await request(app).get("/lod/dump.nq");
      expect(nq.headers["content-type"]).toBe("application/n-quads; charset=utf-8");
      const quads = new Parser({ format: "application/n-quads" }).parse(nq.text);
      expect(new Set(quads.map((q) => q.graph.value))).toEqual(
        new Set([...site.documents.values()].map((d) => d.documentIri)),
      );
      const ttl = await request(app).get("/lod/dump.ttl");
      expect(ttl.headers["content-type"]).toBe("text/turtle; charset=utf-8");
      expectSameGraph(new Parser().parse(ttl.text), site.quads);
    });

    it("serves VoID, negotiated, the JSON-LD context, robots.txt and the sitemap", async () => {
      const voidTtl = await request(app).get("/lod/.well-known/void");
      expect(voidTtl.headers["content-type"]).toBe("text/turtle; charset=utf-8");
      expect(voidTtl.text).toContain(`void:dataDump <${BASE}dump.nq>`);
      const voidRdf = await request(app).get("/lod/.well-known/void").set("Accept", "application/rdf+xml");
      expect(voidRdf.headers["content-location"]).toBe(`${BASE}.well-known/void.rdf`);
      const ctx = await request(app).get("/lod/context.jsonld");
      expect(ctx.headers["content-type"]).toBe("application/ld+json");
      expect(JSON.parse(ctx.text)["@context"].dcat).toBe("http://www.w3.org/ns/dcat#");
      const robots = await request(app).get("/lod/robots.txt");
      expect(robots.text).toContain(`Sitemap: ${BASE}sitemap.xml`);
      const sitemap = await request(app).get("/lod/sitemap.xml");
      expect(sitemap.headers["content-type"]).toBe("application/xml; charset=utf-8");
      expect(sitemap.text).toContain(`<loc>${BASE}doc/${NEWS}.html</loc>`);
    });
  });

  describe("VoID's SPARQL endpoint", () => {
    const endpointsIn = async (a: Express) => {
      const res = await request(a).get("/lod/.well-known/void.ttl");
      expect(res.status).toBe(200);
      return new Parser().parse(res.text).filter((q) => q.predicate.value === `${VOID}sparqlEndpoint`);
    };

    it("names the absolute IRI of sparqlEndpoint, a path read against the base IRI as content's URLs are", async () => {
      for (const [given, iri] of [
        [undefined, `${BASE}sparql`],
        ["/query", `${BASE}query`],
        ["query/v1", `${BASE}query/v1`],
        ["https://sparql.example.org/ds?graph=a", "https://sparql.example.org/ds?graph=a"],
      ] as const) {
        const quads = await endpointsIn(appFor(site, given === undefined ? {} : { sparqlEndpoint: given }));
        expectIsomorphic(quads, `<${BASE}.well-known/void#dataset> <${VOID}sparqlEndpoint> <${iri}> .`);
      }
      expect(await endpointsIn(appFor(site, { sparqlEndpoint: false }))).toEqual([]);
    });

    it("refuses a sparqlEndpoint that is neither an absolute IRI nor a path", () => {
      for (const bad of ["", "//other.example/sparql", "?query", "#x", "a path", "http://", "/q<x>"])
        expect(() => createLodRouter({ site, sparqlEndpoint: bad }), JSON.stringify(bad)).toThrow(
          expect.objectContaining({ code: "usage_error", message: expect.stringMatching(/^sparqlEndpoint/) }),
        );
    });
  });

  describe("malformed requests", () => {
    it("answers 4xx, never 5xx", async () => {
      const cases: [string, Record<string, string>][] = [
        ["/lod/doc/news/%E0%A4%A", {}],
        ["/lod/doc/%ZZ/x", {}],
        ["/lod/id/%", {}],
        [`/lod/doc/${NEWS}?format=ttl&format=nt`, {}],
        [`/lod/doc/${NEWS}`, { Accept: "\u00ff;;;q=x/y" }],
        [`/lod/doc/${NEWS}`, { "If-None-Match": '"unterminated' }],
        [`/lod/doc/${NEWS}`, { "If-Modified-Since": "yesterday-ish" }],
        [`/lod/doc/${NEWS}`, { "Accept-Language": "!!!, *;q=oops" }],
        [`/lod/doc/${NEWS}`, { "Accept-Encoding": "gzip;q=bogus, *;q=" }],
        [`/lod/doc/${NEWS}`, { Accept: "text/html;q=0.5;q=0.7" }],
      ];
      for (const [path, headers] of cases) {
        const res = await request(app).get(path).set(headers);
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBeLessThan(500);
      }
      expect((await request(app).get("/lod/doc/news/%E0%A4%A")).status).toBe(400);
      expect((await request(app).get(`/lod/doc/${NEWS}?format=ttl&format=nt`)).status).toBe(400);
      expect((await request(app).get(`/lod/doc/${NEWS}`).set("Accept", "garbage")).status).toBe(200);
    });

    it("decodes percent-encoded paths", async () => {
      const res = await request(app).get("/lod/doc/news/regionale%2Dutviklingstrekk-2021.tt%6C");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/turtle; charset=utf-8");
    });
  });

  describe("mounting", () => {
    it("leaves the root to the app unless asked to answer it with a 303 to the catalog", async () => {
      expect((await request(app).get("/lod/")).status).toBe(404);
      const home = await request(appFor(site, { home: true })).get("/lod/");
      expect(home.status).toBe(303);
      expect(home.headers.location).toBe(`${BASE}catalog`);
      expect(home.headers.vary).toMatch(/Accept/);
      // A browser goes to the site's home page: its catalog's document, which every page's header links to.
      const browser = await request(appFor(site, { home: true }))
        .get("/lod/")
        .set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
      expect(browser.status).toBe(303);
      expect(browser.headers.location).toBe(`${BASE}doc/catalog/regional-og-distriktspolitikk`);
    });

    it("leaves paths it does not own to the app", async () => {
      expect((await request(app).get("/hello")).text).toBe("app route");
      expect((await request(app).get("/lod/not-ours")).status).toBe(404);
    });

    it("leaves /feed to the app when the feed is off, as /sparql when SPARQL is off", async () => {
      const withAppRoutes = (options: Partial<LodRouterOptions>) => {
        const a = express();
        a.use("/lod", createLodRouter({ site, ...options }));
        a.get(["/lod/feed", "/lod/feed.rss", "/lod/feed/{*rest}"], (req, res) => {
          res.type("application/rss+xml").send(`<rss>app ${req.path}</rss>`);
        });
        a.all("/lod/sparql", (_req, res) => {
          res.send("app sparql");
        });
        return a;
      };
      const off = withAppRoutes({ feed: false, sparql: false });
      for (const path of ["/lod/feed", "/lod/feed.rss", "/lod/feed/2", "/lod/feed/member/1"]) {
        const res = await request(off).get(path);
        expect(res.status, path).toBe(200);
        expect(res.text).toBe(`<rss>app ${path}</rss>`);
      }
      expect((await request(off).get("/lod/sparql?query=ASK{}")).text).toBe("app sparql");
      expect((await request(withAppRoutes({ sparqlEndpoint: false })).post("/lod/sparql")).text).toBe(
        "app sparql",
      );
      // On, the feed is the router's, its unknown pages included.
      const on = withAppRoutes({});
      const feed = await request(on).get("/lod/feed");
      expect(feed.status).toBe(200);
      expect(feed.headers["content-type"]).toBe("text/turtle; charset=utf-8");
      expect((await request(on).get("/lod/feed/nope")).status).toBe(404);
      expect((await request(on).get("/lod/feed.rss")).status).toBe(406);
    });

    it("answers everything it does not handle with its negotiated 404 when it is not to fall through", async () => {
      const alone = express();
      alone.use(createLodRouter({ site, fallthrough: false }));
      alone.get("/after", (_req, res) => {
        res.send("never reached");
      });
      for (const path of ["/dump.nq.gz", "/foo", "/catalog/x", "/after", "/doc/news/nope"]) {
        const text = await request(alone).get(path);
        expect(text.status, path).toBe(404);
        expect(text.headers["content-type"]).toBe("text/plain; charset=utf-8");
        expect(text.headers["access-control-allow-origin"]).toBe("*");
        expect(text.headers.vary).toContain("Accept");
        expect(text.text).toBe(`404 Not Found\nNo resource ${BASE}${path.slice(1)}\n`);
        const html = await request(alone).get(path).set("Accept", "text/html");
        expect(html.status).toBe(404);
        expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(html.text).toContain("<h1>404 Not Found</h1>");
      }
      expect((await request(alone).post("/foo")).status).toBe(404);
      const head = await request(alone).head("/foo");
      expect(head.status).toBe(404);
      expect(head.text ?? "").toBe("");
      expect((await request(alone).get("/x%E0%A4%A")).status).toBe(400);
      expect((await request(alone).get("/x<script>")).text).toBe(
        `404 Not Found\nNo resource ${BASE}x%3Cscript%3E\n`,
      );
      expect((await request(alone).get("/catalog")).status).toBe(200);
    });

    it("mounts extra routes before its 404 and error handling, reporting 5xx to onError only", async () => {
      const errors: unknown[] = [];
      const extra = express.Router();
      extra.get("/extra", (_req, res) => {
        res.send("extra here");
      });
      extra.get("/boom", () => {
        throw new Error("secret internals");
      });
      const mounted = appFor(site, { routes: [extra], onError: (e) => errors.push(e) });
      expect((await request(mounted).get("/lod/extra")).text).toBe("extra here");
      const boom = await request(mounted).get("/lod/boom");
      expect(boom.status).toBe(500);
      expect(boom.text).not.toContain("secret");
      expect(errors).toHaveLength(1);
      expect((await request(mounted).get("/lod/doc/news/nope")).status).toBe(404);
      expect(errors).toHaveLength(1);
    });
  });

  describe("languages", () => {
    it("picks the HTML language from Accept-Language among the content's languages", async () => {
      const area = items.find((i) => i.type === "PolicyArea") as ContentItem & {
        title: Record<string, string>;
      };
      const bilingual = { ...area, title: { ...area.title, en: "Regional policy" } } as ContentItem;
      const s = createSite([bilingual, ...items.filter((i) => i !== area)], { baseIri: BASE });
      const a = appFor(s);
      const path = `/lod/doc/policy-area/${area.slug}`;
      const en = await request(a)
        .get(path)
        .set("Accept", "text/html")
        .set("Accept-Language", "en-GB,en;q=0.9");
      expect(en.headers["content-location"]).toBe(`${BASE}doc/policy-area/${area.slug}.en.html`);
      expect(en.headers.vary).toBe("Accept, Accept-Language, Accept-Encoding");
      expect(en.text).toMatch(/<html[^>]* lang="en"/);
      const nb = await request(a)
        .get(path)
        .set("Accept", "text/html")
        .set("Accept-Language", "nb-NO, en;q=0.5");
      expect(nb.headers["content-location"]).toBe(`${BASE}doc/policy-area/${area.slug}.html`);
      expect((await request(a).get(`${path}.en.html`)).status).toBe(200);
      expect(String(nb.headers.link)).toContain(
        `<${BASE}doc/policy-area/${area.slug}.en.html>; rel="alternate"; type="text/html"; hreflang="en"`,
      );
    });
  });

  describe("answers prepared once, negotiation remembered per header", () => {
    it("remembers a choice per header and per offer, never carrying it to another resource", async () => {
      const area = items.find((i) => i.type === "PolicyArea") as ContentItem & {
        title: Record<string, string>;
      };
      // A news item other than NEWS, which stays in Bokmål only.
      const other = items.find((i) => i.type === "NewsItem" && `news/${i.slug}` !== NEWS) as ContentItem & {
        title: Record<string, string>;
      };
      const english = { ...area, title: { ...area.title, en: "Regional policy" } } as ContentItem;
      const nynorsk = { ...other, title: { ...other.title, nn: "Kompensasjonsordning" } } as ContentItem;
      const rest = items.filter((i) => i !== area && i !== other);
      const a = appFor(createSite([english, nynorsk, ...rest], { baseIri: BASE }));
      const en = `doc/policy-area/${area.slug}`;
      const nn = `doc/news/${other.slug}`;
      // One header, three documents offering nb+en, nb+nn and nb alone: each gets its own best language.
      const html = { Accept: "text/html", "Accept-Language": "nn, en;q=0.5" };
      for (let round = 0; round < 2; round++) {
        expect((await rawGet(a, `/lod/${en}`, html)).headers["content-location"]).toBe(
          `${BASE}${en}.en.html`,
        );
        expect((await rawGet(a, `/lod/${nn}`, html)).headers["content-location"]).toBe(
          `${BASE}${nn}.nn.html`,
        );
        expect((await rawGet(a, `/lod/doc/${NEWS}`, html)).headers["content-location"]).toBe(
          `${BASE}doc/${NEWS}.html`,
        );
        for (const [accept, ext] of [
          ["application/ld+json", "jsonld"],
          ["text/turtle", "ttl"],
        ]) {
          const res = await rawGet(a, `/lod/doc/${NEWS}`, { Accept: accept as string });
          expect(res.headers["content-location"]).toBe(`${BASE}doc/${NEWS}.${ext}`);
        }
      }
      // Headers too long to remember are negotiated all the same.
      const long = `${"text/plain;q=0.1, ".repeat(40)}application/ld+json`;
      const res = await rawGet(a, `/lod/doc/${NEWS}`, { Accept: long });
      expect(res.headers["content-type"]).toBe("application/ld+json");
    });

    it("names Accept-Encoding in Vary on every answer compression could change, 304s included", async () => {
      const plain = await rawGet(app, `/lod/doc/${NEWS}`);
      expect(plain.headers.vary).toBe("Accept, Accept-Encoding");
      const notModified = await rawGet(app, `/lod/doc/${NEWS}`, {
        "If-None-Match": String(plain.headers.etag),
      });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.vary).toBe("Accept, Accept-Encoding");
      expect((await rawGet(app, `/lod/doc/${NEWS}.ttl`)).headers.vary).toBe("Accept-Encoding");
      const off = appFor(site, { compress: false });
      expect((await rawGet(off, `/lod/doc/${NEWS}`)).headers.vary).toBe("Accept");
      expect((await rawGet(off, `/lod/doc/${NEWS}.ttl`)).headers.vary).toBeUndefined();
    });

    it("adds to a Vary the application set before it", async () => {
      const wrapped = express();
      wrapped.use((_req, res, next) => {
        res.vary("Origin");
        next();
      });
      wrapped.use("/lod", createLodRouter({ site }));
      const res = await rawGet(wrapped, `/lod/doc/${NEWS}`, { Accept: "text/html" });
      expect(res.headers.vary).toBe("Origin, Accept, Accept-Language, Accept-Encoding");
    });
  });

  describe(needs("rapper", RAPPER, "served RDF/XML and Turtle read by Raptor"), () => {
    it.skipIf(!RAPPER)("parses what the router serves for every seed document", async () => {
      for (const d of site.documents.values()) {
        for (const [ext, syntax] of [
          ["rdf", "rdfxml"],
          ["ttl", "turtle"],
        ] as const) {
          const res = await rawGet(app, `/lod/doc/${d.ref}.${ext}`);
          expectSameGraph(parseWithRapper(res.body.toString("utf8"), syntax), d.quads);
        }
      }
    });
  });
});
