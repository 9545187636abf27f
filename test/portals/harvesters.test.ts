import { get as httpGet, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Quad } from "@rdfjs/types";
import express from "express";
import { DataFactory, Parser } from "n3";
import { RdfXmlParser } from "rdfxml-streaming-parser";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { createLodRouter } from "../../src/http/router.js";
import { catalogQuads, createSite, type Site } from "../../src/site/site.js";
import { expectSameGraph } from "../helpers/rdf.js";
import { seedItems } from "../helpers/seed.js";

const BASE = "https://data.example.gov/lod/";
const FOREIGN = "http://harvester.invalid/somewhere/";
const HYDRA = "http://www.w3.org/ns/hydra/core#";
const DCAT_DATASET = "http://www.w3.org/ns/dcat#Dataset";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/** Parses a body as the given media type against a foreign base, as a harvester does. */
async function parse(body: string, mediaType: string): Promise<Quad[]> {
  if (mediaType === "application/rdf+xml") {
    return new Promise((resolve, reject) => {
      const out: Quad[] = [];
      const p = new RdfXmlParser({ baseIRI: FOREIGN });
      p.on("data", (q: Quad) => out.push(q))
        .on("error", reject)
        .on("end", () => resolve(out));
      p.write(body);
      p.end();
    });
  }
  if (mediaType === "application/ld+json") {
    const { parseRdf } = await import("../../src/node/doctor.js");
    // Our compact JSON-LD names {base}context.jsonld; a harvester fetches it, here from the router itself.
    return parseRdf(body, mediaType, FOREIGN, {
      fetch: (async (url: string) => {
        const res = await request(app).get(new URL(url).pathname.replace(/^\/lod/, ""));
        return new Response(res.text, {
          status: res.status,
          headers: { "content-type": "application/ld+json" },
        });
      }) as unknown as typeof fetch,
    });
  }
  return new Parser({ format: mediaType, baseIRI: FOREIGN }).parse(body);
}

const withoutHydra = (quads: readonly Quad[]) =>
  quads.filter((q) => !q.predicate.value.startsWith(HYDRA) && !q.object.value.startsWith(HYDRA));
const iris = (quads: readonly Quad[]) =>
  quads
    .flatMap((q) => [q.subject, q.predicate, q.object])
    .filter((t) => t.termType === "NamedNode")
    .map((t) => t.value);

let app: express.Express;
let site: Site;

describe("portals: the three harvesters against the router", () => {
  beforeAll(async () => {
    site = createSite(await seedItems(), { baseIri: BASE });
    app = express();
    app.use(createLodRouter({ site }));
  });

  describe("data.norge.no (FDK): one GET per registered Accept, parsed by that Accept with a foreign base", () => {
    for (const accept of ["text/turtle", "application/rdf+xml", "application/ld+json"]) {
      it(`gets exactly 200 and the whole catalog for ${accept}`, async () => {
        const res = await request(app)
          .get("/catalog")
          .set("Accept", accept)
          .set("Accept-Encoding", "identity");
        expect(res.status).toBe(200);
        expect(res.headers["content-encoding"]).toBeUndefined();
        const quads = await parse(res.text, accept);
        expect(iris(quads).filter((i) => i.startsWith(FOREIGN))).toEqual([]);
        expect(
          quads.some(
            (q) =>
              q.predicate.value === RDF_TYPE &&
              q.object.value === DCAT_DATASET &&
              q.subject.termType === "BlankNode",
          ),
        ).toBe(false);
        expectSameGraph(quads, catalogQuads(site));
      });
    }

    it("gets no Content-Encoding when it sends no Accept-Encoding at all", async () => {
      // supertest always asks for gzip; a bare node:http request sends exactly the headers given.
      const server = app.listen(0, "127.0.0.1");
      await new Promise((r) => server.once("listening", r));
      const { port } = server.address() as AddressInfo;
      try {
        for (const accept of ["text/turtle", "application/rdf+xml", "application/ld+json"]) {
          const res = await new Promise<IncomingMessage>((resolve, reject) =>
            httpGet({ host: "127.0.0.1", port, path: "/catalog", headers: { accept } }, resolve).on(
              "error",
              reject,
            ),
          );
          res.resume();
          expect(res.statusCode).toBe(200);
          expect(res.headers["content-encoding"]).toBeUndefined();
        }
      } finally {
        await new Promise((r) => server.close(r));
      }
    });
  });

  describe("CKAN: HEAD, then GET */*, format from the Content-Type", () => {
    it("answers HEAD with the GET headers and no body, then Turtle for */*", async () => {
      const head = await request(app).head("/catalog").set("Accept", "*/*");
      expect(head.status).toBe(200);
      expect(head.text ?? "").toBe("");
      const get = await request(app).get("/catalog").set("Accept", "*/*");
      expect(get.status).toBe(200);
      expect(get.headers["content-type"]).toBe(head.headers["content-type"]);
      expect(get.headers["content-type"]).toMatch(/^text\/turtle; charset=utf-8$/);
      const mediaType = (get.headers["content-type"] as string).split(";")[0] as string;
      expectSameGraph(await parse(get.text, mediaType), catalogQuads(site));
    });
  });

  describe("data.europa.eu: Content-Type, Hydra nextPage/next to the end, totalItems", () => {
    it("follows the pages to the end and finds the whole catalog, each dataset once", async () => {
      const union: Quad[] = [];
      const datasets: string[] = [];
      let next: string | undefined = `${BASE}catalog?page=1&pageSize=2`;
      let total: number | undefined;
      const visited: string[] = [];
      while (next) {
        expect(next.startsWith(BASE)).toBe(true);
        visited.push(next);
        expect(visited.length).toBeLessThan(20);
        const res = await request(app)
          .get(next.slice(BASE.length - 1))
          .set("Accept", "text/turtle");
        expect(res.status).toBe(200);
        const quads = await parse(res.text, (res.headers["content-type"] as string).split(";")[0] as string);
        const view = quads.find(
          (q) => q.predicate.value === RDF_TYPE && q.object.value === `${HYDRA}PartialCollectionView`,
        )?.subject;
        expect(view).toBeDefined();
        expect(
          quads.some(
            (q) =>
              q.subject.equals(view) &&
              q.predicate.value === RDF_TYPE &&
              q.object.value === `${HYDRA}PagedCollection`,
          ),
        ).toBe(true);
        for (const rel of ["first", "last"])
          expect(quads.some((q) => q.subject.equals(view) && q.predicate.value === HYDRA + rel)).toBe(true);
        total = Number(quads.find((q) => q.predicate.value === `${HYDRA}totalItems`)?.object.value);
        datasets.push(
          ...quads
            .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT_DATASET)
            .map((q) => q.subject.value),
        );
        union.push(...withoutHydra(quads));
        const nextIri = quads.find(
          (q) => q.subject.equals(view) && q.predicate.value === `${HYDRA}next`,
        )?.object;
        const nextPage = quads.find(
          (q) => q.subject.equals(view) && q.predicate.value === `${HYDRA}nextPage`,
        )?.object;
        expect(nextIri?.termType ?? "NamedNode").toBe("NamedNode");
        expect(nextPage?.termType ?? "Literal").toBe("Literal");
        expect(nextPage?.value).toBe(nextIri?.value);
        if (visited.length > 1)
          expect(quads.some((q) => q.subject.equals(view) && q.predicate.value === `${HYDRA}previous`)).toBe(
            true,
          );
        next = nextIri?.value;
      }
      expect(visited).toHaveLength(3);
      expect(total).toBe(6);
      expect(datasets.sort()).toEqual([...new Set(datasets)].sort());
      expect(datasets).toHaveLength(6);
      const whole = catalogQuads(site);
      const dedupe = new Map(
        union.map((q) => [
          `${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value}${q.object.termType === "Literal" ? q.object.language + q.object.datatype.value : ""}`,
          DataFactory.quad(q.subject, q.predicate, q.object),
        ]),
      );
      expectSameGraph([...dedupe.values()], whole);
    });

    it("gives only the datasets changed since a date with modified_since", async () => {
      const items = (await seedItems()).map((i) =>
        i.type === "Report" && i.slug === "regionale-utviklingstrekk-2021"
          ? { ...i, modified: "2021-05-05T00:00:00+02:00" }
          : i.type === "Report" && i.slug === "nou-2020-15"
            ? { ...i, modified: "2021-07-01T00:00:00+02:00" }
            : i,
      );
      const dated = express();
      dated.use(createLodRouter({ site: createSite(items, { baseIri: BASE }) }));
      const res = await request(dated)
        .get("/catalog?modified_since=2021-06-01T00:00:00Z")
        .set("Accept", "text/turtle");
      expect(res.status).toBe(200);
      const quads = await parse(res.text, "text/turtle");
      const kept = quads
        .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT_DATASET)
        .map((q) => q.subject.value);
      expect(kept).toContain(`${BASE}id/document/nou-2020-15`);
      expect(kept).not.toContain(`${BASE}id/report/regionale-utviklingstrekk-2021`);
      expect(iris(quads).filter((i) => i.startsWith(FOREIGN))).toEqual([]);
      const bad = await request(dated).get("/catalog?modified_since=yesterday");
      expect(bad.status).toBe(400);
    });
  });
});
