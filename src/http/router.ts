import compression from "compression";
import { type NextFunction, type Request, type RequestHandler, type Response, Router } from "express";
import { LodError, NotFoundError } from "../errors.js";
import { catalogQueryString, catalogView, parseCatalogQuery } from "../serialize/catalog-page.js";
import { DEFAULT_FORMATS, type Format } from "../serialize/formats.js";
import { HTML_CONTENT_SECURITY_POLICY } from "../serialize/html-style.js";
import { chooseFormat, chooseLanguage } from "../serialize/negotiate.js";
import {
  type Resource,
  renderResource,
  renderSite,
  type SiteVariants,
  type Variant,
} from "../serialize/variants.js";
import type { Site } from "../site/site.js";
import { createEmbeddedEngine, type SparqlEngine, siteQuads } from "../sparql/engine.js";
import { createErrorHandler, type OnError, sendError } from "./error-handler.js";
import { createFeedRoutes, type FeedRoutesOptions } from "./feed.js";
import { createSparqlRouter } from "./sparql.js";

/** Options of {@link createLodRouter}. */
export interface LodRouterOptions {
  /** The site to serve, from `createSite()`. Its base IRI makes every URL the router writes absolute. */
  site: Site;
  /** Formats of documents, the catalog and VoID in our order of preference. Default {@link DEFAULT_FORMATS}. */
  formats?: readonly Format[];
  /** Every variant, already rendered (e.g. shared with a static build); default: rendered here, once. */
  variants?: SiteVariants;
  /** Called with errors the router answers with a 5xx (never logged to the console). */
  onError?: OnError;
  /** `max-age` of `Cache-Control`, in seconds. Default 300. */
  maxAge?: number;
  /** Compress responses for clients that send `Accept-Encoding` (never otherwise). Default true. */
  compress?: boolean;
  /** The SPARQL endpoint named in VoID; `false` when there is none. Default `{base}sparql`. */
  sparqlEndpoint?: string | false;
  /**
   * More routes (SPARQL, the feed), mounted after the linked-data resources and before the router's 404 and
   * error handling, so their errors are answered the same way.
   */
  routes?: readonly RequestHandler[];
  /**
   * The engine behind `/sparql` (SPARQL 1.1 Protocol, read-only): default the embedded Oxigraph engine over the
   * site, started on the first query; a store engine to query a triplestore; `false` for no endpoint.
   */
  sparql?: SparqlEngine | false;
  /**
   * The change feed at `/feed` (LDES 2 / TREE): the event log (`updateFeedLog(...).events`, or a function returning
   * its current events), page size and retention; `false` for none. Default: the site's current state, one
   * version per document.
   */
  feed?: Omit<FeedRoutesOptions, "site"> | false;
  /** The clock, for `Last-Modified` (never later than now, RFC 9110 §8.8.2.1). */
  now?: () => Date;
  /**
   * Answer the site root `/` with `303 See Other` to the catalog, so the linked-data API's endpoint URL resolves.
   * Off by default, so an application that mounts the router keeps its own home page; `govlod serve` turns it on.
   */
  home?: boolean;
}

/** Headers a script on another origin may read (CORS). */
const EXPOSED_HEADERS = "Content-Location, ETag, Link, Location, Vary";
const METHODS = "GET, HEAD, OPTIONS";
/** Namespaces the router owns: unknown paths below them are 404 here, others go on to the app. */
const OWN_PATH = /^(?:id|doc)\/|^catalog(?:\.|$)|^\.well-known\/void(?:\.|$)|^feed(?:[./]|$)/;
const CATALOG_PATH = /^catalog(?:\.([a-z]+))?$/;

/** Decodes a request path into the form resources are keyed by (`doc/news/x.ttl`); undefined when malformed. */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path.replace(/^\//, ""));
  } catch {
    return undefined;
  }
}

/**
 * A request path as it may appear in a message: characters an IRI cannot hold (RFC 3987 §2.2: controls, space,
 * `<>"{}|\\^\``) percent-encoded, so that no markup from a URL is ever echoed, whatever the error's media type.
 */
function printablePath(path: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is encoded.
  return path.replace(/[\u0000-\u0020<>"{}|\\^`\u007f]/g, (c) => encodeURIComponent(c));
}

/** RFC 9110 §13.1.2: If-None-Match uses weak comparison; `*` matches any current representation. */
function etagMatches(header: string, etag: string): boolean {
  const own = etag.replace(/^W\//, "");
  for (const raw of header.split(",")) {
    const tag = raw.trim();
    if (tag === "*") return true;
    const opaque = tag.replace(/^W\//, "");
    // A tag we sent for a compressed response carries the coding ("…-gzip"), see markEncodedEtag.
    if (opaque === own || opaque.replace(/-(?:gzip|br|deflate)"$/, '"') === own) return true;
  }
  return false;
}

/**
 * RFC 9110 §13.2.2: If-None-Match first; If-Modified-Since only without it, only for a valid date, and only
 * when we know when the resource changed (to the second).
 */
function isNotModified(req: Request, etag: string, lastModified: Date | undefined): boolean {
  const inm = req.get("if-none-match");
  if (inm !== undefined) return etagMatches(inm, etag);
  const ims = req.get("if-modified-since");
  if (ims === undefined || lastModified === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * A strong entity tag names the bytes; compressed bytes are other bytes (RFC 9110 §8.8.3), so when the
 * compression middleware sets `Content-Encoding`, the tag gets the coding appended. Must be installed before the
 * compression middleware so that it runs after it.
 */
function markEncodedEtag(res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    const coding = this.getHeader("Content-Encoding");
    const etag = this.getHeader("ETag");
    if (typeof coding === "string" && typeof etag === "string" && /^"[^"]*"$/.test(etag))
      this.setHeader("ETag", `${etag.slice(0, -1)}-${coding}"`);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof res.writeHead;
}

function linkHeader(others: readonly Variant[]): string {
  return others
    .map(
      (v) =>
        `<${v.url}>; rel="alternate"; type="${v.format.mediaType}"${v.language ? `; hreflang="${v.language}"` : ""}`,
    )
    .join(", ");
}

/**
 * Creates an Express router that serves a site as linked data (DESIGN §4): `/id/…` answers 303 to `/doc/…`;
 * documents, `/catalog` and `/.well-known/void` are negotiated on `Accept` (and HTML on `Accept-Language`), with
 * `.ext` and `?format=` overrides; `/catalog?page=&pageSize=&modified_since=` gives Hydra pages; `/dump.nq`,
 * `/dump.ttl`, `/context.jsonld`, `/robots.txt` and `/sitemap.xml` are files. Every representation is rendered once,
 * here, and served from memory with strong ETags, `Last-Modified`, 304s, CORS for GET and HEAD, and compression
 * only when asked for. URLs are the base IRI's, whatever host the router is reached on.
 * @example
 * const app = express();
 * app.use(createLodRouter({ site: createSite(items, { baseIri: "https://data.example.gov/" }) }));
 */
export function createLodRouter(options: LodRouterOptions): Router {
  const { site } = options;
  const formats = options.formats ?? DEFAULT_FORMATS;
  const variants =
    options.variants ??
    renderSite(site, {
      formats,
      ...(options.sparqlEndpoint !== undefined ? { sparqlEndpoint: options.sparqlEndpoint } : {}),
    });
  const cacheControl = `public, max-age=${options.maxAge ?? 300}`;
  const now = options.now ?? (() => new Date());
  const compress = options.compress === false ? undefined : compression({ filter: () => true });
  const base = site.baseIri;
  // Catalog views (pages, modified_since) are rendered on first request and kept, within a bound.
  const views = new Map<string, Resource>();
  // The Link header of each variant (its alternates), built on first use.
  const links = new WeakMap<Variant, string>();

  const setCommon = (res: Response) => {
    res.set("Access-Control-Allow-Origin", "*");
    res.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    res.set("X-Content-Type-Options", "nosniff");
  };

  const sendVariant = (
    req: Request,
    res: Response,
    resource: Resource,
    variant: Variant,
    negotiated: boolean,
  ) => {
    setCommon(res);
    res.set("Cache-Control", cacheControl);
    res.set("ETag", variant.etag);
    let link = links.get(variant);
    if (link === undefined) {
      link = linkHeader(resource.variants.filter((v) => v !== variant));
      links.set(variant, link);
    }
    if (link) res.set("Link", link);
    if (negotiated) res.set("Content-Location", variant.url);
    if (variant.format.mediaType === "text/html") {
      // Pages run no script (the JSON-LD block is data), load only their hashed stylesheet and https images,
      // and may not be framed (clickjacking).
      res.set("Content-Security-Policy", HTML_CONTENT_SECURITY_POLICY);
      res.set("Referrer-Policy", "strict-origin-when-cross-origin");
      res.set("X-Frame-Options", "DENY");
    }
    let lastModified = resource.lastModified;
    if (lastModified) {
      const t = now();
      if (lastModified > t) lastModified = t;
      res.set("Last-Modified", lastModified.toUTCString());
    }
    if (isNotModified(req, variant.etag, lastModified)) {
      res.status(304).end();
      return;
    }
    const body = Buffer.from(variant.body.buffer, variant.body.byteOffset, variant.body.byteLength);
    const send = () => {
      res.status(200);
      res.set("Content-Type", variant.contentType);
      res.set("Content-Length", String(body.byteLength));
      res.end(body);
    };
    if (!compress) return send();
    markEncodedEtag(res);
    compress(req, res, send);
  };

  const sendNegotiated = (
    req: Request,
    res: Response,
    resource: Resource,
    formatParam: string | undefined,
  ) => {
    res.vary("Accept");
    const offered = [...new Set(resource.variants.map((v) => v.format))];
    const choice = chooseFormat(req.get("accept"), formatParam, offered);
    if (!choice.ok) {
      setCommon(res);
      res.set("Link", linkHeader(resource.variants));
      sendError(req, res, {
        status: 406,
        message:
          choice.reason === "unknown_format"
            ? `Unknown format "${formatParam}". ${resource.url} is available as:`
            : `None of the media types in Accept is available. ${resource.url} is available as:`,
        lines: resource.variants.map((v) => ({
          text: `${v.format.mediaType}${v.language ? ` (${v.language})` : ""}`,
          href: v.url,
        })),
      });
      return;
    }
    const candidates = resource.variants.filter((v) => v.format === choice.format);
    let variant = candidates[0] as Variant;
    if (choice.format.mediaType === "text/html") {
      res.vary("Accept-Language");
      const language = chooseLanguage(
        req.get("accept-language"),
        candidates.map((v) => v.language ?? ""),
      );
      variant = candidates.find((v) => v.language === language) ?? variant;
    }
    sendVariant(req, res, resource, variant, true);
  };

  const catalogResource = (
    query: ReturnType<typeof parseCatalogQuery> & object,
    fixed: string | undefined,
  ): Resource => {
    const key = `${fixed ?? ""}${catalogQueryString(query)}`;
    let r = views.get(key);
    if (!r) {
      const view = catalogView(site, query, fixed ? `catalog.${fixed}` : "catalog");
      const qs = catalogQueryString(query);
      const rendered = renderResource(site, {
        kind: "catalog",
        path: "catalog",
        quads: view.quads,
        formats,
        graph: `${base}catalog${qs}`,
        lastModified: site.lastModified,
      });
      // Variant URLs keep the query: catalog.ttl?page=2&pageSize=10.
      r = {
        ...rendered,
        url: `${rendered.url}${qs}`,
        variants: rendered.variants.map((v) => ({ ...v, path: `${v.path}${qs}`, url: `${v.url}${qs}` })),
      };
      if (views.size >= 256) views.clear();
      views.set(key, r);
    }
    return r;
  };

  const formatParamOf = (req: Request): string | undefined => {
    const f = req.query.format;
    if (f === undefined) return undefined;
    if (typeof f !== "string")
      throw new LodError("usage_error", "Query parameter format: give it once, as text");
    return f;
  };

  const serve: RequestHandler = (req, res, next) => {
    const path = decodePath(req.path);
    if (path === undefined) {
      next(new LodError("parse_error", `Malformed percent-encoding in the path ${printablePath(req.path)}`));
      return;
    }
    const isRead = req.method === "GET" || req.method === "HEAD";
    if (path === "" && options.home && isRead) {
      setCommon(res);
      res.set("Cache-Control", cacheControl);
      res
        .status(303)
        .location(`${base}catalog`)
        .type("text/plain; charset=utf-8")
        .send(`See Other: ${base}catalog\n`);
      return;
    }
    const known =
      variants.byPath.has(path) ||
      variants.variantByPath.has(path) ||
      (path.startsWith("id/") && variants.byPath.has(`doc/${path.slice(3)}`));
    if (!known) return next();
    if (req.method === "OPTIONS") {
      setCommon(res);
      res.set("Allow", METHODS);
      res.set("Access-Control-Allow-Methods", "GET, HEAD");
      res.set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, If-Modified-Since");
      res.set("Access-Control-Max-Age", "86400");
      res.status(204).end();
      return;
    }
    if (!isRead) {
      res.set("Allow", METHODS);
      sendError(req, res, {
        status: 405,
        message: `${req.method} is not allowed here; this resource is read-only.`,
      });
      return;
    }
    if (path.startsWith("id/")) {
      // DESIGN §3/§4: the thing's IRI answers 303 See Other with the document about it (Cool URIs §4.3).
      const location = `${base}doc/${path.slice(3)}`;
      setCommon(res);
      res.set("Cache-Control", cacheControl);
      res.status(303).location(location).type("text/plain; charset=utf-8").send(`See Other: ${location}\n`);
      return;
    }
    const catalog = CATALOG_PATH.exec(path);
    const query = catalog ? parseCatalogQuery(req.query as Record<string, unknown>) : undefined;
    if (catalog && query) {
      const resource = catalogResource(query, catalog[1]);
      if (catalog[1] === undefined) return sendNegotiated(req, res, resource, formatParamOf(req));
      const variant = resource.variants.find((v) => v.path.startsWith(`catalog.${catalog[1]}?`));
      return variant ? sendVariant(req, res, resource, variant, false) : next();
    }
    const resource = variants.byPath.get(path);
    if (resource?.negotiated) return sendNegotiated(req, res, resource, formatParamOf(req));
    const exact = variants.variantByPath.get(path);
    if (exact) return sendVariant(req, res, exact.resource, exact.variant, false);
    next();
  };

  const router = Router({ strict: true, caseSensitive: true });
  router.use((req: Request, res: Response, next: NextFunction) => {
    try {
      serve(req, res, next);
    } catch (e) {
      next(e);
    }
  });
  if (options.sparql !== false && options.sparqlEndpoint !== false) {
    const engine = options.sparql ?? (() => createEmbeddedEngine(siteQuads(site), { baseIri: site.baseIri }));
    router.use(
      createSparqlRouter({
        engine,
        baseIri: site.baseIri,
        ...(options.onError ? { onError: options.onError } : {}),
      }),
    );
  }
  if (options.feed !== false) router.use(createFeedRoutes({ site, ...(options.feed ?? {}) }));
  for (const r of options.routes ?? []) router.use(r);
  router.use((req: Request, _res: Response, next: NextFunction) => {
    const path = decodePath(req.path);
    if (path === undefined)
      return next(new LodError("parse_error", "Malformed percent-encoding in the path"));
    if (!OWN_PATH.test(path)) return next();
    next(new NotFoundError(base + printablePath(path)));
  });
  router.use(createErrorHandler(options.onError ? { onError: options.onError } : {}));
  return router;
}
