/**
 * govlod benchmarks: every number is a ratio against a baseline measured in the same run on the same machine.
 *
 *   npm run bench                 # full run (a few minutes on 2 cores)
 *   npm run bench -- --quick      # CI: small sizes, checks the harness still runs
 *   npm run bench -- --only http,jsonld --jsonld-items 20000
 *   npm run bench -- --only build --out-dir /tmp/bench   # builds write there (default /dev/shm when it has room)
 *   npm run bench -- --build-items 10000,100000 --naive-items 10000,100000 --incremental-items 10000
 *
 * Prints the machine and a table (metric, ours, baseline, ratio, goal, result). Exit code 0 when the harness
 * ran; goals that fail are reported, not fatal (add --strict to exit 1 on a failed goal).
 * @module
 */
import { parseArgs } from "node:util";
import { benchBuild } from "./build.js";
import { benchHttp } from "./http.js";
import { benchJsonLd } from "./jsonld.js";
import { describeMachine, formatMachine } from "./lib/machine.js";
import { formatTable, type Row } from "./lib/report.js";

const SECTIONS = ["http", "jsonld", "build"] as const;

function pair(text: string | undefined, fallback: [number, number]): [number, number] {
  if (!text) return fallback;
  const [a, b] = text.split(",").map(Number);
  if (!Number.isInteger(a) || !Number.isInteger(b))
    throw new Error(`expected two sizes like 1000,10000, got ${text}`);
  return [a as number, b as number];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      strict: { type: "boolean", default: false },
      "http-items": { type: "string" },
      "jsonld-items": { type: "string" },
      "build-items": { type: "string" },
      "naive-items": { type: "string" },
      "incremental-items": { type: "string" },
      "out-dir": { type: "string" },
    },
  });
  const quick = values.quick === true;
  const only = new Set(values.only ? values.only.split(",") : SECTIONS);
  const sizes = {
    http: Number(values["http-items"] ?? (quick ? 100 : 1000)),
    jsonld: Number(values["jsonld-items"] ?? (quick ? 200 : 10_000)),
    build: pair(values["build-items"], quick ? [40, 200] : [500, 5000]),
    naive: pair(values["naive-items"], quick ? [40, 200] : [1000, 5000]),
    incremental: Number(values["incremental-items"] ?? (quick ? 100 : 2000)),
  };
  const machine = describeMachine();
  const started = performance.now();
  process.stdout.write(`govlod benchmarks${quick ? " (quick)" : ""}\nmachine: ${formatMachine(machine)}\n\n`);
  const rows: Row[] = [];
  const section = async (name: string, run: () => Promise<Row[]>) => {
    if (!only.has(name)) return;
    process.stderr.write(`running ${name}…\n`);
    try {
      rows.push(...(await run()));
    } catch (error) {
      rows.push({
        metric: name,
        ours: "–",
        baseline: "–",
        ratioText: "–",
        goal: "–",
        pass: undefined,
        note: `benchmark failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };
  await section("http", () =>
    benchHttp({ items: sizes.http, seconds: quick ? 1 : 5, rounds: quick ? 1 : 3, connections: 10 }),
  );
  await section("jsonld", () => benchJsonLd({ items: sizes.jsonld, runs: quick ? 1 : 3 }));
  await section("build", () =>
    // The full run times what `govlod build` runs (compiled, `prebench` builds it); --quick the sources (no build
    // needed: it is a test).
    benchBuild({
      ours: sizes.build,
      naive: sizes.naive,
      incremental: sizes.incremental,
      code: quick ? "src" : "dist",
      ...(values["out-dir"] ? { outRoot: values["out-dir"] } : {}),
    }),
  );
  process.stdout.write(`${formatTable(rows)}\n\n`);
  process.stdout.write(
    `${rows.filter((r) => r.pass === true).length} pass, ${rows.filter((r) => r.pass === false).length} fail, ${rows.filter((r) => r.pass === undefined).length} not measured; ${((performance.now() - started) / 1000).toFixed(0)} s. ` +
      "CPU times are user+system of the measuring process; other processes on a shared machine add noise.\n",
  );
  const failed = rows.some((r) => r.pass === false);
  const broken = rows.some((r) => r.note?.startsWith("benchmark failed"));
  return broken || (values.strict && failed) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
