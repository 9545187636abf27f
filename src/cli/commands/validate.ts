import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { safeLoadContentDir } from "../../node/index.js";
import { createSite } from "../../site/site.js";
import { formatReport, type ReportFormat } from "../../validate/index.js";
import { type CliContext, EXIT_INVALID, EXIT_OK, resolveBaseIri, type Sink } from "../program.js";
import { type ShaclCliOptions, shaclIssues, withShaclOptions } from "../shacl.js";

/** Options of `govlod validate`. */
export interface ValidateCommandOptions extends ShaclCliOptions {
  format: ReportFormat;
  base?: string;
}

function parseReportFormat(value: string): ReportFormat {
  if (value !== "text" && value !== "json") throw new InvalidArgumentError('must be "text" or "json"');
  return value;
}

/** Registers `govlod validate [dir]`. */
export function registerValidate(program: Command, ctx: CliContext): void {
  withShaclOptions(
    program
      .command("validate")
      .description(
        "Check a content folder: input schema, references, unique slugs, and SHACL over the mapped RDF. Prints one line per issue with file, field and rule; exit 1 when invalid.",
      )
      .argument("[dir]", "content folder", "data")
      .option("--format <format>", "report format: text or json", parseReportFormat, "text" as ReportFormat)
      .option(
        "--base <iri>",
        "base IRI the RDF is checked with (default: $BASE_IRI or http://localhost:3000/)",
      ),
  ).action(async (dir: string, opts: ValidateCommandOptions) => {
    ctx.exit(await runValidate(dir, opts, { ...ctx, out: ctx.stdout }));
  });
}

/**
 * `govlod validate [dir]`: input (zod), loader (references, slugs) and, when the input is valid, SHACL issues in
 * one report. Resolves to 0 when valid, 1 when not; throws `IoError` when the folder cannot be read.
 */
export async function runValidate(
  dir: string,
  options: ValidateCommandOptions,
  io: { out: Sink; env: CliContext["env"] },
): Promise<number> {
  const loaded = await safeLoadContentDir(dir);
  const issues = [...loaded.issues];
  if (loaded.success) {
    const baseIri = resolveBaseIri(options.base, io.env);
    const site = createSite(
      loaded.items.map((l) => l.item),
      baseIri ? { baseIri } : {},
    );
    issues.push(...(await shaclIssues(site, loaded.items, options)));
  }
  const invalid = issues.some((i) => i.severity === "violation");
  if (options.format === "json") io.out.write(formatReport(issues, { format: "json" }));
  else {
    io.out.write(formatReport(issues, { format: "text" }));
    if (!invalid) io.out.write(`${dir}: ${loaded.items.length} items valid\n`);
  }
  return invalid ? EXIT_INVALID : EXIT_OK;
}
