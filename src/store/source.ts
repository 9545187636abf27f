import type { Quad } from "@rdfjs/types";
import { Store } from "n3";
import { IoError } from "../errors.js";
import { fromDataset } from "../rdf/from-dataset.js";
import { createSite, type Site, type SiteDocument } from "../site/site.js";
import { createQueryEngine, type QueryLimits, type SparqlEngine } from "../sparql/engine.js";
import type { GraphStoreClient, SparqlClient } from "./clients.js";
import { readManifest, readManifestVersion } from "./manifest.js";

/** Where the router gets the site from on each request. */
export interface SiteSource {
  /** The current site; cheap when nothing changed. */
  site(): Promise<Site>;
}

/** Options of {@link createStoreSource}. */
export interface StoreSourceOptions {
  sparql: SparqlClient;
  store: GraphStoreClient;
  /** The site's base IRI, as it was pushed. */
  baseIri: string;
  /**
   * How long a checked cache is trusted without asking the store again, in milliseconds. Default 0: every request
   * asks for the manifest's version (one single-row query, shared by concurrent requests), so a push is visible
   * to the next request.
   */
  revalidateMs?: number;
  /** Graph requests in flight at once when reloading; default 8. */
  concurrency?: number;
  /** The clock. */
  now?: () => number;
}

/** A site read from a triplestore, cached in the process and refreshed when the store's manifest changes. */
export interface StoreSource extends SiteSource {
  /** The document graphs of the site last read (for the SPARQL endpoint's default dataset). */
  graphs(): readonly string[];
  /** How many graphs were fetched from the store so far (for tests and logs). */
  readonly fetchedGraphs: number;
}

interface State {
  version: string;
  hashes: Map<string, string>;
  quads: Map<string, Quad[]>;
  site: Site;
}

function buildSite(baseIri: string, quadsByGraph: ReadonlyMap<string, Quad[]>): Site {
  const all = new Store();
  for (const quads of quadsByGraph.values()) all.addQuads(quads);
  // The two-way mapping reads the items back (types, refs, dates), so the router and the HTML pages work as
  // from memory; each document keeps the triples exactly as the store holds them.
  const mapped = createSite(fromDataset(all, { baseIri }), { baseIri });
  const documents = new Map<string, SiteDocument>();
  const quads: Quad[] = [];
  for (const [ref, doc] of mapped.documents) {
    const stored = quadsByGraph.get(doc.documentIri) ?? doc.quads;
    documents.set(ref, { ...doc, quads: stored });
    quads.push(...stored);
  }
  return { baseIri: mapped.baseIri, documents, quads, lastModified: mapped.lastModified };
}

/**
 * Serves a site from a triplestore that `govlod push` wrote: reads every document graph once, keeps them in the
 * process, and before answering checks the manifest's version (see {@link StoreSourceOptions.revalidateMs});
 * when it changed, only graphs whose hash changed are fetched again and graphs no longer listed are dropped.
 * @example
 * const source = createStoreSource({ sparql, store, baseIri: "https://data.example.gov/" });
 * const site = await source.site();
 */
export function createStoreSource(options: StoreSourceOptions): StoreSource {
  const now = options.now ?? Date.now;
  const revalidateMs = options.revalidateMs ?? 0;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let state: State | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<Site> | undefined;
  let fetched = 0;

  const load = async (): Promise<Site> => {
    const version = await readManifestVersion(options.sparql, options.baseIri);
    if (version === undefined) {
      throw new IoError(
        `The store at ${options.sparql.endpoint} has no govlod manifest for ${options.baseIri}: run govlod push with this base IRI first.`,
      );
    }
    if (state && state.version === version) return state.site;
    const manifest = await readManifest(options.sparql, options.baseIri);
    const quads = new Map<string, Quad[]>();
    const missing: string[] = [];
    for (const [graph, hash] of manifest.graphs) {
      const known = state?.hashes.get(graph) === hash ? state.quads.get(graph) : undefined;
      if (known) quads.set(graph, known);
      else missing.push(graph);
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, missing.length) }, async () => {
        while (next < missing.length) {
          const graph = missing[next++] as string;
          const got = await options.store.get(graph);
          fetched++;
          quads.set(graph, got ?? []);
        }
      }),
    );
    const site = buildSite(options.baseIri, quads);
    state = { version: manifest.version || version, hashes: new Map(manifest.graphs), quads, site };
    return site;
  };

  return {
    site() {
      if (state && now() - checkedAt < revalidateMs) return Promise.resolve(state.site);
      // One check at a time; requests that arrive meanwhile share its answer.
      inflight ??= load()
        .then((site) => {
          checkedAt = now();
          return site;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    graphs: () => (state ? [...state.hashes.keys()] : []),
    get fetchedGraphs() {
      return fetched;
    },
  };
}

/**
 * The SPARQL endpoint over a remote store, behind the same policy and limits as the embedded engine: the query is
 * inspected here (updates and SERVICE refused, LIMIT capped) and sent to the store's query endpoint with the time
 * limit as a request timeout. Without FROM or a protocol dataset, the dataset is the site's document graphs, so
 * answers agree with the embedded engine and never include other graphs of the store.
 * @example
 * const engine = createStoreEngine({ sparql, baseIri, graphs: () => source.graphs() });
 */
export function createStoreEngine(options: {
  sparql: SparqlClient;
  baseIri?: string;
  /** Default 10 s and 9 999 rows (so the capped query stays within the 10 000 rows stores like Virtuoso allow). */
  limits?: Partial<QueryLimits>;
  /** The document graphs of the site. */
  graphs: () => readonly string[];
}): SparqlEngine {
  return createQueryEngine(
    (query, form, opts) => {
      const graphResult = form === "CONSTRUCT" || form === "DESCRIBE";
      const dataset =
        opts.defaultGraphs || opts.namedGraphs
          ? {
              ...(opts.defaultGraphs ? { defaultGraphs: opts.defaultGraphs } : {}),
              ...(opts.namedGraphs ? { namedGraphs: opts.namedGraphs } : {}),
            }
          : opts.hasDataset
            ? {}
            : { defaultGraphs: options.graphs(), namedGraphs: options.graphs() };
      return options.sparql.query(
        query,
        graphResult ? "application/n-triples" : "application/sparql-results+json",
        {
          ...dataset,
          timeoutMs: opts.timeoutMs,
        },
      );
    },
    {
      // The cap asks for maxResults + 1 rows; Virtuoso's default ResultSetMaxRows (10 000) refuses more.
      limits: { maxResults: 9_999, ...options.limits },
      ...(options.baseIri ? { baseIri: options.baseIri } : {}),
    },
  );
}

/** The `next` of a request handler in Express's shape. */
export type NextHandler = (error?: unknown) => void;

/**
 * A handler that asks the source for the current site on each request and passes the request to a handler built
 * for that site (a `createLodRouter`), building a new one only when the site changed. A request in flight finishes
 * on the handler it started on. Typed structurally, so store/ needs no Express (it sits below http/).
 * @example
 * app.use(createSiteSwitch(source, (site) => createLodRouter({ site })));
 */
export function createSiteSwitch<Req, Res>(
  source: SiteSource,
  build: (site: Site) => (req: Req, res: Res, next: NextHandler) => void,
): (req: Req, res: Res, next: NextHandler) => void {
  let current: { site: Site; handler: (req: Req, res: Res, next: NextHandler) => void } | undefined;
  return (req, res, next) => {
    source.site().then(
      (site) => {
        if (current?.site !== site) current = { site, handler: build(site) };
        current.handler(req, res, next);
      },
      (error: unknown) => next(error),
    );
  };
}
