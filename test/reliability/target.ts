import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createLodRouter } from "../../src/http/router.js";
import { createSite, type Site } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

/** The seed site behind `createLodRouter` on a bare Express app, listening on an ephemeral loopback port. */
export interface Target {
  server: Server;
  port: number;
  site: Site;
  /** Every error the router answered with a 5xx (its `onError`). */
  errors: unknown[];
  close(): Promise<void>;
}

/**
 * Starts the seed site on `127.0.0.1:0` the way `govlod serve` does (a bare Express app, `x-powered-by` off), with
 * `onError` collecting 5xx errors. The base IRI is a public-looking one, so URLs in bodies never name the port.
 */
export async function startTarget(baseIri = "https://data.example.gov/"): Promise<Target> {
  const site = createSite(await seedItems(), { baseIri });
  const errors: unknown[] = [];
  const app = express();
  app.disable("x-powered-by");
  app.use(createLodRouter({ site, onError: (e) => errors.push(e) }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    site,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Every path the router answers 200 for on the seed site: documents and their variants, catalog, files. */
export function knownPaths(site: Site): string[] {
  const out = [
    "/catalog",
    "/catalog.ttl",
    "/catalog.html",
    "/.well-known/void",
    "/dump.nq",
    "/dump.ttl",
    "/context.jsonld",
    "/sitemap.xml",
    "/robots.txt",
    "/feed",
    "/sparql",
  ];
  for (const doc of site.documents.values()) {
    out.push(`/doc/${doc.kind}/${doc.slug}`, `/id/${doc.kind}/${doc.slug}`);
    for (const ext of ["ttl", "jsonld", "nt", "nq", "rdf", "html"])
      out.push(`/doc/${doc.kind}/${doc.slug}.${ext}`);
  }
  return out;
}
