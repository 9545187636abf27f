/**
 * Child process of the build benchmark, so that each build is timed in a fresh process and its peak RSS is its
 * own. `tsx bench/build-child.ts <ours|same|naive> <content dir> <out dir>`; answers one JSON line over IPC.
 * @module
 */
import { fileURLToPath } from "node:url";
import { editTitle } from "./lib/site.js";
import { naiveBuild } from "./naive.js";

/** What a build child reports. */
export interface ChildResult {
  ok: boolean;
  /** Wall and CPU milliseconds of the build itself (module loading excluded). */
  wall: number;
  cpu: number;
  /** Peak resident set size of the process, bytes. */
  maxRss: number;
  documents?: number;
  rendered?: number;
  reused?: number;
  files?: number;
  conforms?: boolean;
  /** Why it did not run. */
  error?: string;
  /** `builder` mode: the builder's first (full) build and its first rebuild, wall milliseconds. */
  fullWall?: number;
  fullCpu?: number;
  firstWall?: number;
  /** `builder` mode: the wall milliseconds of each timed rebuild (the result is their median). */
  rebuilds?: number[];
}

const SHAPES_DIR = fileURLToPath(new URL("../shapes", import.meta.url));

/**
 * Which of govlod's code a build child runs: `dist` (what `govlod build` and the installed package run: the
 * compiled JavaScript, `npm run build`) or `src` (the TypeScript through tsx, which also transforms the code every
 * render worker loads: slower to start).
 */
export type BenchCode = "dist" | "src";

/** `ours` renders every format; `same` only the naive pipeline's (Turtle and JSON-LD per document). */
async function ours(dir: string, out: string, same = false): Promise<Partial<ChildResult>> {
  // The public build API, validated the way `govlod build` validates (the build's own SHACL pass over the bundled
  // shapes); looked up at run time so that the benchmark reports a missing piece instead of failing to load.
  const code = (process.env.GOVLOD_BENCH_CODE ?? "src") as BenchCode;
  const root = code === "dist" ? "../dist" : "../src";
  const build = (await import(`${root}/node/index.js`).catch(() => ({}))) as Record<string, unknown>;
  const buildSite = build.buildSite as
    | undefined
    | ((o: object) => Promise<{ documents: number; rendered: number; reused: number; files: number }>);
  const loadShapes = build.loadShapes as undefined | (() => Promise<object>);
  if (!buildSite)
    return {
      ok: false,
      error: `buildSite (govlod/node) not found in ${root}${code === "dist" ? " (run npm run build)" : ""}`,
    };
  if (!loadShapes) return { ok: false, error: "loadShapes (govlod/node) does not exist yet" };
  const { DEFAULT_FORMATS } = (await import(
    `${root}/serialize/formats.js`
  )) as typeof import("../src/serialize/formats.js");
  const formats = same ? DEFAULT_FORMATS.filter((f) => f.id === "ttl" || f.id === "jsonld") : undefined;
  const shapes = await loadShapes();
  const started = { wall: performance.now(), cpu: process.cpuUsage() };
  // As `govlod build` runs it: with V8's full collection once the site is planned.
  const collectGarbage = (build.v8FullCollection as undefined | (() => () => void))?.();
  const summary = await buildSite({
    dir,
    out,
    shapes,
    ...(formats ? { formats } : {}),
    ...(collectGarbage ? { collectGarbage } : {}),
  });
  const used = process.cpuUsage(started.cpu);
  return {
    ok: true,
    wall: performance.now() - started.wall,
    cpu: (used.user + used.system) / 1000,
    documents: summary.documents,
    rendered: summary.rendered,
    reused: summary.reused,
    files: summary.files,
  };
}

/** Rebuilds a `builder` child times after its first one. */
export const BUILDER_REBUILDS = 5;

/**
 * A long-running builder (`createBuilder`, what `govlod build --watch` runs): one full build in every format, then
 * rebuilds in the same process, each after `file`'s title changed. The first rebuild (it fills the builder's
 * memory) is reported on its own; the result is the median of the {@link BUILDER_REBUILDS} after it (a single one
 * is at the mercy of a major garbage collection landing in it or not: measured 0.5 s without, 0.7–1.1 s with).
 */
async function builder(dir: string, out: string, file: string): Promise<Partial<ChildResult>> {
  const code = (process.env.GOVLOD_BENCH_CODE ?? "src") as BenchCode;
  const root = code === "dist" ? "../dist" : "../src";
  const api = (await import(`${root}/node/index.js`).catch(() => ({}))) as Record<string, unknown>;
  const createBuilder = api.createBuilder as
    | undefined
    | ((o: object) => { build(): Promise<{ rendered: number; reused: number; files: number }> });
  const loadShapes = api.loadShapes as () => Promise<object>;
  if (!createBuilder) return { ok: false, error: `createBuilder (govlod/node) not found in ${root}` };
  // As `govlod build --watch` runs it (the collection runs in its first build only).
  const collectGarbage = (api.v8FullCollection as undefined | (() => () => void))?.();
  const b = createBuilder({
    dir,
    out,
    shapes: await loadShapes(),
    ...(collectGarbage ? { collectGarbage } : {}),
  });
  const timed = async () => {
    const started = { wall: performance.now(), cpu: process.cpuUsage() };
    const summary = await b.build();
    const used = process.cpuUsage(started.cpu);
    return { wall: performance.now() - started.wall, cpu: (used.user + used.system) / 1000, summary };
  };
  const full = await timed();
  await editTitle(file, "endret");
  const first = await timed();
  const rebuilds: Awaited<ReturnType<typeof timed>>[] = [];
  for (let i = 0; i < BUILDER_REBUILDS; i++) {
    await editTitle(file, `endret ${i + 2}`);
    rebuilds.push(await timed());
  }
  const again = [...rebuilds].sort((a, b) => a.wall - b.wall)[
    Math.floor(BUILDER_REBUILDS / 2)
  ] as (typeof rebuilds)[0];
  return {
    ok: true,
    wall: again.wall,
    cpu: again.cpu,
    rebuilds: rebuilds.map((r) => r.wall),
    rendered: again.summary.rendered,
    reused: again.summary.reused,
    files: again.summary.files,
    fullWall: full.wall,
    fullCpu: full.cpu,
    firstWall: first.wall,
  };
}

async function naive(dir: string, out: string): Promise<Partial<ChildResult>> {
  const started = { wall: performance.now(), cpu: process.cpuUsage() };
  const r = await naiveBuild(dir, out, SHAPES_DIR);
  const used = process.cpuUsage(started.cpu);
  return { ok: true, wall: performance.now() - started.wall, cpu: (used.user + used.system) / 1000, ...r };
}

async function main(): Promise<void> {
  const [mode, dir, out, file] = process.argv.slice(2) as [string, string, string, string | undefined];
  let result: Partial<ChildResult>;
  try {
    result =
      mode === "naive"
        ? await naive(dir, out)
        : mode === "builder"
          ? await builder(dir, out, file as string)
          : await ours(dir, out, mode === "same");
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message.slice(0, 500) : String(error) };
  }
  const full: ChildResult = {
    wall: 0,
    cpu: 0,
    ...result,
    ok: result.ok ?? false,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.send?.(full);
  process.disconnect?.();
}

void main();
