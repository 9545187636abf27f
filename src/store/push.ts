import type { Site } from "../site/site.js";
import { parseJsonResults } from "../sparql/results.js";
import type { GraphStoreClient, SparqlClient } from "./clients.js";
import { graphHash, manifestGraphIri, manifestQuads, readManifest } from "./manifest.js";

/** Options of {@link pushSite}. */
export interface PushOptions {
  /** The store's SPARQL 1.1 query endpoint. */
  sparql: SparqlClient;
  /** The store's Graph Store Protocol endpoint (authenticated where the store needs it). */
  store: GraphStoreClient;
  /** Rewrite every graph, even those whose hash has not changed. */
  force?: boolean;
  /** Graph requests in flight at once; default 4. */
  concurrency?: number;
  /** Called after each graph written or deleted. */
  onProgress?: (event: { action: "written" | "deleted"; graph: string; done: number; total: number }) => void;
  /** The clock, for the manifest's `dcterms:modified`. */
  now?: () => Date;
}

/** What a push did, by graph IRI. */
export interface PushReport {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly deleted: readonly string[];
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Publishes a site into a triplestore: one named graph per document (the document IRI), each replaced atomically
 * with a Graph Store Protocol `PUT`; graphs whose content hash is unchanged are skipped; graphs of documents that
 * no longer exist are deleted; finally the manifest graph (`{base}govlod/manifest`) records every graph's hash.
 * The manifest is written last, so an interrupted push is repaired by the next one.
 * @example
 * const report = await pushSite(site, { sparql: createSparqlClient(q), store: createGraphStoreClient(g, authFetch) });
 */
export async function pushSite(site: Site, options: PushOptions): Promise<PushReport> {
  const base = site.baseIri;
  const manifest = await readManifest(options.sparql, base);
  // Graphs of this site the store has, whether or not the manifest lists them (a lost or older manifest).
  const listed = parseJsonResults(
    await options.sparql.query(
      `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${JSON.stringify(`${base}doc/`)})) }`,
      "application/sparql-results+json",
    ),
  );
  const present = new Set<string>();
  if (listed.form === "SELECT")
    for (const s of listed.solutions) if (s.g?.type === "uri") present.add(s.g.value);

  const hashes = new Map<string, string>();
  const toWrite: { graph: string; quads: Site["quads"] }[] = [];
  const unchanged: string[] = [];
  for (const doc of site.documents.values()) {
    const hash = graphHash(doc.quads);
    hashes.set(doc.documentIri, hash);
    if (!options.force && manifest.graphs.get(doc.documentIri) === hash && present.has(doc.documentIri))
      unchanged.push(doc.documentIri);
    else toWrite.push({ graph: doc.documentIri, quads: doc.quads });
  }
  const toDelete = [...new Set([...manifest.graphs.keys(), ...present])].filter((g) => !hashes.has(g)).sort();

  const total = toWrite.length + toDelete.length;
  let done = 0;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  await inParallel(toWrite, concurrency, async ({ graph, quads }) => {
    await options.store.put(graph, quads);
    options.onProgress?.({ action: "written", graph, done: ++done, total });
  });
  await inParallel(toDelete, concurrency, async (graph) => {
    await options.store.delete(graph);
    options.onProgress?.({ action: "deleted", graph, done: ++done, total });
  });
  if (
    toWrite.length > 0 ||
    toDelete.length > 0 ||
    manifest.graphs.size !== hashes.size ||
    manifest.version === ""
  ) {
    await options.store.put(
      manifestGraphIri(base),
      manifestQuads(base, hashes, (options.now ?? (() => new Date()))()),
    );
  }
  return {
    written: toWrite.map((w) => w.graph).sort(),
    unchanged: unchanged.sort(),
    deleted: toDelete,
  };
}
