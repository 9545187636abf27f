/**
 * Load and soak test of the linked-data router: the seed site (`data/`) behind `createLodRouter` on a bare Express
 * app in a child process, autocannon on loopback over a mix of routes (documents in several formats by `Accept`
 * and by extension, the catalog and a catalog page, VoID, dumps, sitemap, 303s from `/id/`, 404s), every answer
 * checked against the status it must have. (SPARQL is left out: its engine sheds load beyond its queue with 503 by
 * design; test/reliability/security.test.ts covers that.) The server's memory is sampled after a forced GC at the
 * end of each half; a bare Express app in the same child then sends the same bytes from a Map under the same
 * load, as the latency baseline.
 *
 * Usage: `npm run soak` (60 s, 100 connections) or `npm run soak -- --seconds 10 --connections 50 [--json out.json]`.
 * Exit code 1 when a request failed, a 5xx was seen, or memory grew 10 % or more between the halves.
 * @module
 */
import { type ChildProcess, fork } from "node:child_process";
import { writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

/** One request of the mix and the status it must get. */
export interface SoakRequest {
  path: string;
  accept: string;
  expect: number;
}

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** Seconds of load on the router (the soak proper). Default 60. */
  seconds?: number;
  /** Concurrent connections. Default 100. */
  connections?: number;
  /** Seconds of load before the soak starts (JIT, caches, the SPARQL worker). Default 5 or less. */
  warmupSeconds?: number;
  /** Seconds of the same load on the bare Express baseline. Default a quarter of `seconds`, 2 to 15. */
  baselineSeconds?: number;
}

/** Memory of the server process (bytes), after a forced garbage collection. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** Latency (ms) and throughput of one autocannon run. */
export interface LoadFigures {
  requests: number;
  rps: number;
  latencyAvg: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
}

/** What {@link runSoak} measured. */
export interface SoakReport {
  seconds: number;
  connections: number;
  routes: number;
  router: LoadFigures;
  baseline: LoadFigures;
  /** Socket errors and timeouts seen by autocannon during the soak. */
  errors: number;
  timeouts: number;
  /** Answers with another status than the route must give. */
  unexpected: number;
  /** The first few unexpected answers, for the report. */
  unexpectedSamples: string[];
  serverErrors: number;
  statuses: Record<string, number>;
  memory: {
    start: MemorySample;
    middle: MemorySample;
    end: MemorySample;
    rssGrowth: number;
    heapGrowth: number;
  };
}

type ChildMessage =
  | { type: "ready"; router: number; bare: number; mix: SoakRequest[] }
  | { type: "memory"; sample: MemorySample }
  | { type: "baseline-ready" };

const MEMORY_LIMIT = 0.1;

/** Runs the soak and returns the figures; throws only when the server cannot be started. */
export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const seconds = options.seconds ?? 60;
  const connections = options.connections ?? 100;
  const warmup = options.warmupSeconds ?? Math.min(5, Math.max(1, Math.round(seconds / 5)));
  const baselineSeconds = options.baselineSeconds ?? Math.min(15, Math.max(2, Math.round(seconds / 4)));
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const ready = await next(child, "ready");
    if (ready.type !== "ready") throw new Error("soak server did not start");
    const { mix } = ready;
    const memory = async (): Promise<MemorySample> => {
      child.send({ type: "memory" });
      const m = await next(child, "memory");
      return m.type === "memory" ? m.sample : { rss: 0, heapUsed: 0 };
    };

    // The baseline answers exactly what the router answered, from a Map, with no negotiation.
    const captured: { key: string; status: number; type: string; body: string; location?: string }[] = [];
    for (const r of mix) {
      const res = await fetch(`http://127.0.0.1:${ready.router}${r.path}`, {
        headers: { accept: r.accept },
        redirect: "manual",
      });
      const location = res.headers.get("location");
      captured.push({
        key: `${r.path}\n${r.accept}`,
        status: res.status,
        type: res.headers.get("content-type") ?? "text/plain",
        body: Buffer.from(await res.arrayBuffer()).toString("base64"),
        ...(location ? { location } : {}),
      });
    }
    child.send({ type: "baseline", responses: captured });
    await next(child, "baseline-ready");

    await load(ready.router, mix, warmup, connections);
    const start = await memory();
    let unexpected = 0;
    const unexpectedSamples: string[] = [];
    let middle: MemorySample | undefined;
    const half = setTimeout(
      () => {
        void memory().then((m) => {
          middle = m;
        });
      },
      (seconds * 1000) / 2,
    );
    const soak = await load(ready.router, mix, seconds, connections, (r, status) => {
      if (status === r.expect) return;
      unexpected++;
      if (unexpectedSamples.length < 10)
        unexpectedSamples.push(`${r.path} (${r.accept}): ${status}, expected ${r.expect}`);
    });
    clearTimeout(half);
    const end = await memory();
    const mid = middle ?? start;
    const bare = await load(ready.bare, mix, baselineSeconds, connections);
    const statuses: Record<string, number> = {};
    for (const [code, v] of Object.entries(soak.statusCodeStats ?? {})) statuses[code] = v.count ?? 0;
    return {
      seconds,
      connections,
      routes: mix.length,
      router: figures(soak),
      baseline: figures(bare),
      errors: soak.errors,
      timeouts: soak.timeouts,
      unexpected,
      unexpectedSamples,
      serverErrors: Object.entries(statuses)
        .filter(([code]) => Number(code) >= 500)
        .reduce((n, [, c]) => n + c, 0),
      statuses,
      memory: {
        start,
        middle: mid,
        end,
        rssGrowth: (end.rss - mid.rss) / mid.rss,
        heapGrowth: (end.heapUsed - mid.heapUsed) / mid.heapUsed,
      },
    };
  } finally {
    child.kill("SIGTERM");
  }
}

/** Whether a report passes: no failed request, no 5xx, memory growth under 10 % between the halves. */
export function soakPasses(report: SoakReport, checkMemory = true): boolean {
  return (
    report.errors === 0 &&
    report.timeouts === 0 &&
    report.unexpected === 0 &&
    report.serverErrors === 0 &&
    (!checkMemory || (report.memory.rssGrowth < MEMORY_LIMIT && report.memory.heapGrowth < MEMORY_LIMIT))
  );
}

/** The report as text, one figure a line. */
export function formatSoakReport(r: SoakReport): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
  const row = (name: string, f: LoadFigures) =>
    `${name.padEnd(9)} ${String(f.requests).padStart(8)} req  ${f.rps.toFixed(0).padStart(6)} req/s  avg ${f.latencyAvg.toFixed(1)} ms  p50 ${f.latencyP50} ms  p99 ${f.latencyP99} ms  max ${f.latencyMax} ms`;
  return [
    `soak: ${r.seconds} s at ${r.connections} connections over ${r.routes} routes`,
    row("router", r.router),
    row("baseline", r.baseline),
    `latency ratio (router / bare Express): avg ${(r.router.latencyAvg / r.baseline.latencyAvg).toFixed(2)}, p99 ${(r.router.latencyP99 / Math.max(1, r.baseline.latencyP99)).toFixed(2)}`,
    `errors ${r.errors}, timeouts ${r.timeouts}, unexpected statuses ${r.unexpected}, 5xx ${r.serverErrors}`,
    `statuses ${Object.entries(r.statuses)
      .map(([c, n]) => `${c}×${n}`)
      .join(" ")}`,
    ...r.unexpectedSamples.map((s) => `  unexpected: ${s}`),
    `memory (after GC): start rss ${mb(r.memory.start.rss)} heap ${mb(r.memory.start.heapUsed)}; middle rss ${mb(r.memory.middle.rss)} heap ${mb(r.memory.middle.heapUsed)}; end rss ${mb(r.memory.end.rss)} heap ${mb(r.memory.end.heapUsed)}`,
    `memory growth, second half: rss ${pct(r.memory.rssGrowth)}, heap ${pct(r.memory.heapGrowth)} (limit ${pct(MEMORY_LIMIT)})`,
  ].join("\n");
}

function figures(r: autocannon.Result): LoadFigures {
  return {
    requests: r.requests.total,
    rps: r.requests.average,
    latencyAvg: r.latency.average,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    latencyMax: r.latency.max,
  };
}

function load(
  port: number,
  mix: readonly SoakRequest[],
  seconds: number,
  connections: number,
  onAnswer?: (r: SoakRequest, status: number) => void,
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: mix.map((r) => ({
      method: "GET" as const,
      path: r.path,
      headers: { accept: r.accept },
      ...(onAnswer ? { onResponse: (status: number) => onAnswer(r, status) } : {}),
    })),
  });
}

function next(child: ChildProcess, type: ChildMessage["type"]): Promise<ChildMessage> {
  return new Promise((resolveMessage, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolveMessage(m);
    };
    const onExit = (code: number | null) => reject(new Error(`soak server exited with ${code}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** The child: the router and the bare baseline on ephemeral loopback ports. */
async function serve(): Promise<void> {
  const express = (await import("express")).default;
  const { loadSite } = await import("../src/node/index.js");
  const { createLodRouter } = await import("../src/http/index.js");
  const data = fileURLToPath(new URL("../data", import.meta.url));
  const { site } = await loadSite(data, { baseIri: "https://data.example.gov/" });
  const app = express();
  app.disable("x-powered-by");
  app.use(createLodRouter({ site }));
  const bareApp = express();
  bareApp.disable("x-powered-by");
  let answers = new Map<string, { status: number; type: string; body: Buffer; location?: string }>();
  bareApp.use((req, res) => {
    const hit = answers.get(`${req.url}\n${req.get("accept") ?? ""}`);
    if (!hit) {
      res.status(404).end();
      return;
    }
    if (hit.location) res.location(hit.location);
    res.status(hit.status).type(hit.type).send(hit.body);
  });
  const listen = (a: typeof app) =>
    new Promise<Server>((ok) => {
      const s = a.listen(0, "127.0.0.1", () => ok(s));
    });
  const router = await listen(app);
  const bare = await listen(bareApp);

  const docs = [...site.documents.values()];
  const mix: SoakRequest[] = [];
  const accepts = [
    "text/turtle",
    "application/ld+json",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/n-triples",
    "application/rdf+xml;q=0.9, text/turtle;q=0.5",
  ];
  docs.forEach((d, i) => {
    mix.push({
      path: `/doc/${d.kind}/${d.slug}`,
      accept: accepts[i % accepts.length] as string,
      expect: 200,
    });
    mix.push({
      path: `/doc/${d.kind}/${d.slug}.${["ttl", "jsonld", "nq", "html"][i % 4]}`,
      accept: "*/*",
      expect: 200,
    });
    if (i % 3 === 0) mix.push({ path: `/id/${d.kind}/${d.slug}`, accept: "text/turtle", expect: 303 });
    if (i % 4 === 0) mix.push({ path: `/doc/${d.kind}/${d.slug}-gone`, accept: "text/turtle", expect: 404 });
    if (i % 6 === 0) {
      mix.push({ path: "/catalog", accept: "application/ld+json", expect: 200 });
      mix.push({ path: "/catalog?page=2&pageSize=5", accept: "text/turtle", expect: 200 });
    }
    if (i % 8 === 0) mix.push({ path: "/.well-known/void", accept: "text/turtle", expect: 200 });
    if (i % 12 === 0) {
      mix.push({ path: "/dump.nq", accept: "*/*", expect: 200 });
      mix.push({ path: "/dump.ttl", accept: "*/*", expect: 200 });
      mix.push({ path: "/sitemap.xml", accept: "*/*", expect: 200 });
      mix.push({ path: "/no/such/thing", accept: "text/html", expect: 404 });
    }
  });

  process.on(
    "message",
    (m: {
      type: string;
      responses?: { key: string; status: number; type: string; body: string; location?: string }[];
    }) => {
      if (m.type === "memory") {
        (globalThis as { gc?: () => void }).gc?.();
        const { rss, heapUsed } = process.memoryUsage();
        process.send?.({ type: "memory", sample: { rss, heapUsed } });
      } else if (m.type === "baseline" && m.responses) {
        answers = new Map(
          m.responses.map((r) => [
            r.key,
            {
              status: r.status,
              type: r.type,
              body: Buffer.from(r.body, "base64"),
              ...(r.location ? { location: r.location } : {}),
            },
          ]),
        );
        process.send?.({ type: "baseline-ready" });
      }
    },
  );
  process.on("SIGTERM", () => process.exit(0));
  process.on("disconnect", () => process.exit(0));
  process.send?.({
    type: "ready",
    router: (router.address() as AddressInfo).port,
    bare: (bare.address() as AddressInfo).port,
    mix,
  });
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string", default: "60" },
      connections: { type: "string", default: "100" },
      "baseline-seconds": { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stderr.write(
      "usage: npm run soak -- [--seconds 60] [--connections 100] [--baseline-seconds 15] [--json FILE]\n",
    );
    return 0;
  }
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) {
    process.stderr.write("--seconds must be positive and --connections a positive integer\n");
    return 2;
  }
  const report = await runSoak({
    seconds,
    connections,
    ...(values["baseline-seconds"] ? { baselineSeconds: Number(values["baseline-seconds"]) } : {}),
  });
  process.stdout.write(`${formatSoakReport(report)}\n`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  const ok = soakPasses(report);
  process.stdout.write(ok ? "soak: PASS\n" : "soak: FAIL\n");
  return ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (process.argv.includes("--serve")) {
    serve().catch((error: unknown) => {
      process.stderr.write(`soak server: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(2);
    });
  } else {
    main(process.argv.slice(2)).then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
      },
    );
  }
}
