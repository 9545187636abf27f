/**
 * Child process of the HTTP benchmark: serves one synthetic site twice, on two loopback ports —
 * (a) through `createLodRouter` (negotiation, ETag, Link, Vary, CORS, …) and (b) through one bare Express route that
 * sends the same bytes from memory, picked by path and Accept with two Map lookups. Reports the ports and the
 * sampled paths to the parent over IPC.
 * @module
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { createLodRouter } from "../src/http/index.js";
import { loadSite } from "../src/node/index.js";
import { ACCEPTS, type ServerReady } from "./lib/http-shared.js";

async function main(dir: string, sample: number): Promise<void> {
  const { site } = await loadSite(dir);
  const docs = [...site.documents.values()];
  // A spread of documents of every kind, the same every run.
  const step = Math.max(1, Math.floor(docs.length / sample));
  const paths = docs
    .filter((_, i) => i % step === 0)
    .slice(0, sample)
    .map((d) => `/doc/${d.ref}`);

  const routed = express();
  routed.use(createLodRouter({ site, sparql: false }));
  const routerServer = routed.listen(0, "127.0.0.1");
  await new Promise((r) => routerServer.once("listening", r));
  const routerPort = (routerServer.address() as AddressInfo).port;

  // Capture the exact bytes the router sends, per Accept and path.
  const bodies = new Map<string, Map<string, { type: string; body: Buffer }>>();
  const contentTypes: Record<string, string> = {};
  for (const [name, accept] of Object.entries(ACCEPTS)) {
    const byPath = new Map<string, { type: string; body: Buffer }>();
    for (const p of paths) {
      const res = await fetch(`http://127.0.0.1:${routerPort}${p}`, { headers: { accept } });
      const type = res.headers.get("content-type") ?? "";
      contentTypes[name] ??= `${res.status} ${type}`;
      byPath.set(p, { type, body: Buffer.from(await res.arrayBuffer()) });
    }
    bodies.set(accept, byPath);
  }

  const bare = express();
  bare.get("/doc/:kind/:file", (req, res) => {
    const v = bodies.get(req.get("accept") ?? "")?.get(req.path);
    if (!v) {
      res.status(404).end();
      return;
    }
    res.set("Content-Type", v.type);
    res.send(v.body);
  });
  const bareServer = bare.listen(0, "127.0.0.1");
  await new Promise((r) => bareServer.once("listening", r));

  const ready: ServerReady = {
    router: routerPort,
    bare: (bareServer.address() as AddressInfo).port,
    paths,
    contentTypes,
  };
  process.send?.(ready);
  process.on("disconnect", () => process.exit(0));
}

main(process.argv[2] as string, Number(process.argv[3] ?? 100)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
