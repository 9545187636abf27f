import type { Quad } from "@rdfjs/types";
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { DataFactory } from "n3";
import { LodError } from "../errors.js";
import { type Format, RDF_FORMATS } from "../serialize/formats.js";
import { chooseFormat, negotiateMediaType } from "../serialize/negotiate.js";
import type { QueryOptions, SparqlEngine } from "../sparql/engine.js";
import { QueryRefusedError } from "../sparql/errors.js";
import { inspectQuery } from "../sparql/policy.js";
import { RESULT_FORMATS, type ResultFormat } from "../sparql/results.js";
import { type OnError, sendError, statusOf } from "./error-handler.js";

/** Options of {@link createSparqlRouter}. */
export interface SparqlRouteOptions {
  /** The engine, or a function that creates it on the first query (the embedded engine starts threads). */
  engine: SparqlEngine | (() => SparqlEngine);
  /** The site's base IRI: the endpoint is `{base}sparql`. */
  baseIri: string;
  /** RDF formats for CONSTRUCT and DESCRIBE, in preference order; default Turtle, JSON-LD, N-Triples, N-Quads, RDF/XML. */
  formats?: readonly Format[];
  /** The largest POST body accepted, in bytes; default 256 KiB. */
  maxBodyBytes?: number;
  /** Called with every error answered with a 5xx. */
  onError?: OnError;
}

const SD = "http://www.w3.org/ns/sparql-service-description#";
const FORMATS_NS = "http://www.w3.org/ns/formats/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/** W3C format IRIs (https://www.w3.org/ns/formats/) of what the endpoint answers in. */
const FORMAT_IRIS: Readonly<Record<string, string>> = {
  "application/sparql-results+json": "SPARQL_Results_JSON",
  "application/sparql-results+xml": "SPARQL_Results_XML",
  "text/csv": "SPARQL_Results_CSV",
  "text/tab-separated-values": "SPARQL_Results_TSV",
  "text/turtle": "Turtle",
  "application/ld+json": "JSON-LD",
  "application/n-triples": "N-Triples",
  "application/n-quads": "N-Quads",
  "application/rdf+xml": "RDF_XML",
};

const FORM_PAGE: Format = {
  id: "html",
  mediaType: "text/html",
  charset: true,
  label: "HTML form",
  write: () => "",
};

const EXAMPLE_QUERY = `PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>

SELECT ?item ?title ?published WHERE {
  ?item a schema:NewsArticle ;
        schema:headline ?title ;
        schema:datePublished ?published .
}
ORDER BY DESC(?published)
LIMIT 20`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formPage(
  endpoint: string,
  query: string,
  limits: { timeoutMs: number; maxResults: number },
): string {
  const options = [...RESULT_FORMATS.map((f) => [f.id, f.label]), ...RDF_FORMATS.map((f) => [f.id, f.label])]
    .map(
      ([id, label]) => `<option value="${escapeHtml(id as string)}">${escapeHtml(label as string)}</option>`,
    )
    .join("");
  const limitText = `<p>Read-only. Each query may run ${limits.timeoutMs / 1000} s and return ${limits.maxResults} rows or triples; <code>SERVICE</code> is not allowed.</p>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL endpoint</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}textarea{width:100%;font-family:ui-monospace,monospace;font-size:.95rem}label{margin-right:.5rem}</style>
</head>
<body>
<h1>SPARQL endpoint</h1>
<p>Query this site's linked data with <a href="https://www.w3.org/TR/sparql11-query/">SPARQL 1.1</a>. Programs send the same
request: <code>GET ${escapeHtml(endpoint)}?query=…</code> or <code>POST</code> with <code>application/sparql-query</code>.
The default graph is the union of every document's graph; each document is also a named graph (its IRI).</p>
${limitText}
<form method="get" action="${escapeHtml(endpoint)}">
<p><label for="query">Query</label></p>
<textarea id="query" name="query" rows="16" spellcheck="false">${escapeHtml(query)}</textarea>
<p><label for="format">Answer as</label><select id="format" name="format">${options}</select>
<button type="submit">Run query</button></p>
</form>
</body>
</html>
`;
}

function serviceDescription(endpoint: string, formats: readonly Format[]): Quad[] {
  const { namedNode, quad } = DataFactory;
  const s = namedNode(endpoint);
  const out: Quad[] = [
    quad(s, namedNode(RDF_TYPE), namedNode(`${SD}Service`)),
    quad(s, namedNode(`${SD}endpoint`), s),
    quad(s, namedNode(`${SD}supportedLanguage`), namedNode(`${SD}SPARQL11Query`)),
    quad(s, namedNode(`${SD}feature`), namedNode(`${SD}UnionDefaultGraph`)),
  ];
  for (const mt of [...RESULT_FORMATS.map((f) => f.mediaType), ...formats.map((f) => f.mediaType)]) {
    const local = FORMAT_IRIS[mt];
    if (local) out.push(quad(s, namedNode(`${SD}resultFormat`), namedNode(`${FORMATS_NS}${local}`)));
  }
  return out;
}

/** The one value of a request parameter; an array (repeated parameter) is a client mistake. */
function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  throw new LodError("usage_error", `The parameter "${name}" must be given exactly once.`);
}

function many(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** Media types for results, with aliases after the registered types so ties go to the registered ones. */
const RESULT_OFFERS: readonly [string, ResultFormat][] = [
  ...RESULT_FORMATS.map((f) => [f.mediaType, f] as [string, ResultFormat]),
  ...RESULT_FORMATS.flatMap((f) => (f.aliases ?? []).map((a) => [a, f] as [string, ResultFormat])),
];

function chooseResultFormat(
  accept: string | undefined,
  formatParam: string | undefined,
): ResultFormat | undefined {
  if (formatParam !== undefined && formatParam.trim() !== "") {
    const key = formatParam.trim().toLowerCase();
    return RESULT_FORMATS.find((f) => f.id === key || f.mediaType === key || f.aliases?.includes(key));
  }
  const chosen = negotiateMediaType(
    accept,
    RESULT_OFFERS.map(([mt]) => mt),
  );
  return RESULT_OFFERS.find(([mt]) => mt === chosen)?.[1];
}

/**
 * Creates the `/sparql` route (SPARQL 1.1 Protocol, read-only): `GET` with `query`, `POST` with a form or an
 * `application/sparql-query` body; SELECT and ASK as JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE in the RDF
 * formats, by `Accept` or `format`. Syntax errors are 400 with the parser's message; updates and `SERVICE` 403;
 * queries over the time or size limit 422. Without a query, people get an HTML form and programs the service
 * description (SPARQL 1.1 Service Description).
 * @example
 * router.use(createSparqlRouter({ engine: () => createEmbeddedEngine(siteQuads(site), { baseIri }), baseIri }));
 */
export function createSparqlRouter(options: SparqlRouteOptions): Router {
  const formats = (options.formats ?? RDF_FORMATS).filter((f) => f.mediaType !== "text/html");
  const endpoint = `${options.baseIri}sparql`;
  const limit = options.maxBodyBytes ?? 256 * 1024;
  let engine: SparqlEngine | undefined = typeof options.engine === "function" ? undefined : options.engine;
  const getEngine = (): SparqlEngine => {
    engine ??= (options.engine as () => SparqlEngine)();
    return engine;
  };

  const fail = (req: Request, res: Response, error: unknown) => {
    const status = statusOf(error);
    if (status >= 500 && status !== 503) options.onError?.(error, req);
    if (status === 503) res.set("Retry-After", "1");
    res.set("Access-Control-Allow-Origin", "*");
    sendError(req, res, {
      status,
      message:
        status >= 500
          ? "The server could not answer this request."
          : error instanceof Error
            ? error.message
            : "The request is not valid.",
    });
  };

  const answer = async (req: Request, res: Response, params: Record<string, unknown>) => {
    res.vary("Accept");
    res.set("Access-Control-Allow-Origin", "*");
    // SPARQL 1.1 Protocol §2.2: updates go to an update service, which this endpoint is not.
    if (params.update !== undefined) {
      throw new QueryRefusedError("update", "This endpoint is read-only: SPARQL updates are refused.");
    }
    const query = single(params.query, "query");
    const formatParam = single(params.format, "format");
    if (query === undefined) {
      const choice = chooseFormat(req.get("accept"), formatParam, [...formats, FORM_PAGE]);
      if (!choice.ok)
        throw new LodError(
          "not_acceptable",
          `Not acceptable; available: ${[...formats, FORM_PAGE].map((f) => f.mediaType).join(", ")}`,
        );
      res.set("Cache-Control", "public, max-age=3600");
      if (choice.format === FORM_PAGE) {
        // The form page: its own inline stylesheet, no script, submits only to this endpoint, never framed.
        res.set(
          "Content-Security-Policy",
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        );
        res.set("Referrer-Policy", "strict-origin-when-cross-origin");
        res.set("X-Frame-Options", "DENY");
        res.set("X-Content-Type-Options", "nosniff");
        res.type("text/html; charset=utf-8").send(formPage(endpoint, EXAMPLE_QUERY, getEngine().limits));
        return;
      }
      const f = choice.format;
      res.type(f.charset ? `${f.mediaType}; charset=utf-8` : f.mediaType);
      res.send(
        Buffer.from(
          f.write(serviceDescription(endpoint, formats), {
            baseIri: options.baseIri,
            jsonLdContext: `${options.baseIri}context.jsonld`,
          }),
        ),
      );
      return;
    }
    // Parse first: a syntax error or a refused query never reaches the engine, and the form decides the formats.
    const { form } = inspectQuery(query, { baseIri: options.baseIri });
    const dataset: QueryOptions = {};
    const defaultGraphs = many(params["default-graph-uri"]);
    const namedGraphs = many(params["named-graph-uri"]);
    if (defaultGraphs) dataset.defaultGraphs = defaultGraphs;
    if (namedGraphs) dataset.namedGraphs = namedGraphs;
    res.set("Cache-Control", "no-cache");
    res.set("X-Content-Type-Options", "nosniff");
    if (form === "SELECT" || form === "ASK") {
      const rf = chooseResultFormat(req.get("accept"), formatParam);
      if (!rf)
        throw new LodError(
          "not_acceptable",
          `Not acceptable; available: ${RESULT_FORMATS.map((f) => f.mediaType).join(", ")}`,
        );
      const result = await getEngine().query(query, dataset);
      if (result.form !== "SELECT" && result.form !== "ASK")
        throw new Error(`The engine answered ${result.form} to ${form}`);
      res
        .type(rf.charset ? `${rf.mediaType}; charset=utf-8` : rf.mediaType)
        .send(Buffer.from(rf.write(result)));
      return;
    }
    const choice = chooseFormat(req.get("accept"), formatParam, formats);
    if (!choice.ok)
      throw new LodError(
        "not_acceptable",
        `Not acceptable; available: ${formats.map((f) => f.mediaType).join(", ")}`,
      );
    const result = await getEngine().query(query, dataset);
    if (result.form !== "CONSTRUCT" && result.form !== "DESCRIBE")
      throw new Error(`The engine answered ${result.form} to ${form}`);
    const f = choice.format;
    res.type(f.charset ? `${f.mediaType}; charset=utf-8` : f.mediaType);
    res.send(
      f.write(result.quads, { baseIri: options.baseIri, jsonLdContext: `${options.baseIri}context.jsonld` }),
    );
  };

  const router = Router();
  router.get("/sparql", (req, res) => {
    answer(req, res, req.query).catch((e) => fail(req, res, e));
  });
  router.post(
    "/sparql",
    (req: Request, res: Response, next: NextFunction) => {
      const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (type === "application/sparql-update") {
        fail(
          req,
          res,
          new QueryRefusedError("update", "This endpoint is read-only: SPARQL updates are refused."),
        );
        return;
      }
      if (type !== "application/x-www-form-urlencoded" && type !== "application/sparql-query") {
        res.set("Accept-Post", "application/x-www-form-urlencoded, application/sparql-query");
        sendError(req, res, {
          status: 415,
          message:
            "Send the query as application/sparql-query or as a form (application/x-www-form-urlencoded).",
        });
        return;
      }
      next();
    },
    express.urlencoded({ extended: false, limit, parameterLimit: 100 }),
    express.text({ type: "application/sparql-query", limit }),
    (req: Request, res: Response) => {
      const isForm = typeof req.body === "object" && req.body !== null;
      // SPARQL 1.1 Protocol §2.1.3: with a direct POST the dataset and other parameters are in the URL.
      const params: Record<string, unknown> = isForm
        ? { ...req.query, ...(req.body as Record<string, unknown>) }
        : { ...req.query, query: typeof req.body === "string" ? req.body : "" };
      answer(req, res, params).catch((e) => fail(req, res, e));
    },
  );
  router.all("/sparql", (req, res) => {
    res.set("Allow", "GET, HEAD, POST");
    sendError(req, res, { status: 405, message: "The SPARQL endpoint answers GET and POST." });
  });
  // Body-parser failures (too large, bad encoding) carry their 4xx status.
  router.use("/sparql", (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    fail(req, res, error);
  });
  return router;
}
