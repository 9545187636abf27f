import { createHash } from "node:crypto";
import { type Request, type RequestHandler, type Response, Router } from "express";
import { type FeedEvent, initialEvents } from "../feed/events.js";
import { type FeedOptions, type FeedView, feedMember, feedPage, feedRoot } from "../feed/ldes.js";
import { contentTypeOf, type Format, RDF_FORMATS } from "../serialize/formats.js";
import { chooseFormat } from "../serialize/negotiate.js";
import type { Site } from "../site/site.js";
import { sendError } from "./error-handler.js";

/** Options of {@link createFeedRoutes}. */
export interface FeedRoutesOptions {
  /** The site, for its base IRI and, without `events`, its documents. */
  site: Site;
  /**
   * The event log (`updateFeedLog(...).events`), or a function returning its current events. Without it, the feed
   * is the site's current state: one creation per document.
   */
  events?: readonly FeedEvent[] | (() => readonly FeedEvent[]);
  /** Members per page. */
  pageSize?: number;
  /** Retention as an ISO 8601 duration (`P1Y`). */
  retention?: string;
  /** RDF formats offered, in our order of preference. Default: every RDF format (no HTML). */
  formats?: readonly Format[];
  /** `max-age` of the root and of the newest page, in seconds. Default 60. */
  maxAge?: number;
  /** The clock, for retention. */
  now?: () => Date;
}

/** A page with a later page never changes again: a year, and `immutable` (RFC 8246). */
const IMMUTABLE = "public, max-age=31536000, immutable";

interface Rendered {
  body: Buffer;
  etag: string;
  contentType: string;
}

/**
 * Express routes of the change feed (DESIGN §4, `GET /feed`): the LDES root `/feed`, pages `/feed/{n}` and members
 * `/feed/member/{seq}`, negotiated among the RDF formats (`.ext` and `?format=` too) with ETags, 304s, CORS and
 * `Cache-Control: immutable` on pages that can no longer change. Mount with `createLodRouter({ routes: [...] })`.
 * @example
 * const { events } = await updateFeedLog(feedLogPathFor("site"), site);
 * app.use(createLodRouter({ site, routes: [createFeedRoutes({ site, events })] }));
 */
export function createFeedRoutes(options: FeedRoutesOptions): RequestHandler {
  const { site } = options;
  const formats = options.formats ?? RDF_FORMATS;
  const fromSite = options.events === undefined ? initialEvents(site) : undefined;
  const eventsNow = (): readonly FeedEvent[] =>
    fromSite ??
    (typeof options.events === "function" ? options.events() : (options.events as readonly FeedEvent[]));
  const shortCache = `public, max-age=${options.maxAge ?? 60}`;
  const cache = new Map<string, Rendered>();

  const feedOptions = (): FeedOptions => ({
    baseIri: site.baseIri,
    now: (options.now ?? (() => new Date()))(),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    ...(options.retention !== undefined ? { retention: options.retention } : {}),
  });

  const render = (key: string, view: FeedView, format: Format): Rendered => {
    let r = cache.get(`${key} ${format.id}`);
    if (!r) {
      const body = Buffer.from(
        format.write(view.quads, { baseIri: site.baseIri, jsonLdContext: `${site.baseIri}context.jsonld` }),
        "utf8",
      );
      r = {
        body,
        etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
        contentType: contentTypeOf(format),
      };
      if (cache.size >= 1024) cache.clear();
      cache.set(`${key} ${format.id}`, r);
    }
    return r;
  };

  const answer = (
    req: Request,
    res: Response,
    path: string,
    ext: string | undefined,
    view: FeedView | undefined,
  ) => {
    res.vary("Accept");
    if (!view) {
      sendError(req, res, {
        status: 404,
        message: `${site.baseIri}${path} is not in the feed (unknown, or past its retention).`,
      });
      return;
    }
    const formatParam = ext ?? (typeof req.query.format === "string" ? req.query.format : undefined);
    const choice = chooseFormat(req.get("accept"), formatParam, formats);
    if (!choice.ok) {
      sendError(req, res, {
        status: 406,
        message: `${site.baseIri}${path} is available as:`,
        lines: formats.map((f) => ({ text: f.mediaType, href: `${site.baseIri}${path}.${f.id}` })),
      });
      return;
    }
    const events = eventsNow();
    // The key changes with the log, so a page that gained members or relations is rendered again.
    const r = render(`${events.length} ${path}`, view, choice.format);
    res.set("Access-Control-Allow-Origin", "*");
    res.set("Cache-Control", view.immutable ? IMMUTABLE : shortCache);
    res.set("ETag", r.etag);
    if (choice.negotiated) res.set("Content-Location", `${site.baseIri}${path}.${choice.format.id}`);
    const inm = req.get("if-none-match");
    if (inm?.split(",").some((t) => t.trim().replace(/^W\//, "") === r.etag || t.trim() === "*")) {
      res.status(304).end();
      return;
    }
    res
      .status(200)
      .set("Content-Type", r.contentType)
      .set("Content-Length", String(r.body.length))
      .end(r.body);
  };

  const ext = (raw: string | undefined) => (raw ? raw.slice(1) : undefined);
  const router = Router({ strict: true, caseSensitive: true });
  router.get(/^\/feed(\.[a-z]+)?$/, (req, res) => {
    answer(req, res, "feed", ext(req.params[0]), feedRoot(eventsNow(), feedOptions()));
  });
  router.get(/^\/feed\/(0|[1-9]\d{0,8})(\.[a-z]+)?$/, (req, res) => {
    const n = Number(req.params[0]);
    answer(req, res, `feed/${n}`, ext(req.params[1]), feedPage(eventsNow(), n, feedOptions()));
  });
  router.get(/^\/feed\/member\/(0|[1-9]\d{0,8})(\.[a-z]+)?$/, (req, res) => {
    const seq = Number(req.params[0]);
    answer(req, res, `feed/member/${seq}`, ext(req.params[1]), feedMember(eventsNow(), seq, feedOptions()));
  });
  return router;
}
