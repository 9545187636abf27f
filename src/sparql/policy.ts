import { Generator, Parser, type SparqlQuery } from "sparqljs";
import { LodError, ParseError } from "../errors.js";
import { QueryRefusedError } from "./errors.js";

/** The four SPARQL 1.1 query forms. */
export type QueryForm = "SELECT" | "ASK" | "CONSTRUCT" | "DESCRIBE";

/** A query that passed the endpoint's policy, ready to run. */
export interface InspectedQuery {
  readonly form: QueryForm;
  /**
   * The text to run: the original, or — when it had no `LIMIT` or one above the result limit — the parsed query
   * written back with `LIMIT maxResults + 1`, so the engine stops early and one extra row shows the overflow.
   */
  readonly text: string;
  /** Whether {@link text} was rewritten. */
  readonly rewritten: boolean;
  /** Whether the query names its own dataset (`FROM`, `FROM NAMED`). */
  readonly hasDataset: boolean;
}

/** Options of {@link inspectQuery}. */
export interface InspectOptions {
  /** Relative IRIs in the query resolve against this (the site's base IRI). */
  baseIri?: string;
  /** The most rows (SELECT) or solutions (CONSTRUCT, DESCRIBE) one answer may have. */
  maxResults?: number;
}

/**
 * Parses a query with a full SPARQL 1.1 grammar (sparqljs) and applies the endpoint's policy: updates are
 * refused (read-only), any `SERVICE` — at any depth, also inside `EXISTS` and sub-queries — is refused (no
 * outbound requests), and the result size is capped with `LIMIT`.
 * Throws {@link ParseError} with the parser's message for a syntax error, {@link QueryRefusedError} otherwise.
 * @example
 * const { form, text } = inspectQuery("SELECT * { ?s ?p ?o }", { maxResults: 1000 });
 */
export function inspectQuery(query: string, options: InspectOptions = {}): InspectedQuery {
  if (query.trim() === "") throw new LodError("usage_error", "The request has no query.");
  let parsed: SparqlQuery;
  try {
    parsed = new Parser(options.baseIri ? { baseIRI: options.baseIri } : {}).parse(query);
  } catch (cause) {
    const line = (cause as { hash?: { line?: number; loc?: { first_line?: number } } }).hash;
    const at = line?.loc?.first_line ?? (line?.line === undefined ? undefined : line.line + 1);
    throw new ParseError(`SPARQL syntax error: ${(cause as Error).message}`, {
      cause,
      ...(at === undefined ? {} : { line: at }),
    });
  }
  if (parsed.type === "update") {
    throw new QueryRefusedError("update", "This endpoint is read-only: SPARQL updates are refused.");
  }
  // sparqljs reads a text of only comments or PREFIX declarations as an empty document of neither kind.
  if ((parsed as { type?: unknown }).type !== "query") {
    throw new ParseError(
      "SPARQL syntax error: no query form (SELECT, ASK, CONSTRUCT or DESCRIBE) in the text.",
    );
  }
  if (containsService(parsed)) {
    throw new QueryRefusedError(
      "service",
      "SERVICE (federated query) is refused: this endpoint makes no outbound requests.",
    );
  }
  const form = parsed.queryType;
  const hasDataset = (parsed.from?.default.length ?? 0) + (parsed.from?.named.length ?? 0) > 0;
  const max = options.maxResults;
  // Every form has solution modifiers (SPARQL 1.1 §16: CONSTRUCT and DESCRIBE too); the typings only list SELECT's.
  const modified = parsed as { limit?: number };
  if (max === undefined || form === "ASK" || (modified.limit !== undefined && modified.limit <= max)) {
    return { form, text: query, rewritten: false, hasDataset };
  }
  modified.limit = max + 1;
  return { form, text: new Generator().stringify(parsed), rewritten: true, hasDataset };
}

/** Walks the whole parse tree: a `service` pattern may hide in groups, unions, optionals, filters and sub-queries. */
function containsService(node: unknown): boolean {
  const stack: unknown[] = [node];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== "object" || seen.has(n)) continue;
    seen.add(n);
    if ((n as { type?: unknown }).type === "service") return true;
    for (const value of Object.values(n)) if (value !== null && typeof value === "object") stack.push(value);
  }
  return false;
}
