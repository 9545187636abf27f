import type { Server } from "node:http";
import express from "express";
import { createLodRouter } from "../../src/http/router.js";
import { createSite } from "../../src/site/site.js";
import { seedItems } from "../helpers/seed.js";

/** Serves the seed site on a loopback port, with the base IRI that port makes. */
export async function startOurServer(): Promise<{ server: Server; base: string }> {
  const app = express();
  let handler: express.RequestHandler = (_req, _res, next) => next();
  app.use((req, res, next) => handler(req, res, next));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const base = `http://127.0.0.1:${address.port}/`;
  handler = createLodRouter({ site: createSite(await seedItems(), { baseIri: base }) });
  return { server, base };
}
