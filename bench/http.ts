import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { ACCEPTS, type ServerReady } from "./lib/http-shared.js";
import { count, type Row, verdict } from "./lib/report.js";
import { syntheticSite } from "./lib/site.js";
import { median } from "./lib/stats.js";

/** Options of {@link benchHttp}. */
export interface HttpBenchOptions {
  /** Size of the synthetic site served. */
  items: number;
  /** Seconds per autocannon run. */
  seconds: number;
  /** Alternating rounds (bare, router) per format. */
  rounds: number;
  connections: number;
}

async function startServer(dir: string): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const child = fork(fileURLToPath(new URL("./http-server.ts", import.meta.url)), [dir, "100"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    child.once("message", (m) => resolve(m as ServerReady));
    child.once("exit", (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
  return { child, ready };
}

async function load(
  port: number,
  paths: readonly string[],
  accept: string,
  seconds: number,
  connections: number,
) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: paths.map((path) => ({ method: "GET", path, headers: { accept } })),
  });
  return { rps: result.requests.average, non2xx: result.non2xx + result.errors + result.timeouts };
}

/**
 * Negotiated GETs of documents (Turtle, JSON-LD, HTML) through `createLodRouter` against a bare Express route that
 * sends the same bytes from memory; autocannon on loopback, rounds alternating so both see the same load.
 */
export async function benchHttp(options: HttpBenchOptions): Promise<Row[]> {
  const dir = await syntheticSite(options.items);
  const { child, ready } = await startServer(dir);
  const rows: Row[] = [];
  try {
    for (const [name, accept] of Object.entries(ACCEPTS)) {
      const label = { turtle: "Turtle", jsonld: "JSON-LD", html: "HTML" }[name] ?? name;
      const metric = `HTTP GET ${label} (${count(options.items)} items, ${ready.paths.length} documents)`;
      const got = ready.contentTypes[name] ?? "";
      const expected =
        { turtle: "text/turtle", jsonld: "application/ld+json", html: "text/html" }[name] ?? "";
      if (!got.startsWith("200 ") || !got.includes(expected)) {
        rows.push({
          metric,
          ours: "–",
          baseline: "–",
          ratioText: "–",
          goal: "≥ 0.9",
          pass: undefined,
          note: `the router answers ${got || "nothing"} for Accept: ${accept}`,
        });
        continue;
      }
      // Warm both (JIT, connection setup), then alternate bare/router.
      await load(ready.bare, ready.paths, accept, 1, options.connections);
      await load(ready.router, ready.paths, accept, 1, options.connections);
      const bare: number[] = [];
      const ours: number[] = [];
      let failures = 0;
      for (let i = 0; i < options.rounds; i++) {
        const b = await load(ready.bare, ready.paths, accept, options.seconds, options.connections);
        const o = await load(ready.router, ready.paths, accept, options.seconds, options.connections);
        bare.push(b.rps);
        ours.push(o.rps);
        failures += b.non2xx + o.non2xx;
      }
      const ratio = median(ours) / median(bare);
      rows.push({
        metric,
        ours: `${count(Math.round(median(ours)))} req/s`,
        baseline: `${count(Math.round(median(bare)))} req/s`,
        ratio,
        ratioText: `${ratio.toFixed(2)}×`,
        goal: "≥ 0.9",
        pass: failures > 0 ? false : verdict(ratio, ">=", 0.9),
        note:
          failures > 0
            ? `${failures} responses were not 2xx or failed`
            : `median of ${options.rounds} alternating ${options.seconds}-s autocannon runs, ${options.connections} connections`,
      });
    }
  } finally {
    child.disconnect();
    child.kill();
  }
  return rows;
}
