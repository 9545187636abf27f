import { hostname } from "node:os";
import type { Command } from "commander";
import { type BuildSummary, buildSite } from "../../node/build.js";
import { feedLogPathFor, updateFeedLog } from "../../node/feed-log.js";
import { loadShapes } from "../../node/load-shapes.js";
import type { Site } from "../../site/site.js";
import { type CliContext, EXIT_OK, resolveBaseIri, UsageError } from "../program.js";
import { createProgressReporter } from "../progress.js";
import type { ShaclCliOptions } from "../shacl.js";

/** Options of `govlod build`. */
export interface BuildCommandOptions extends ShaclCliOptions {
  out?: string;
  base?: string;
  full?: boolean;
  quiet?: boolean;
  nginxListen?: string;
  nginxServerName?: string;
}

/** Registers `govlod build [dir] --out <dir>`. */
export function registerBuild(program: Command, ctx: CliContext): void {
  program
    .command("build")
    .description(
      "Export a static site: every variant of every document, the catalog, dumps (and .gz), VoID, sitemap, robots, the JSON-LD context, and nginx rules reproducing the router. The output folder is replaced only by a complete, valid build; unchanged documents are reused from the previous build.",
    )
    .argument("[dir]", "content folder", "data")
    .option("-o, --out <dir>", "output folder (required)")
    .option("--base <iri>", "base IRI of the published site (default: $BASE_IRI or http://localhost:3000/)")
    .option("--full", "render every document again, ignoring the previous build")
    .option("--shapes <dir>", "SHACL shapes folder (default: the bundled shapes/)")
    .option("--no-shacl", "skip SHACL; check the input and references only")
    .option("--nginx-listen <addr>", "listen address of the generated nginx server block", "8080")
    .option("--nginx-server-name <name>", "server_name of the generated nginx server block", "_")
    .option("-q, --quiet", "no progress output, only the summary")
    .action(async (dir: string, opts: BuildCommandOptions) => {
      const summary = await runBuild(dir, opts, ctx);
      ctx.stdout.write(`${formatSummary(summary)}\n`);
      ctx.exit(EXIT_OK);
    });
}

/** Runs a build with progress on `ctx.stderr`; throws `ValidationError` (exit 1) or `IoError` (exit 2). */
export async function runBuild(
  dir: string,
  opts: BuildCommandOptions,
  ctx: CliContext,
): Promise<BuildSummary> {
  if (!opts.out) throw new UsageError("build needs --out <dir>, the output folder");
  const baseIri = resolveBaseIri(opts.base, ctx.env);
  const progress = createProgressReporter({
    log: ctx.stderr,
    ...(ctx.isTTY && ctx.ttyStream ? { tty: ctx.ttyStream } : {}),
    quiet: opts.quiet === true,
  });
  let built: Site | undefined;
  try {
    const summary = await buildSite({
      dir,
      out: opts.out,
      ...(baseIri ? { baseIri } : {}),
      incremental: opts.full !== true,
      // SHACL by the build itself: an incremental build validates only the documents that changed.
      ...(opts.shacl ? { shapes: await loadShapes(opts.shapes) } : {}),
      check: (site) => {
        built = site;
        return [];
      },
      onProgress: (p) => progress.update(p),
      nginx: { listen: opts.nginxListen ?? "8080", serverName: opts.nginxServerName ?? "_" },
      lockOwner: { id: `${process.pid}@${hostname()}`, isAlive: isProcessAlive },
    });
    // The change feed's event log lives beside the output and survives rebuilds: append what changed (issue 6).
    if (built) await updateFeedLog(feedLogPathFor(opts.out), built);
    return summary;
  } finally {
    progress.stop();
  }
}

/** Whether a lock holder `pid@host` still runs: unknowable for other hosts (assumed alive). */
function isProcessAlive(id: string): boolean {
  const [pid, host] = id.split("@");
  if (host !== hostname() || !/^\d+$/.test(pid ?? "")) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The one-line summary: documents (data variants rendered and reused; HTML pages rendered and reused), triples,
 * files, size, seconds, output folder.
 */
export function formatSummary(s: BuildSummary): string {
  return `govlod: built ${s.documents} documents (${s.rendered} rendered, ${s.reused} reused; HTML pages ${s.pagesRendered} rendered, ${s.pagesReused} reused), ${s.triples} triples, ${s.files} files (${formatBytes(s.bytes)}) in ${s.seconds.toFixed(2)} s → ${s.out}`;
}
