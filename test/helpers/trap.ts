import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP server that records every request it receives: proof that nothing was fetched. */
export interface Trap {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly origin: string;
  /** `METHOD /path` of every request received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Starts a trap that answers every request with `body` as `contentType`, so a client that does reach it gets a
 * plausible answer (a SPARQL result, a JSON-LD context) and the test sees the request instead of an error.
 */
export async function startTrap(contentType: string, body: string): Promise<Trap> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "Content-Type": contentType }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A trap posing as a SPARQL endpoint (one empty solution). */
export function startSparqlTrap(): Promise<Trap> {
  return startTrap("application/sparql-results+json", '{"head":{"vars":[]},"results":{"bindings":[{}]}}');
}
