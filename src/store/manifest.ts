import { createHash } from "node:crypto";
import type { Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import { writeNTriples } from "../serialize/turtle.js";
import { parseJsonResults } from "../sparql/results.js";
import { createVocabulary, dcterms, owl, rdf, xsd } from "../vocab/index.js";
import type { SparqlClient, StoreRequestOptions } from "./clients.js";

/** SPDX 2.3 checksums, the terms DCAT 3 uses for `spdx:checksum` of a distribution. */
const spdx = createVocabulary("http://spdx.org/rdf/terms#", [
  "checksum",
  "Checksum",
  "algorithm",
  "checksumValue",
  "checksumAlgorithm_sha256",
] as const);
const versionInfo = owl.$term("versionInfo");

/**
 * What govlod keeps in the store about its own graphs: the SHA-256 of each document graph's content and a version
 * (the hash of all of them). Push compares hashes to skip unchanged graphs; readers compare the version to know
 * when their cache is stale, with one small query.
 */
export interface Manifest {
  /** A hash over every graph and its hash; changes whenever any graph does. */
  readonly version: string;
  /** Graph IRI to the hex SHA-256 of its sorted N-Triples. */
  readonly graphs: ReadonlyMap<string, string>;
}

/** The named graph that holds the manifest of a site: `{base}govlod/manifest`. */
export function manifestGraphIri(baseIri: string): string {
  return `${baseIri}govlod/manifest`;
}

/** The content hash of a graph: hex SHA-256 of its triples as sorted N-Triples (graph names dropped). */
export function graphHash(quads: Iterable<Quad>): string {
  return createHash("sha256").update(writeNTriples(quads), "utf8").digest("hex");
}

/** The version of a set of graph hashes, independent of their order. */
export function manifestVersion(graphs: ReadonlyMap<string, string>): string {
  const lines = [...graphs].map(([g, h]) => `${g} ${h}\n`).sort();
  return createHash("sha256").update(lines.join(""), "utf8").digest("hex");
}

/** The triples of a manifest graph. */
export function manifestQuads(baseIri: string, graphs: ReadonlyMap<string, string>, modified: Date): Quad[] {
  const { namedNode, literal, quad, blankNode } = DataFactory;
  const m = namedNode(manifestGraphIri(baseIri));
  const out: Quad[] = [
    quad(m, versionInfo, literal(manifestVersion(graphs))),
    quad(m, dcterms.modified, literal(modified.toISOString(), xsd.dateTime)),
  ];
  let i = 0;
  for (const [g, h] of [...graphs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const c = blankNode(`c${i++}`);
    out.push(
      quad(m, dcterms.hasPart, namedNode(g)),
      quad(namedNode(g), spdx.checksum, c),
      quad(c, rdf.type, spdx.Checksum),
      quad(c, spdx.algorithm, spdx.checksumAlgorithm_sha256),
      quad(c, spdx.checksumValue, literal(h, xsd.$term("hexBinary"))),
    );
  }
  return out;
}

function literalValue(t: { type: string; value: unknown } | undefined): string | undefined {
  return t?.type === "literal" && typeof t.value === "string" ? t.value : undefined;
}

/** Reads the manifest's version only (one row); undefined when the store has no manifest. */
export async function readManifestVersion(
  sparql: SparqlClient,
  baseIri: string,
  options: StoreRequestOptions = {},
): Promise<string | undefined> {
  const m = manifestGraphIri(baseIri);
  const text = await sparql.query(
    `SELECT ?v WHERE { GRAPH <${m}> { <${m}> <${versionInfo.value}> ?v } }`,
    "application/sparql-results+json",
    options,
  );
  const r = parseJsonResults(text);
  return r.form === "SELECT" ? literalValue(r.solutions[0]?.v) : undefined;
}

/** Reads the whole manifest; an empty one (version "") when the store has none. */
export async function readManifest(
  sparql: SparqlClient,
  baseIri: string,
  options: StoreRequestOptions = {},
): Promise<Manifest> {
  const m = manifestGraphIri(baseIri);
  const text = await sparql.query(
    `SELECT ?g ?h ?v WHERE { GRAPH <${m}> { { <${m}> <${versionInfo.value}> ?v } UNION { ?g <${spdx.checksum.value}> ?c . ?c <${spdx.checksumValue.value}> ?h } } }`,
    "application/sparql-results+json",
    options,
  );
  const r = parseJsonResults(text);
  const graphs = new Map<string, string>();
  let version = "";
  if (r.form === "SELECT") {
    for (const s of r.solutions) {
      const v = literalValue(s.v);
      if (v !== undefined) version = v;
      const h = literalValue(s.h);
      if (s.g?.type === "uri" && h !== undefined) graphs.set(s.g.value, h.toLowerCase());
    }
  }
  return { version, graphs };
}
