import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphStoreClient, SparqlClient } from "../../store/clients.js";
import { createSiteSwitch, createStoreEngine, createStoreSource } from "../../store/source.js";
import { loadExpress } from "./load-express.js";

/** A server answering from a triplestore. */
export interface RunningStoreServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `govlod serve --sparql … --store …`: the HTTP contract served from a triplestore that `govlod push` wrote. The
 * site is read once and kept in the process; each request first checks the store's manifest version, so a push is
 * visible to the next request; `/sparql` queries go to the store under the same policy and limits.
 * @example
 * const running = await startStoreServer({ sparql, store }, { port: 0, baseIri, log });
 */
export async function startStoreServer(
  clients: { sparql: SparqlClient; store: GraphStoreClient },
  options: {
    port: number;
    host?: string;
    baseIri: string;
    log: (line: string) => void;
    revalidateMs?: number;
  },
): Promise<RunningStoreServer> {
  const express = await loadExpress();
  const { createLodRouter, createErrorHandler } = await import("../../http/index.js");
  const source = createStoreSource({
    ...clients,
    baseIri: options.baseIri,
    ...(options.revalidateMs !== undefined ? { revalidateMs: options.revalidateMs } : {}),
  });
  // Fail at start, with the store's own message, rather than on the first request.
  const first = await source.site();
  const engine = createStoreEngine({
    sparql: clients.sparql,
    baseIri: options.baseIri,
    graphs: () => source.graphs(),
  });
  const onError = (error: unknown) => options.log(`govlod: ${(error as Error)?.message ?? String(error)}`);
  const app = express();
  app.disable("x-powered-by");
  app.use(
    createSiteSwitch(source, (site) =>
      createLodRouter({ site, sparql: engine, onError, home: true, fallthrough: false }),
    ),
  );
  // Errors of the source itself (store unreachable) are answered here: 502, reported to the log.
  app.use(createErrorHandler({ onError }));
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host ?? "0.0.0.0", (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  options.log(
    `govlod: serving ${first.documents.size} documents from ${clients.sparql.endpoint} at ${options.baseIri} (port ${port})`,
  );
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await engine.close();
    },
  };
}
