import { pipeline } from "node:stream";
import { type NextFunction, type Request, type RequestHandler, type Response, Router } from "express";
import { LodError, NotFoundError } from "../errors.js";
import { catalogQueryString, catalogView, parseCatalogQuery } from "../serialize/catalog-page.js";
import { DEFAULT_FORMATS, type Format } from "../serialize/formats.js";
import { siteHome } from "../serialize/html.js";
import { HTML_CONTENT_SECURITY_POLICY } from "../serialize/html-style.js";
import { type Choice, chooseFormat, chooseLanguage } from "../serialize/negotiate.js";
import {
  type Resource,
  renderResource,
  renderSite,
  type SiteVariants,
  type Variant,
} from "../serialize/variants.js";
import type { Site } from "../site/site.js";
import { createEmbeddedEngine, type SparqlEngine, siteQuads } from "../sparql/engine.js";
import {
  COMPRESSION_THRESHOLD,
  CONTENT_CODINGS,
  type ContentCoding,
  chooseContentCoding,
  ENCODERS,
} from "./content-coding.js";
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
  /**
   * Compress responses (brotli, gzip or deflate, of 1 KiB or more) for clients that ask with `Accept-Encoding`,
   * never otherwise; a compressed response's strong ETag names its coding (`"…-gzip"`), on 200, HEAD and 304
   * alike. Default true.
   */
  compress?: boolean;
  /**
   * The SPARQL endpoint that VoID names (`void:sparqlEndpoint` of `/.well-known/void`), and nothing else: an
   * absolute IRI (`https://sparql.example.gov/query`) as it is, or a path read against the site's base IRI as
   * content's URLs are (`/query` and `query` are both `{base}query`, wherever the router is mounted); `false` to name
   * none. Default `{base}sparql`, also with `sparql: false` (a proxy may send `/sparql` to a triplestore). It does
   * not move the router's own endpoint, which answers at `/sparql` unless `sparql` is `false`; `false` here turns
   * that endpoint off as well. The catalog's `dcat:endpointURL` comes from the content's data services, not from
   * here. Ignored for VoID when `variants` are given (they were rendered with their own).
   * @throws LodError (`usage_error`) from {@link createLodRouter} for anything else (`//host/x`, `?x`, a space).
   */
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
   * Answer the site root `/` with `303 See Other` to the catalog, so the linked-data API's endpoint URL resolves — a
   * browser (HTML preferred) to the site's home page, its catalog's document. Off by default, so an application that
   * mounts the router keeps its own home page; `govlod serve` turns it on.
   */
  home?: boolean;
  /**
   * Pass requests the router does not answer (other paths than its own, a route switched off) on to the
   * application's later routes, as `express.static` does. Default true. `false` answers them with the router's
   * 404 (plain text or HTML as negotiated, with CORS), for a server that is the router alone; `govlod serve` sets it.
   */
  fallthrough?: boolean;
}

/** Headers a script on another origin may read (CORS). */
const EXPOSED_HEADERS = "Content-Location, ETag, Link, Location, Vary";
const METHODS = "GET, HEAD, OPTIONS";
/** Namespaces the router owns: unknown paths below them are 404 here, others go on to the app. */
const OWN_PATH = /^(?:id|doc)\/|^catalog(?:\.|$)|^\.well-known\/void(?:\.|$)/;
/** The feed's, owned only by a router with a feed: without one, an application's own `/feed` (RSS) runs. */
const FEED_PATH = /^feed(?:[./]|$)/;
/** The catalog and its variants' paths: `catalog`, `catalog.ttl`, `catalog.en.html` (the part after the dot). */
const CATALOG_PATH = /^catalog(?:\.((?:[a-z]{2,3}(?:-[a-z0-9]{1,8})*\.)?[a-z]+))?$/;
/** Characters an IRI cannot hold (RFC 3987 §2.2): controls, space, `<>"{}|\^\``. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
const NOT_IN_IRI = /[\u0000-\u0020<>"{}|\\^`\u007f]/;

/** Decodes a request path into the form resources are keyed by (`doc/news/x.ttl`); undefined when malformed. */
function decodePath(path: string): string | undefined {
  const relative = path.charCodeAt(0) === 47 /* "/" */ ? path.slice(1) : path;
  // Most paths hold no escape at all: nothing to decode.
  if (!relative.includes("%")) return relative;
  try {
    return decodeURIComponent(relative);
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

/**
 * The IRI of the `sparqlEndpoint` option: an absolute IRI as it is, a path (`/query`, `query`) read against the
 * base IRI as content's URLs are (`/sparql` is `{base}sparql`), so that VoID never holds a relative IRI (DESIGN §3).
 * @throws LodError (`usage_error`) for anything else.
 */
function resolveSparqlEndpoint(value: string | false | undefined, base: string): string | false | undefined {
  if (value === undefined || value === false) return value;
  const refuse = (why: string) =>
    new LodError(
      "usage_error",
      `sparqlEndpoint ${JSON.stringify(value)}: ${why}; give an absolute IRI (https://…/sparql), a path on the site (/sparql), or false for none`,
    );
  if (NOT_IN_IRI.test(value)) throw refuse('an IRI cannot hold spaces, controls or <>"{}|\\^`');
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    if (!URL.canParse(value)) throw refuse("not a valid absolute IRI");
    return value;
  }
  const path = value.startsWith("/") ? value.slice(1) : value;
  // A network-path (`//host/x`), a bare query or fragment, or dot-segments would name something else than a path
  // below the base IRI.
  if (value === "" || value.startsWith("//") || /^[?#]/.test(path) || /(?:^|\/)\.\.?(?:[/?#]|$)/.test(path))
    throw refuse("neither an absolute IRI nor a path");
  return base + path;
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
function isNotModified(req: Request, etag: string, lastModified: number | undefined): boolean {
  const inm = req.headers["if-none-match"];
  if (inm !== undefined) return etagMatches(inm, etag);
  const ims = req.headers["if-modified-since"];
  if (ims === undefined || lastModified === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(lastModified / 1000) * 1000 <= since;
}

/**
 * The entity tags of a variant's compressed bytes: a strong tag names the bytes, and compressed bytes are other bytes
 * (RFC 9110 §8.8.3), so the tag gets the coding appended (`"…-gzip"`, which {@link etagMatches} reads back). A weak
 * tag stays as it is: weak equality holds across codings.
 */
function codedEtags(etag: string): Readonly<Record<ContentCoding, string>> {
  const strong = /^"[^"]*"$/.test(etag);
  return Object.fromEntries(
    CONTENT_CODINGS.map((coding) => [coding, strong ? `${etag.slice(0, -1)}-${coding}"` : etag]),
  ) as Record<ContentCoding, string>;
}

/** Everything a variant's answer carries that does not change between requests, built on its first request. */
interface PreparedVariant {
  /** Header fields of a 200 and a 304 alike, except `Vary` and `Last-Modified`. */
  readonly headers: readonly (readonly [string, string])[];
  /** The fields of `Vary`, and them as one header value. */
  readonly vary: readonly string[];
  readonly varyValue: string;
  readonly etag: string;
  /** The tag of the bytes in each content coding. */
  readonly codedEtags: Readonly<Record<ContentCoding, string>>;
  /** When the resource last changed, in milliseconds since the epoch. */
  readonly lastModified: number | undefined;
  /** `lastModified` as an HTTP date, sent whenever it is not later than now. */
  readonly lastModifiedValue: string | undefined;
  readonly contentType: string;
  readonly contentLength: string;
  readonly body: Buffer;
}

/** What negotiation needs of a resource: its formats in our order and, per format, its variants and languages. */
interface Offer {
  readonly formats: readonly Format[];
  /** Names the set of formats, for the negotiation cache. */
  readonly key: string;
  readonly byFormat: ReadonlyMap<
    Format,
    { variants: readonly Variant[]; languages: readonly string[]; key: string }
  >;
}

/** Entries kept per negotiation cache before it starts over; headers longer than the limit are not cached. */
const NEGOTIATION_CACHE_SIZE = 1024;
const NEGOTIATION_CACHE_KEY_LIMIT = 512;

/**
 * A bounded memo of a pure negotiation function of (what is offered, a request header): clients send few distinct
 * headers, so most requests skip parsing them. Cleared when full, so a client sending endless variations costs
 * memory only up to the bound.
 */
function memo<A, T>(compute: (header: string | undefined, offered: A) => T) {
  const cache = new Map<string, T>();
  return (header: string | undefined, offered: A, offerKey: string): T => {
    if (header !== undefined && header.length > NEGOTIATION_CACHE_KEY_LIMIT) return compute(header, offered);
    const key = header === undefined ? offerKey : `${offerKey}\n${header}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(header, offered);
      if (cache.size >= NEGOTIATION_CACHE_SIZE) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
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
  // Checked even when `variants` are given, so that a wrong value fails where it is written.
  const sparqlEndpoint = resolveSparqlEndpoint(options.sparqlEndpoint, site.baseIri);
  const variants =
    options.variants ??
    renderSite(site, {
      formats,
      ...(sparqlEndpoint !== undefined ? { sparqlEndpoint } : {}),
    });
  const cacheControl = `public, max-age=${options.maxAge ?? 300}`;
  /** The site's home page's document (its catalog's), for `home`. */
  const homeDocument = options.home ? siteHome(site) : undefined;
  // The time now in milliseconds; without a clock of the caller's, without making a Date per request.
  const clock = options.now;
  const nowMs = clock ? () => clock().getTime() : Date.now;
  const compress = options.compress !== false;
  const base = site.baseIri;
  // Catalog views (pages, modified_since) are rendered on first request and kept, within a bound.
  const views = new Map<string, Resource>();
  const securityHeaders: [string, string][] = [
    ["Access-Control-Allow-Origin", "*"],
    ["Access-Control-Expose-Headers", EXPOSED_HEADERS],
    ["X-Content-Type-Options", "nosniff"],
  ];
  // Pages run no script (the JSON-LD block is data), load only their hashed stylesheet and https images, and may
  // not be framed (clickjacking).
  const pageHeaders: [string, string][] = [
    ["Content-Security-Policy", HTML_CONTENT_SECURITY_POLICY],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Frame-Options", "DENY"],
  ];
  // Every answer compression could change names Accept-Encoding in Vary: 304s, HEAD, and clients that ask for no
  // coding or get none (a short body) alike.
  const encodingVary = compress ? ["Accept-Encoding"] : [];
  // Per variant, its answer as served by negotiation (with Content-Location) and at its own URL; built on first use.
  const preparedNegotiated = new WeakMap<Variant, PreparedVariant>();
  const preparedExact = new WeakMap<Variant, PreparedVariant>();
  const offers = new WeakMap<Resource, Offer>();
  const formatIds = new Map<Format, number>();

  const setCommon = (res: Response) => {
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
  };

  const prepare = (resource: Resource, variant: Variant, negotiated: boolean): PreparedVariant => {
    const isPage = variant.format.mediaType === "text/html";
    const headers: [string, string][] = [
      ...securityHeaders,
      ["Cache-Control", cacheControl],
      ["ETag", variant.etag],
    ];
    const link = linkHeader(resource.variants.filter((v) => v !== variant));
    if (link) headers.push(["Link", link]);
    if (negotiated) headers.push(["Content-Location", variant.url]);
    if (isPage) headers.push(...pageHeaders);
    const vary = [...(negotiated ? ["Accept", ...(isPage ? ["Accept-Language"] : [])] : []), ...encodingVary];
    const lastModified = resource.lastModified;
    return {
      headers,
      vary,
      varyValue: vary.join(", "),
      etag: variant.etag,
      codedEtags: codedEtags(variant.etag),
      lastModified: lastModified?.getTime(),
      lastModifiedValue: lastModified?.toUTCString(),
      contentType: variant.contentType,
      contentLength: String(variant.body.byteLength),
      body: Buffer.from(variant.body.buffer, variant.body.byteOffset, variant.body.byteLength),
    };
  };

  const offerOf = (resource: Resource): Offer => {
    let offer = offers.get(resource);
    if (offer === undefined) {
      const byFormat = new Map<Format, { variants: Variant[]; languages: string[]; key: string }>();
      for (const v of resource.variants) {
        let entry = byFormat.get(v.format);
        if (entry === undefined) {
          entry = { variants: [], languages: [], key: "" };
          byFormat.set(v.format, entry);
        }
        entry.variants.push(v);
        entry.languages.push(v.language ?? "");
      }
      for (const entry of byFormat.values()) entry.key = entry.languages.join(",");
      const formatsOffered = [...byFormat.keys()];
      const key = formatsOffered
        .map((f) => {
          let id = formatIds.get(f);
          if (id === undefined) {
            id = formatIds.size;
            formatIds.set(f, id);
          }
          return id;
        })
        .join(",");
      offer = { formats: formatsOffered, key, byFormat };
      offers.set(resource, offer);
    }
    return offer;
  };

  // Negotiation is a pure function of what is offered and the request's headers: memoised per distinct header.
  const chooseByAccept = memo((accept, offered: readonly Format[]) =>
    chooseFormat(accept, undefined, offered),
  );
  const chooseByLanguage = memo(chooseLanguage);
  const chooseCoding = memo((acceptEncoding, _: null) => chooseContentCoding(acceptEncoding));

  /** The content coding of a body for a request: the same for its 200, its HEAD and its 304. */
  const codingOf = (req: Request, length: number): ContentCoding | undefined =>
    compress && length >= COMPRESSION_THRESHOLD
      ? chooseCoding(req.headers["accept-encoding"], null, "")
      : undefined;

  /** Sends a body in a coding, streamed (the client's pace, not the whole coded body in memory at once). */
  const sendCoded = (req: Request, res: Response, body: Buffer, coding: ContentCoding) => {
    const encoder = ENCODERS[coding](body.byteLength);
    pipeline(encoder, res, (error) => {
      // A client that goes away mid-body is not the server's failure.
      if (error && (error as { code?: unknown }).code !== "ERR_STREAM_PREMATURE_CLOSE")
        options.onError?.(error, req);
    });
    encoder.end(body);
  };

  /** Sets `Vary`, adding to what an earlier middleware set (e.g. `Vary: Origin`). */
  const setVary = (res: Response, p: PreparedVariant) => {
    if (p.vary.length === 0) return;
    if (res.getHeader("Vary") === undefined) res.setHeader("Vary", p.varyValue);
    else for (const field of p.vary) res.vary(field);
  };

  const sendVariant = (
    req: Request,
    res: Response,
    resource: Resource,
    variant: Variant,
    negotiated: boolean,
  ) => {
    const cache = negotiated ? preparedNegotiated : preparedExact;
    let p = cache.get(variant);
    if (p === undefined) {
      p = prepare(resource, variant, negotiated);
      cache.set(variant, p);
    }
    for (const [name, value] of p.headers) res.setHeader(name, value);
    setVary(res, p);
    let lastModified = p.lastModified;
    if (lastModified !== undefined) {
      const t = nowMs();
      if (lastModified > t) {
        lastModified = t;
        res.setHeader("Last-Modified", new Date(t).toUTCString());
      } else res.setHeader("Last-Modified", p.lastModifiedValue as string);
    }
    // Decided before the 304: RFC 9110 §15.4.5, a 304 carries the ETag its 200 would (the coded bytes' own), and
    // §9.3.2, HEAD the header fields GET would.
    const coding = codingOf(req, p.body.byteLength);
    if (coding) res.setHeader("ETag", p.codedEtags[coding]);
    if (isNotModified(req, p.etag, lastModified)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader("Content-Type", p.contentType);
    if (!coding) {
      res.setHeader("Content-Length", p.contentLength);
      res.end(p.body);
      return;
    }
    // The coded length is known only once coded: no Content-Length (chunked), for GET and HEAD alike.
    res.setHeader("Content-Encoding", coding);
    if (req.method === "HEAD") res.end();
    else sendCoded(req, res, p.body, coding);
  };

  /**
   * The variant of a resource a request asks for: the format by `?format=` or `Accept`, then, for HTML, the language
   * by `Accept-Language`; or why there is none.
   */
  const pickVariant = (
    req: Request,
    resource: Resource,
    formatParam: string | undefined,
  ): { ok: true; variant: Variant } | (Choice & { ok: false }) => {
    const offer = offerOf(resource);
    let choice: Choice;
    if (formatParam === undefined) choice = chooseByAccept(req.headers.accept, offer.formats, offer.key);
    else choice = chooseFormat(req.headers.accept, formatParam, offer.formats);
    if (!choice.ok) return choice;
    const candidates = offer.byFormat.get(choice.format);
    let variant = candidates?.variants[0] as Variant;
    if (candidates && candidates.variants.length > 1 && choice.format.mediaType === "text/html") {
      const language = chooseByLanguage(req.headers["accept-language"], candidates.languages, candidates.key);
      variant = candidates.variants.find((v) => v.language === language) ?? variant;
    }
    return { ok: true, variant };
  };

  const sendNegotiated = (
    req: Request,
    res: Response,
    resource: Resource,
    formatParam: string | undefined,
  ) => {
    const choice = pickVariant(req, resource, formatParam);
    if (!choice.ok) {
      res.vary("Accept");
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
    sendVariant(req, res, resource, choice.variant, true);
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
        ...(view.groups ? { groups: view.groups } : {}),
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
    // Express parses the query string on every read of req.query; most requests have none.
    if (!req.url.includes("?")) return undefined;
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
      // A browser (HTML preferred) goes to the site's home page, its catalog's document (the page every page's
      // header links to); a data client to the whole catalog.
      const choice = chooseFormat(req.headers.accept, undefined, formats);
      const target =
        homeDocument && choice.ok && choice.format.mediaType === "text/html"
          ? homeDocument.documentIri
          : `${base}catalog`;
      setCommon(res);
      res.vary("Accept");
      res.set("Cache-Control", cacheControl);
      res.status(303).location(target).type("text/plain; charset=utf-8").send(`See Other: ${target}\n`);
      return;
    }
    const resource = variants.byPath.get(path);
    const exact = resource?.negotiated ? undefined : variants.variantByPath.get(path);
    const known =
      resource !== undefined ||
      exact !== undefined ||
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
    const catalog = path.startsWith("catalog") ? CATALOG_PATH.exec(path) : null;
    const query = catalog ? parseCatalogQuery(req.query as Record<string, unknown>) : undefined;
    if (catalog && query) {
      let fixed = catalog[1];
      const formatParam = fixed === undefined ? formatParamOf(req) : undefined;
      // Negotiated, a page links to negotiated pages (catalog?page=2). With ?format=, it links to pages in the format
      // it was asked for, by the path of its Content-Location (catalog.rdf?page=2, catalog.en.html?page=2), as
      // /catalog.rdf?page=1 does: a harvester (ckanext-dcat) reads later pages as the first one's type.
      const whole = formatParam === undefined ? undefined : variants.byPath.get("catalog");
      const picked = whole ? pickVariant(req, whole, formatParam) : undefined;
      if (picked?.ok) fixed = picked.variant.path.slice("catalog.".length);
      if (fixed === undefined)
        return sendNegotiated(req, res, catalogResource(query, undefined), formatParam);
      const view = catalogResource(query, fixed);
      const variant = view.variants.find((v) => v.path.startsWith(`catalog.${fixed}?`));
      // By ?format=, answered as negotiated (Vary, Content-Location), as any ?format= is; by extension, as a file.
      return variant ? sendVariant(req, res, view, variant, catalog[1] === undefined) : next();
    }
    if (resource?.negotiated) return sendNegotiated(req, res, resource, formatParamOf(req));
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
  const feed = options.feed !== false;
  if (feed) router.use(createFeedRoutes({ site, ...(options.feed ?? {}) }));
  for (const r of options.routes ?? []) router.use(r);
  // A route switched off (`feed: false`, `sparql: false`) leaves its paths to the application.
  const fallthrough = options.fallthrough !== false;
  router.use((req: Request, _res: Response, next: NextFunction) => {
    const path = decodePath(req.path);
    if (path === undefined)
      return next(new LodError("parse_error", "Malformed percent-encoding in the path"));
    if (fallthrough && !OWN_PATH.test(path) && !(feed && FEED_PATH.test(path))) return next();
    // DESIGN §4: an unknown resource is 404 in the negotiated format (the error handler's text or HTML).
    next(new NotFoundError(base + printablePath(path)));
  });
  router.use(createErrorHandler(options.onError ? { onError: options.onError } : {}));
  return router;
}
