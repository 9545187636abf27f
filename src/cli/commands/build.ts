import { hostname } from "node:os";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { ValidationError } from "../../errors.js";
import { type BuildOptions, type BuildSummary, buildSite, createBuilder } from "../../node/build.js";
import { v8FullCollection } from "../../node/collect-garbage.js";
import { feedLogPathFor, updateFeedLog } from "../../node/feed-log.js";
import type { Site } from "../../site/site.js";
import { type CliContext, EXIT_OK, invalidContentReport, resolveBaseIri, UsageError } from "../program.js";
import { createProgressReporter, type ProgressReporter } from "../progress.js";
import { type ShaclCliOptions, shapesOf, withShaclOptions } from "../shacl.js";
import { coalescing, watchContent } from "../watch.js";

/** Options of `govlod build`. */
export interface BuildCommandOptions extends ShaclCliOptions {
  out?: string;
  base?: string;
  full?: boolean;
  quiet?: boolean;
  watch?: boolean;
  nginxListen?: string;
  nginxServerName?: string;
}

/** Registers `govlod build [dir] --out <dir>`. */
export function registerBuild(program: Command, ctx: CliContext): void {
  withShaclOptions(
    program
      .command("build")
      .description(
        "Export a static site: every variant of every document, the catalog, dumps (and .gz), VoID, sitemap, robots, the JSON-LD context, and nginx rules reproducing the router. The output folder is replaced only by a complete, valid build; unchanged documents are reused from the previous build. With --watch, it keeps running and builds again whenever the content changes, from what it keeps in memory of its last build.",
      )
      .argument("[dir]", "content folder", "data")
      .option("-o, --out <dir>", "output folder (required)")
      .option("--base <iri>", "base IRI of the published site (default: $BASE_IRI or http://localhost:3000/)")
      .option(
        "--full",
        "render every document again, ignoring the previous build (with --watch: the first build)",
      ),
  )
    .option("--nginx-listen <addr>", "listen address of the generated nginx server block", "8080")
    .option("--nginx-server-name <name>", "server_name of the generated nginx server block", "_")
    .option(
      "-w, --watch",
      "keep running and build again on every content change (invalid content keeps the last build); Ctrl-C stops",
    )
    .option("-q, --quiet", "no progress output, only the summary")
    .action(async (dir: string, opts: BuildCommandOptions) => {
      if (opts.watch) return watchBuild(dir, opts, ctx);
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
  return (await cliBuilds(dir, opts, ctx, false)).build(opts.full !== true);
}

/**
 * Builds as the CLI does: progress on `ctx.stderr`, the change feed's event log beside the output brought up to
 * date after each build. `keep`: through one long-running builder (`--watch`), else one build at a time.
 */
async function cliBuilds(
  dir: string,
  opts: BuildCommandOptions,
  ctx: CliContext,
  keep: boolean,
): Promise<{ build(incremental: boolean): Promise<BuildSummary> }> {
  const out = opts.out;
  if (!out) throw new UsageError("build needs --out <dir>, the output folder");
  const baseIri = resolveBaseIri(opts.base, ctx.env);
  let built: Site | undefined;
  let progress: ProgressReporter | undefined;
  const shapes = await shapesOf(opts);
  const options: BuildOptions = {
    dir,
    out,
    ...(baseIri ? { baseIri } : {}),
    // SHACL by the build itself: an incremental build validates only the documents that changed.
    ...(shapes ? { shapes } : {}),
    check: (site) => {
      built = site;
      return [];
    },
    onProgress: (p) => progress?.update(p),
    nginx: { listen: opts.nginxListen ?? "8080", serverName: opts.nginxServerName ?? "_" },
    lockOwner: { id: `${process.pid}@${hostname()}`, isAlive: isProcessAlive },
    // A build's peak memory without the garbage of loading and validating (see BuildOptions.collectGarbage).
    collectGarbage: v8FullCollection(),
  };
  const builder = keep ? createBuilder(options) : undefined;
  return {
    async build(incremental) {
      progress = createProgressReporter({
        log: ctx.stderr,
        ...(ctx.isTTY && ctx.ttyStream ? { tty: ctx.ttyStream } : {}),
        quiet: opts.quiet === true,
      });
      built = undefined;
      try {
        const summary = builder
          ? await builder.build({ incremental })
          : await buildSite({ ...options, incremental });
        // The change feed's event log lives beside the output and survives rebuilds: append what changed (issue 6).
        if (built) await updateFeedLog(feedLogPathFor(out), built);
        return summary;
      } finally {
        progress.stop();
      }
    },
  };
}

/**
 * `build --watch`: builds, then builds again (through one builder) each time the content folder changes, until
 * stopped. Invalid content prints its issues and leaves the output as the last build; so does any other failure
 * of a rebuild. Exit 0 when stopped.
 */
async function watchBuild(dir: string, opts: BuildCommandOptions, ctx: CliContext): Promise<void> {
  const builds = await cliBuilds(dir, opts, ctx, true);
  const log = (line: string) => void ctx.stderr.write(`${line}\n`);
  let first = true;
  const once = async (): Promise<boolean> => {
    try {
      const summary = await builds.build(!(first && opts.full === true));
      ctx.stdout.write(`${formatSummary(summary)}\n`);
      return true;
    } catch (error) {
      if (error instanceof ValidationError) {
        ctx.stderr.write(invalidContentReport(error, "the output stays as it was"));
      } else if (first) throw error;
      else log(`govlod: build failed: ${(error as Error).message}; the output stays as it was`);
      return false;
    } finally {
      first = false;
    }
  };
  await once();
  const rebuilds = coalescing(once, (a, b) => a || b);
  // Changes under the output (a folder inside the content folder) are the build's own writes.
  const output = relative(resolve(dir), resolve(opts.out as string));
  const watcher = watchContent(
    dir,
    () => void rebuilds.run(),
    log,
    (name) => name === output || name.startsWith(`${output}/`),
  );
  log(`govlod: watching ${dir} for changes`);
  await new Promise<void>((resolve) => ctx.onStop?.(resolve));
  watcher.close();
  await rebuilds.idle();
  ctx.exit(EXIT_OK);
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
