import type { Quad } from "@rdfjs/types";
import jsonld from "jsonld";
import { loadSite } from "../src/node/index.js";
import { createJsonLdContext, writeJsonLd } from "../src/serialize/jsonld.js";
import { count, ms, type Row, verdict } from "./lib/report.js";
import { syntheticSite } from "./lib/site.js";
import { interleave } from "./lib/stats.js";

/** Options of {@link benchJsonLd}. */
export interface JsonLdBenchOptions {
  items: number;
  runs: number;
}

// Never fetch a context: the baseline gets the same inline context as ours, so no network is involved.
const noNetwork = async (url: string): Promise<never> => {
  throw new Error(`benchmark must not load remote documents (${url})`);
};

/** jsonld.js: fromRDF on the quads, compact with our context, JSON text — what a developer would glue together. */
async function baseline(quads: readonly Quad[], context: Record<string, string>): Promise<string> {
  // jsonld.js accepts RDF/JS quads as its dataset input.
  const expanded = await jsonld.fromRDF(quads as unknown as object);
  const compacted = await jsonld.compact(expanded, context, {
    documentLoader: noNetwork,
  } as jsonld.Options.Compact);
  return `${JSON.stringify(compacted, null, 2)}\n`;
}

/** The N-Quads lines of a JSON-LD document per jsonld.js (the reference processor), as a set. */
async function graphOf(text: string): Promise<Set<string>> {
  const nq = (await jsonld.toRDF(JSON.parse(text), {
    format: "application/n-quads",
    documentLoader: noNetwork,
  } as jsonld.Options.ToRdf)) as unknown as string;
  return new Set(nq.split("\n").filter((l) => l !== ""));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Our JSON-LD for the whole site (`writeJsonLd`, written directly from quads) against jsonld.js `fromRDF` +
 * `compact` on the same quads with the same context; checks both outputs are the same graph.
 */
export async function benchJsonLd(options: JsonLdBenchOptions): Promise<Row[]> {
  const dir = await syntheticSite(options.items);
  const { site } = await loadSite(dir);
  const quads = site.quads;
  const context = createJsonLdContext();
  let ours = "";
  let theirs = "";
  const t = await interleave(
    () => {
      ours = writeJsonLd(quads, { context });
    },
    async () => {
      theirs = await baseline(quads, context);
    },
    options.runs,
  );
  const [a, b] = [await graphOf(ours), await graphOf(theirs)];
  const same = sameSet(a, b);
  // CPU time is the primary measure: both sides are single-threaded, and on a shared machine wall time also
  // counts the time other processes held the CPU.
  const speedup = t.b.cpu / t.a.cpu;
  const pass = verdict(speedup, ">=", 5);
  return [
    {
      metric: `JSON-LD, whole site (${count(options.items)} items, ${count(quads.length)} quads)`,
      ours: `${ms(t.a.cpu)} CPU`,
      baseline: `${ms(t.b.cpu)} CPU`,
      ratio: speedup,
      ratioText: `${speedup.toFixed(1)}× faster`,
      goal: "≥ 5× faster",
      pass,
      note: `median of ${options.runs} interleaved runs; wall time ${ms(t.a.wall)} vs ${ms(t.b.wall)} (${(t.b.wall / t.a.wall).toFixed(1)}×)`,
    },
    {
      metric: "JSON-LD, same graph as jsonld.js",
      ours: `${count(a.size)} triples`,
      baseline: `${count(b.size)} triples`,
      ratioText: same ? "identical" : "DIFFERENT",
      goal: "same graph",
      pass: same,
      note: "both outputs expanded back to N-Quads by jsonld.toRDF and compared as sets (no blank nodes)",
    },
  ];
}
