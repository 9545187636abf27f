import type { Quad } from "@rdfjs/types";
import { ParseError } from "../errors.js";

/** An RDF term as SPARQL 1.1 Query Results JSON writes it (§3.2.2), with RDF 1.2 triple terms. */
export type ResultTerm =
  | { readonly type: "uri"; readonly value: string }
  | { readonly type: "bnode"; readonly value: string }
  | {
      readonly type: "literal";
      readonly value: string;
      readonly "xml:lang"?: string;
      readonly datatype?: string;
    }
  | {
      readonly type: "triple";
      readonly value: {
        readonly subject: ResultTerm;
        readonly predicate: ResultTerm;
        readonly object: ResultTerm;
      };
    };

/** One solution: variable name (without `?`) to term; unbound variables are absent. */
export type Solution = Readonly<Record<string, ResultTerm>>;

/** The answer to a query, whichever its form. */
export type QueryResult =
  | { readonly form: "SELECT"; readonly vars: readonly string[]; readonly solutions: readonly Solution[] }
  | { readonly form: "ASK"; readonly boolean: boolean }
  | { readonly form: "CONSTRUCT" | "DESCRIBE"; readonly quads: readonly Quad[] };

/** The answer of a SELECT or ASK query. */
export type TabularResult = Extract<QueryResult, { form: "SELECT" | "ASK" }>;

/** A serialization of SELECT and ASK results (SPARQL 1.1 Query Results formats). */
export interface ResultFormat {
  /** Short name, used in `?format=`. */
  readonly id: string;
  readonly mediaType: string;
  /** Whether `; charset=utf-8` belongs on the Content-Type. */
  readonly charset: boolean;
  readonly label: string;
  /** Other media types it answers in negotiation. */
  readonly aliases?: readonly string[];
  /** Writes the result as text. */
  write(result: TabularResult): string;
}

const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/**
 * Reads SPARQL 1.1 Query Results JSON (from Oxigraph or a remote store). Accepts the `typed-literal` type older
 * servers (Virtuoso) still send. Throws {@link ParseError} when the document is not a results document.
 */
export function parseJsonResults(text: string): TabularResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new ParseError(`SPARQL results are not JSON: ${(cause as Error).message}`, { cause });
  }
  const d = doc as { head?: { vars?: unknown }; boolean?: unknown; results?: { bindings?: unknown } };
  if (typeof d?.boolean === "boolean") return { form: "ASK", boolean: d.boolean };
  if (!Array.isArray(d?.results?.bindings))
    throw new ParseError("SPARQL results JSON has neither boolean nor results.bindings");
  const vars = Array.isArray(d.head?.vars)
    ? d.head.vars.filter((v): v is string => typeof v === "string")
    : [];
  const solutions = (d.results.bindings as Record<string, unknown>[]).map((b) => {
    const s: Record<string, ResultTerm> = {};
    for (const [k, v] of Object.entries(b)) s[k] = readTerm(v);
    return s;
  });
  return { form: "SELECT", vars, solutions };
}

function readTerm(v: unknown): ResultTerm {
  const t = v as { type?: string; value?: unknown; datatype?: string; "xml:lang"?: string };
  if (t.type === "uri" && typeof t.value === "string") return { type: "uri", value: t.value };
  if (t.type === "bnode" && typeof t.value === "string") return { type: "bnode", value: t.value };
  if ((t.type === "literal" || t.type === "typed-literal") && typeof t.value === "string") {
    if (t["xml:lang"]) return { type: "literal", value: t.value, "xml:lang": t["xml:lang"] };
    if (t.datatype && t.datatype !== XSD_STRING)
      return { type: "literal", value: t.value, datatype: t.datatype };
    return { type: "literal", value: t.value };
  }
  if (t.type === "triple" && t.value && typeof t.value === "object") {
    const x = t.value as Record<string, unknown>;
    return {
      type: "triple",
      value: { subject: readTerm(x.subject), predicate: readTerm(x.predicate), object: readTerm(x.object) },
    };
  }
  throw new ParseError(`SPARQL results JSON has an unknown term: ${JSON.stringify(v)}`);
}

function writeJson(result: TabularResult): string {
  if (result.form === "ASK") return `${JSON.stringify({ head: {}, boolean: result.boolean })}\n`;
  // One solution a line keeps big answers readable and diffable without the cost of full indentation.
  const rows = result.solutions.map((s) => JSON.stringify(s));
  return `{"head":${JSON.stringify({ vars: result.vars })},"results":{"bindings":[\n${rows.join(",\n")}\n]}}\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;",
  );
}

function xmlTerm(t: ResultTerm): string {
  switch (t.type) {
    case "uri":
      return `<uri>${escapeXml(t.value)}</uri>`;
    case "bnode":
      return `<bnode>${escapeXml(t.value)}</bnode>`;
    case "literal": {
      const attr = t["xml:lang"]
        ? ` xml:lang="${escapeXml(t["xml:lang"])}"`
        : t.datatype
          ? ` datatype="${escapeXml(t.datatype)}"`
          : "";
      return `<literal${attr}>${escapeXml(t.value)}</literal>`;
    }
    case "triple":
      return `<triple><subject>${xmlTerm(t.value.subject)}</subject><predicate>${xmlTerm(t.value.predicate)}</predicate><object>${xmlTerm(t.value.object)}</object></triple>`;
  }
}

function writeXml(result: TabularResult): string {
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n';
  if (result.form === "ASK") return `${head}<head/>\n<boolean>${result.boolean}</boolean>\n</sparql>\n`;
  const vars = result.vars.map((v) => `<variable name="${escapeXml(v)}"/>`).join("");
  const rows = result.solutions.map(
    (s) =>
      `<result>${Object.entries(s)
        .map(([k, t]) => `<binding name="${escapeXml(k)}">${xmlTerm(t)}</binding>`)
        .join("")}</result>\n`,
  );
  return `${head}<head>${vars}</head>\n<results>\n${rows.join("")}</results>\n</sparql>\n`;
}

/** SPARQL 1.1 CSV (§2): plain values, bnodes as `_:label`, RFC 4180 quoting, CRLF line ends. */
function writeCsv(result: TabularResult): string {
  if (result.form === "ASK") return `_askResult\r\n${result.boolean}\r\n`;
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const value = (t: ResultTerm | undefined): string =>
    t === undefined
      ? ""
      : t.type === "bnode"
        ? `_:${t.value}`
        : t.type === "triple"
          ? `<< ${tsvTerm(t.value.subject)} ${tsvTerm(t.value.predicate)} ${tsvTerm(t.value.object)} >>`
          : t.value;
  const lines = [result.vars.map(field).join(",")];
  for (const s of result.solutions) lines.push(result.vars.map((v) => field(value(s[v]))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function escapeTsvString(s: string): string {
  return s.replace(/[\\"\t\n\r]/g, (c) =>
    c === "\t" ? "\\t" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\${c}`,
  );
}

/** A term in Turtle / N-Triples syntax, as SPARQL 1.1 TSV (§3) requires. */
function tsvTerm(t: ResultTerm): string {
  switch (t.type) {
    case "uri":
      return `<${t.value}>`;
    case "bnode":
      return `_:${t.value}`;
    case "literal":
      if (t["xml:lang"]) return `"${escapeTsvString(t.value)}"@${t["xml:lang"]}`;
      if (t.datatype && t.datatype !== XSD_STRING && t.datatype !== RDF_LANG_STRING)
        return `"${escapeTsvString(t.value)}"^^<${t.datatype}>`;
      return `"${escapeTsvString(t.value)}"`;
    case "triple":
      return `<< ${tsvTerm(t.value.subject)} ${tsvTerm(t.value.predicate)} ${tsvTerm(t.value.object)} >>`;
  }
}

function writeTsv(result: TabularResult): string {
  if (result.form === "ASK") return `?_askResult\n${result.boolean}\n`;
  const lines = [result.vars.map((v) => `?${v}`).join("\t")];
  for (const s of result.solutions)
    lines.push(result.vars.map((v) => (s[v] ? tsvTerm(s[v]) : "")).join("\t"));
  return `${lines.join("\n")}\n`;
}

/** SPARQL 1.1 Query Results JSON. */
export const RESULTS_JSON: ResultFormat = {
  id: "json",
  mediaType: "application/sparql-results+json",
  charset: false,
  label: "SPARQL Results JSON",
  aliases: ["application/json"],
  write: writeJson,
};
/** SPARQL Query Results XML. */
export const RESULTS_XML: ResultFormat = {
  id: "xml",
  mediaType: "application/sparql-results+xml",
  charset: true,
  label: "SPARQL Results XML",
  aliases: ["application/xml", "text/xml"],
  write: writeXml,
};
/** SPARQL 1.1 Query Results CSV. */
export const RESULTS_CSV: ResultFormat = {
  id: "csv",
  mediaType: "text/csv",
  charset: true,
  label: "CSV",
  write: writeCsv,
};
/** SPARQL 1.1 Query Results TSV. */
export const RESULTS_TSV: ResultFormat = {
  id: "tsv",
  mediaType: "text/tab-separated-values",
  charset: true,
  label: "TSV",
  write: writeTsv,
};

/** The result formats in our order of preference: JSON answers `*∕*`. */
export const RESULT_FORMATS: readonly ResultFormat[] = Object.freeze([
  RESULTS_JSON,
  RESULTS_XML,
  RESULTS_CSV,
  RESULTS_TSV,
]);
