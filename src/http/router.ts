import { createHash } from "node:crypto";
import type { Quad } from "@rdfjs/types";
import { type Request, type Response, Router } from "express";
import { type Format, RDF_FORMATS } from "../serialize/formats.js";
import { createJsonLdContext } from "../serialize/jsonld.js";
import { chooseFormat } from "../serialize/negotiate.js";
import { catalogQuads, type Site } from "../site/site.js";

/** Options of {@link createLodRouter}. */
export interface LodRouterOptions {
  /** The site to serve, from `createSite()`. */
  site: Site;
  /** Formats in preference order; default Turtle, JSON-LD, N-Triples, N-Quads. */
  formats?: readonly Format[];
  /** Called with errors the router turns into a 500. */
  onError?: (error: unknown) => void;
}

interface Variant {
  body: Buffer;
  etag: string;
  contentType: string;
}

/**
 * Creates an Express router that serves the site as linked data: `/id/…` redirects (303) to `/doc/…`, which is
 * content-negotiated; `/catalog` and `/dump.nq`.
 * @example
 * app.use(createLodRouter({ site: createSite(items, { baseIri }) }));
 */
export function createLodRouter(options: LodRouterOptions): Router {
  const { site } = options;
  const formats = options.formats ?? RDF_FORMATS;
  const context = `${site.baseIri}context.jsonld`;
  const cache = new Map<string, Variant>();

  const render = (key: string, quads: readonly Quad[], format: Format, graph?: string): Variant => {
    const k = `${key} ${format.id}`;
    let v = cache.get(k);
    if (!v) {
      const text = format.write(quads, { baseIri: site.baseIri, jsonLdContext: context, ...(graph ? { graph } : {}) });
      const body = Buffer.from(text, "utf8");
      v = {
        body,
        etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
        contentType: format.charset ? `${format.mediaType}; charset=utf-8` : format.mediaType,
      };
      cache.set(k, v);
    }
    return v;
  };

  const send = (req: Request, res: Response, key: string, quads: readonly Quad[], ext: string | undefined, graph?: string) => {
    const formatParam = ext ?? (typeof req.query.format === "string" ? req.query.format : undefined);
    const choice = chooseFormat(req.get("accept"), formatParam, formats);
    res.vary("Accept");
    if (!choice.ok) {
      res
        .status(choice.reason === "unknown_format" ? 404 : 406)
        .type("text/plain")
        .send(`Not acceptable. Available: ${choice.supported.map((f) => f.mediaType).join(", ")}\n`);
      return;
    }
    const v = render(key, quads, choice.format, graph);
    res.set("Content-Type", v.contentType);
    res.set("ETag", v.etag);
    res.set("Access-Control-Allow-Origin", "*");
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.send(v.body);
  };

  const router = Router();
  router.get("/context.jsonld", (_req, res) => {
    res.type("application/ld+json").set("Access-Control-Allow-Origin", "*").send(`${JSON.stringify({ "@context": createJsonLdContext() }, null, 2)}\n`);
  });
  router.get("/id/:kind/:slug", (req, res) => {
    const ref = `${req.params.kind}/${req.params.slug}`;
    if (!site.documents.has(ref)) {
      res.status(404).type("text/plain").send("Not found\n");
      return;
    }
    res.redirect(303, `${site.baseIri}doc/${ref}`);
  });
  router.get("/doc/:kind/:file", (req, res) => {
    const m = /^(.+?)(?:\.([a-z]+))?$/.exec(req.params.file);
    const ref = `${req.params.kind}/${m?.[1] ?? ""}`;
    const doc = site.documents.get(ref);
    if (!doc) {
      res.status(404).type("text/plain").send("Not found\n");
      return;
    }
    send(req, res, ref, doc.quads, m?.[2], doc.documentIri);
  });
  let catalog: Quad[] | undefined;
  router.get(["/catalog", "/catalog.:ext"], (req, res) => {
    catalog ??= catalogQuads(site);
    send(req, res, "catalog", catalog, req.params.ext as string | undefined);
  });
  router.get("/dump.nq", (_req, res) => {
    const nq = formats.find((f) => f.id === "nq");
    if (!nq) return void res.status(404).end();
    const key = "dump";
    const quadsByGraph = [...site.documents.values()];
    const text = quadsByGraph.map((d) => nq.write(d.quads, { baseIri: site.baseIri, graph: d.documentIri })).join("");
    const v: Variant = cache.get(key) ?? {
      body: Buffer.from(text),
      etag: `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`,
      contentType: "application/n-quads; charset=utf-8",
    };
    cache.set(key, v);
    res.set("Content-Type", v.contentType).set("ETag", v.etag).set("Access-Control-Allow-Origin", "*").send(v.body);
  });
  return router;
}
