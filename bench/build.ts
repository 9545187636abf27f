import { fork } from "node:child_process";
import { statfsSync } from "node:fs";
import { cp, readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchCode, ChildResult } from "./build-child.js";
import { count, ms, type Row, verdict } from "./lib/report.js";
import { BENCH_TMP, editTitle, syntheticSite } from "./lib/site.js";

/** Options of {@link benchBuild}. */
export interface BuildBenchOptions {
  /** Two sizes for our build, the second ten times the first: the comparison and the scaling rows. */
  ours: [number, number];
  /** Two sizes the naive pipeline can finish; its time at `ours[1]` is extrapolated from them. */
  naive: [number, number];
  /** Size for the incremental rebuild. */
  incremental: number;
  /** Which of govlod's code the builds run (default `src`). */
  code?: BenchCode;
  /**
   * Where the builds write (default: {@link defaultOutRoot}). Both pipelines write to the same place, and each
   * output is removed once measured.
   */
  outRoot?: string;
}

let benchCode: BenchCode = "src";
let outRoot = BENCH_TMP;

/** Bytes of output a build of one item writes in every format (2.1 GB for 10 000 items), with room to spare. */
const BYTES_PER_ITEM = 300_000;

/**
 * Where the build benchmark writes by default: the RAM-backed `/dev/shm` when it has room for the largest build
 * (both outputs are removed once measured), else the temporary folder. On a VM whose disk makes every new file
 * cost a varying 0.02–0.7 ms of kernel time (seen on this project's CI machines), the disk otherwise decides the
 * ratio: the same build's CPU time moved by half between two runs. `--out-dir` chooses another place.
 */
export function defaultOutRoot(largestItems: number): string {
  try {
    const fs = statfsSync("/dev/shm");
    if (fs.bavail * fs.bsize > largestItems * BYTES_PER_ITEM) return "/dev/shm/govlod-bench";
  } catch {
    // no /dev/shm
  }
  return BENCH_TMP;
}

const GiB = 1024 ** 3;

function runChild(
  mode: "ours" | "same" | "naive" | "builder",
  dir: string,
  out: string,
  ...rest: string[]
): Promise<ChildResult> {
  const child = fork(fileURLToPath(new URL("./build-child.ts", import.meta.url)), [mode, dir, out, ...rest], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, GOVLOD_BENCH_CODE: benchCode },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve) => {
    let result: ChildResult | undefined;
    child.on("message", (m) => {
      result = m as ChildResult;
    });
    child.on("exit", (code) =>
      resolve(
        result ?? { ok: false, wall: 0, cpu: 0, maxRss: 0, error: `build process exited with ${code}` },
      ),
    );
  });
}

/** Removes a build output: the folder (or symlink) and the builds folder `govlod build` keeps beside it. */
async function discard(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rm(join(dirname(dir), `.${basename(dir)}.govlod-builds`), { recursive: true, force: true });
}

async function fresh(name: string): Promise<string> {
  const dir = join(outRoot, name);
  await discard(dir);
  return dir;
}

/** Runs a build child into a fresh output folder and removes the output afterwards (gigabytes at large sizes). */
async function measure(mode: "ours" | "same" | "naive", items: number): Promise<ChildResult> {
  const out = await fresh(`out-${mode}-${items}`);
  try {
    return await runChild(mode, await syntheticSite(items), out);
  } finally {
    await discard(out);
  }
}

/**
 * Extrapolates a time to size `n` with the straight line through two measurements (fixed cost + cost per item).
 * Whole-graph SHACL grows at least linearly, so the line under-estimates the baseline: the comparison is
 * conservative.
 */
function extrapolate(n1: number, t1: number, n2: number, t2: number, n: number): number {
  const perItem = Math.max(0, (t2 - t1) / (n2 - n1));
  return t2 + perItem * (n - n2);
}

const notMeasured = (metric: string, goal: string, why: string): Row => ({
  metric,
  ours: "–",
  baseline: "–",
  ratioText: "–",
  goal,
  pass: undefined,
  note: why,
});

/**
 * `govlod build` (buildSite with the SHACL check the CLI uses) against a naive pipeline, each in a fresh child
 * process (own peak RSS): once restricted to the naive pipeline's formats (Turtle and JSON-LD per document: the
 * like-for-like comparison) and once in every format; scaling over a tenfold size; incremental rebuild after one
 * content file changes. The goal is on elapsed (wall) time — the build uses every core, the naive pipeline one;
 * CPU time (user + system, all threads) is shown beside it.
 */
export async function benchBuild(options: BuildBenchOptions): Promise<Row[]> {
  benchCode = options.code ?? "src";
  outRoot =
    options.outRoot ?? defaultOutRoot(Math.max(...options.ours, ...options.naive, options.incremental));
  const rows: Row[] = [];
  const [small, large] = options.ours;

  const oSmall = await measure("ours", small);
  const oLarge = await measure("ours", large);
  const oSame = await measure("same", large);
  const naiveRuns: ChildResult[] = [];
  for (const n of options.naive) naiveRuns.push(await measure("naive", n));
  const [nSmall, nLarge] = naiveRuns as [ChildResult, ChildResult];
  const measuredAtSize = options.naive[1] === large;
  const baseline = (key: "wall" | "cpu") =>
    measuredAtSize
      ? nLarge[key]
      : extrapolate(options.naive[0], nSmall[key], options.naive[1], nLarge[key], large);
  const how = measuredAtSize
    ? `naive measured at ${count(large)} items`
    : `naive measured at ${count(options.naive[0])} (${ms(nSmall.wall)}) and ${count(options.naive[1])} items (${ms(nLarge.wall)}), extrapolated linearly (conservative)`;

  const compare = (metric: string, run: ChildResult, what: string) => {
    if (!run.ok) return rows.push(notMeasured(metric, "≤ 0.5×", `our build did not run: ${run.error}`));
    if (!nSmall.ok || !nLarge.ok)
      return rows.push(
        notMeasured(metric, "≤ 0.5×", `naive pipeline failed: ${nSmall.error ?? nLarge.error}`),
      );
    const ratio = run.wall / baseline("wall");
    rows.push({
      metric,
      ours: `${ms(run.wall)} (CPU ${ms(run.cpu)})`,
      baseline: `${ms(baseline("wall"))} (CPU ${ms(baseline("cpu"))})${measuredAtSize ? "" : " extrapolated"}`,
      ratio,
      ratioText: `${ratio.toFixed(2)}× (CPU ${(run.cpu / baseline("cpu")).toFixed(2)}×)`,
      goal: "≤ 0.5×",
      pass: verdict(ratio, "<=", 0.5),
      note: `${how}; written to ${outRoot}; ours (${benchCode === "dist" ? "compiled, dist/" : "TypeScript through tsx, src/"}) writes ${what} (${count(run.files ?? 0)} files), the naive one Turtle and JSON-LD per document and an N-Quads dump; naive data ${nLarge.conforms ? "conforms" : "does NOT conform"}`,
    });
  };
  compare(
    `Build: validate + build, ${count(large)} items, Turtle + JSON-LD`,
    oSame,
    "Turtle and JSON-LD per document, the catalog and its pages in both, dumps, VoID, sitemap and nginx rules",
  );
  compare(
    `Build: validate + build, ${count(large)} items, every format`,
    oLarge,
    "every format (Turtle, JSON-LD, N-Triples, N-Quads, RDF/XML, HTML per language) of every document, the catalog and its pages, dumps, VoID, sitemap and nginx rules",
  );
  if (oLarge.ok && oSmall.ok) {
    rows.push({
      metric: `Build: peak RSS, ${count(large)} items`,
      ours: `${(oLarge.maxRss / GiB).toFixed(2)} GiB`,
      baseline: nLarge.ok
        ? `${(nLarge.maxRss / GiB).toFixed(2)} GiB (naive, ${count(options.naive[1])} items)`
        : "–",
      ratioText: "–",
      goal: "≤ 2 GiB",
      pass: verdict(oLarge.maxRss / GiB, "<=", 2),
    });
    const scale = oLarge.cpu / oSmall.cpu;
    rows.push({
      metric: `Build: scaling ${count(small)} → ${count(large)} items`,
      ours: `${ms(oSmall.cpu)} → ${ms(oLarge.cpu)} CPU`,
      baseline: `linear: ×${(large / small).toFixed(0)}`,
      ratio: scale,
      ratioText: `${scale.toFixed(1)}×`,
      goal: `≤ ${((11 * large) / small / 10).toFixed(0)}×`,
      pass: verdict(scale, "<=", (1.1 * large) / small),
      note: `CPU time (elapsed: ${ms(oSmall.wall)} → ${ms(oLarge.wall)}, ${(oLarge.wall / oSmall.wall).toFixed(1)}×)`,
    });
  } else {
    const why = `our build did not run: ${oLarge.error ?? oSmall.error}`;
    rows.push(notMeasured(`Build: peak RSS, ${count(large)} items`, "≤ 2 GiB", why));
    rows.push(notMeasured(`Build: scaling ${count(small)} → ${count(large)} items`, "≤ 11×", why));
  }

  // Incremental: a working copy, one full build, then two rebuilds, each after one news item's title changed. The
  // first rebuild links every unchanged file into a new build folder and keeps the full build beside it; the
  // second — the usual case when content is edited and rebuilt again and again — brings that kept folder up to
  // date in place. The row is the second; the first is in its note.
  const n = options.incremental;
  const src = await syntheticSite(n);
  const work = await fresh(`incremental-${n}`);
  await cp(src, join(work, "content"), { recursive: true });
  const out = join(work, "out");
  const full = await runChild("ours", join(work, "content"), out);
  const imetric = `Incremental: rebuild after 1 of ${count(n)} items changes`;
  if (!full.ok) rows.push(notMeasured(imetric, "≤ 2%", `our build did not run: ${full.error}`));
  else {
    const newsDir = join(work, "content", "news");
    const file = join(newsDir, (await readdir(newsDir)).sort()[0] as string);
    await editTitle(file, "endret");
    const first = await runChild("ours", join(work, "content"), out);
    await editTitle(file, "endret igjen");
    const again = first.ok ? await runChild("ours", join(work, "content"), out) : first;
    if (!again.ok) rows.push(notMeasured(imetric, "≤ 2%", `rebuild failed: ${again.error}`));
    else {
      const ratio = again.wall / full.wall;
      rows.push({
        metric: imetric,
        ours: `${ms(again.wall)} (CPU ${ms(again.cpu)}; ${count(again.rendered ?? 0)} rendered, ${count(again.reused ?? 0)} reused)`,
        baseline: `${ms(full.wall)} (CPU ${ms(full.cpu)}) full build`,
        ratio,
        ratioText: `${(ratio * 100).toFixed(1)}% (CPU ${((again.cpu / full.cpu) * 100).toFixed(1)}%)`,
        goal: "≤ 2%",
        pass: verdict(ratio, "<=", 0.02),
        note: `the second rebuild in a row (it updates the build folder the first one kept); the first rebuild after the full build took ${ms(first.wall)} (${((first.wall / full.wall) * 100).toFixed(1)}%); written to ${outRoot}`,
      });
    }
  }
  // The same through one long-running builder (`govlod build --watch`): a full build, then two rebuilds in the same
  // process, each after the same one-item edit; a fresh copy of the content and a fresh output.
  await rm(work, { recursive: true, force: true });
  await cp(src, join(work, "content"), { recursive: true });
  const wmetric = `Incremental, long-running builder (build --watch): rebuild after 1 of ${count(n)} items changes`;
  const newsDir = join(work, "content", "news");
  const watched = await runChild(
    "builder",
    join(work, "content"),
    out,
    join(newsDir, (await readdir(newsDir)).sort()[0] as string),
  );
  if (!watched.ok || watched.fullWall === undefined)
    rows.push(notMeasured(wmetric, "≤ 2%", `the builder did not run: ${watched.error}`));
  else {
    const ratio = watched.wall / watched.fullWall;
    rows.push({
      metric: wmetric,
      ours: `${ms(watched.wall)} (CPU ${ms(watched.cpu)}; ${count(watched.rendered ?? 0)} rendered, ${count(watched.reused ?? 0)} reused)`,
      baseline: `${ms(watched.fullWall)} (CPU ${ms(watched.fullCpu ?? 0)}) its first, full build`,
      ratio,
      ratioText: `${(ratio * 100).toFixed(1)}% (CPU ${((watched.cpu / (watched.fullCpu ?? 1)) * 100).toFixed(1)}%)`,
      goal: "≤ 2%",
      pass: verdict(ratio, "<=", 0.02),
      note: `the median of ${watched.rebuilds?.length ?? 0} rebuilds in the same process after its first (the slowest took ${ms(Math.max(...(watched.rebuilds ?? [0])))}: a major garbage collection lands in some; the first rebuild, which fills the builder's memory, took ${ms(watched.firstWall ?? 0)}); every format, SHACL; written to ${outRoot}`,
    });
  }
  await rm(work, { recursive: true, force: true });
  return rows;
}
