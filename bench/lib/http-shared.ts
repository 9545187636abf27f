/** The Accept headers the HTTP benchmark negotiates: what a linked-data client and a browser send. */
export const ACCEPTS = Object.freeze({
  turtle: "text/turtle",
  jsonld: "application/ld+json",
  html: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
});

/** What the benchmark server tells the parent process when it listens. */
export interface ServerReady {
  router: number;
  bare: number;
  paths: string[];
  /** Per format: the status and Content-Type the router answered, so the parent can tell a format is not served. */
  contentTypes: Record<string, string>;
}
