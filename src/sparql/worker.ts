/**
 * The worker thread that runs SPARQL queries on Oxigraph, so the engine can stop a query that runs too long by
 * terminating the thread (a WASM query cannot be interrupted from inside).
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { namedNode, Store } from "oxigraph";

/** What the engine sends the worker at start. */
export interface WorkerInit {
  /** The whole dataset as N-Quads. */
  nquads: string;
}

/** One query for the worker. */
export interface WorkerRequest {
  id: number;
  query: string;
  /** Whether the answer is a graph (CONSTRUCT, DESCRIBE) rather than results (SELECT, ASK). */
  graph: boolean;
  baseIri?: string;
  /** SPARQL Protocol `default-graph-uri`; with `namedGraphs`, it overrides the query's FROM (SPARQL 1.1 Protocol §2.1.4). */
  defaultGraphs?: string[];
  /** SPARQL Protocol `named-graph-uri`. */
  namedGraphs?: string[];
}

/** The worker's answer: results JSON or N-Triples, or an error. */
export type WorkerResponse =
  | { id: number; ok: true; text: string }
  | { id: number; ok: false; name: string; message: string }
  | { id: -1; ok: true; text: "ready" };

const port = parentPort;
if (port) {
  const store = new Store();
  store.load((workerData as WorkerInit).nquads, { format: "application/n-quads", no_transaction: true });
  // The default graph is the RDF merge of the named graphs (SPARQL 1.1 §13.1: a graph is a set), materialised
  // once: Oxigraph's union-default-graph option is a bag and repeats a triple that is in several graphs.
  store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }");
  port.postMessage({ id: -1, ok: true, text: "ready" } satisfies WorkerResponse);
  port.on("message", (req: WorkerRequest) => {
    let res: WorkerResponse;
    try {
      const dataset =
        req.defaultGraphs || req.namedGraphs
          ? {
              default_graph: (req.defaultGraphs ?? []).map((g) => namedNode(g)),
              named_graphs: (req.namedGraphs ?? []).map((g) => namedNode(g)),
            }
          : {};
      const text = store.query(req.query, {
        ...dataset,
        ...(req.baseIri ? { base_iri: req.baseIri } : {}),
        results_format: req.graph ? "application/n-triples" : "application/sparql-results+json",
      });
      res = { id: req.id, ok: true, text: String(text) };
    } catch (e) {
      res = {
        id: req.id,
        ok: false,
        name: (e as Error)?.name ?? "Error",
        message: (e as Error)?.message ?? String(e),
      };
    }
    port.postMessage(res);
  });
}
