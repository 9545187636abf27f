import type { Quad } from "@rdfjs/types";
import { Parser } from "n3";
import { IoError, ParseError } from "../errors.js";
import { writeNTriples } from "../serialize/turtle.js";
import { QueryTimeoutError } from "../sparql/errors.js";
import type { FetchLike } from "./auth.js";

/** Options of a store request. */
export interface StoreRequestOptions {
  /** Give up after this many milliseconds. */
  timeoutMs?: number;
}

/** A SPARQL 1.1 Protocol client (query operations only). */
export interface SparqlClient {
  readonly endpoint: string;
  /**
   * Sends a query (POST, form-encoded, SPARQL 1.1 Protocol §2.1.2) and returns the body as text; rejects with
   * `IoError` for a non-2xx answer and `QueryTimeoutError` when `timeoutMs` passes.
   */
  query(
    query: string,
    accept: string,
    options?: StoreRequestOptions & { defaultGraphs?: readonly string[]; namedGraphs?: readonly string[] },
  ): Promise<string>;
}

/** A SPARQL 1.1 Graph Store HTTP Protocol client, graphs named by indirect identification (`?graph=`). */
export interface GraphStoreClient {
  readonly endpoint: string;
  /** The graph's triples, or undefined when the store has no such graph (404). */
  get(graph: string, options?: StoreRequestOptions): Promise<Quad[] | undefined>;
  /** Replaces the graph with these triples in one request (GSP §5.3: PUT replaces the graph). */
  put(graph: string, quads: Iterable<Quad>, options?: StoreRequestOptions): Promise<void>;
  /** Removes the graph; a graph that does not exist is not an error. */
  delete(graph: string, options?: StoreRequestOptions): Promise<void>;
}

function describeFailure(what: string, res: Response, body: string): IoError {
  const detail = body.replace(/\s+/g, " ").trim().slice(0, 300);
  return new IoError(`${what}: HTTP ${res.status} ${res.statusText}${detail ? ` — ${detail}` : ""}`);
}

async function call(
  fetchImpl: FetchLike,
  what: string,
  url: string,
  init: RequestInit,
  timeoutMs: number | undefined,
): Promise<Response> {
  try {
    return await fetchImpl(
      url,
      timeoutMs === undefined ? init : { ...init, signal: AbortSignal.timeout(timeoutMs) },
    );
  } catch (cause) {
    if ((cause as Error)?.name === "TimeoutError" && timeoutMs !== undefined)
      throw new QueryTimeoutError(timeoutMs, { cause });
    throw new IoError(`${what}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Pauses before each retry of an idempotent request. */
const RETRY_DELAYS_MS = [250, 1000] as const;

/**
 * Sends an idempotent request (PUT, DELETE: RFC 9110 §9.2.2) and sends it again when the store answers 5xx.
 * Stores fail transiently under concurrent writes — Virtuoso, on a fresh database, answers 500 "Non unique
 * primary key on DB.DBA.RDF_LANGUAGE" when two graphs bring the same new language tag at once — and repeating a
 * PUT or DELETE cannot change the outcome, so it is safe. The last answer is returned, whatever it is.
 */
async function callIdempotent(
  fetchImpl: FetchLike,
  what: string,
  url: string,
  init: RequestInit,
  timeoutMs: number | undefined,
): Promise<Response> {
  let res = await call(fetchImpl, what, url, init, timeoutMs);
  for (const delay of RETRY_DELAYS_MS) {
    if (res.status < 500) break;
    await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, delay));
    res = await call(fetchImpl, what, url, init, timeoutMs);
  }
  return res;
}

/**
 * Creates a SPARQL 1.1 Protocol client for a query endpoint.
 * @example
 * const sparql = createSparqlClient("http://localhost:8890/sparql");
 * const json = await sparql.query("ASK {}", "application/sparql-results+json");
 */
export function createSparqlClient(endpoint: string, fetchImpl: FetchLike = fetch): SparqlClient {
  return {
    endpoint,
    async query(query, accept, options = {}) {
      const form = new URLSearchParams({ query });
      for (const g of options.defaultGraphs ?? []) form.append("default-graph-uri", g);
      for (const g of options.namedGraphs ?? []) form.append("named-graph-uri", g);
      const what = `SPARQL query to ${endpoint}`;
      const res = await call(
        fetchImpl,
        what,
        endpoint,
        {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
          body: form.toString(),
        },
        options.timeoutMs,
      );
      const text = await res.text();
      if (!res.ok) throw describeFailure(what, res, text);
      return text;
    },
  };
}

function graphUrl(endpoint: string, graph: string): string {
  return `${endpoint}${endpoint.includes("?") ? "&" : "?"}graph=${encodeURIComponent(graph)}`;
}

/**
 * Creates a Graph Store Protocol client. Graphs travel as N-Triples labelled `text/turtle` (N-Triples is Turtle),
 * the one RDF syntax every store accepts.
 * @example
 * const gsp = createGraphStoreClient("http://localhost:8890/sparql-graph-crud-auth", createAuthFetch(credentials));
 * await gsp.put("https://example.gov/doc/news/x", quads);
 */
export function createGraphStoreClient(endpoint: string, fetchImpl: FetchLike = fetch): GraphStoreClient {
  return {
    endpoint,
    async get(graph, options = {}) {
      const what = `GET graph <${graph}> from ${endpoint}`;
      const res = await call(
        fetchImpl,
        what,
        graphUrl(endpoint, graph),
        { headers: { Accept: "application/n-triples, text/turtle;q=0.9" } },
        options.timeoutMs,
      );
      const text = await res.text();
      if (res.status === 404) return undefined;
      if (!res.ok) throw describeFailure(what, res, text);
      const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      try {
        return new Parser({
          format: type === "application/n-triples" ? "application/n-triples" : "text/turtle",
        }).parse(text);
      } catch (cause) {
        throw new ParseError(`${what}: the store answered with unreadable RDF: ${(cause as Error).message}`, {
          cause,
        });
      }
    },
    async put(graph, quads, options = {}) {
      const what = `PUT graph <${graph}> to ${endpoint}`;
      const res = await callIdempotent(
        fetchImpl,
        what,
        graphUrl(endpoint, graph),
        {
          method: "PUT",
          headers: { "Content-Type": "text/turtle; charset=utf-8" },
          body: Buffer.from(writeNTriples(quads), "utf8"),
        },
        options.timeoutMs,
      );
      const text = await res.text();
      if (!res.ok) throw describeFailure(what, res, text);
    },
    async delete(graph, options = {}) {
      const what = `DELETE graph <${graph}> from ${endpoint}`;
      const res = await callIdempotent(
        fetchImpl,
        what,
        graphUrl(endpoint, graph),
        { method: "DELETE" },
        options.timeoutMs,
      );
      const text = await res.text();
      if (!res.ok && res.status !== 404) throw describeFailure(what, res, text);
    },
  };
}
