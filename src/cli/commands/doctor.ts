import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { type DoctorReport, formatDoctorReport, runDoctor } from "../../node/doctor.js";
import { loadShapes } from "../../node/index.js";
import { validate } from "../../validate/index.js";
import { type CliContext, EXIT_INVALID, EXIT_OK, parseHttpUrl, type Sink } from "../program.js";

/** Options of `govlod doctor`. */
export interface DoctorCommandOptions {
  /** Check the catalog against the bundled DCAT-AP-NO profile (default true; `--no-shapes` skips it). */
  shapes: boolean;
  format: "text" | "json";
  timeout: number;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 600)
    throw new InvalidArgumentError("must be whole seconds from 1 to 600");
  return n;
}

/** Registers `govlod doctor <url>`. */
export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command("doctor")
    .description(
      "Check a DCAT endpoint (ours or anyone's) the way data.norge.no, data.europa.eu and CKAN harvest it, and print what to fix. Exit 1 when a harvester would fail, 2 when the endpoint cannot be reached.",
    )
    .argument("<url>", "the catalog URL as registered with the portals", parseHttpUrl)
    .option(
      "--format <format>",
      "report format: text or json",
      (v: string) => {
        if (v !== "text" && v !== "json") throw new InvalidArgumentError('must be "text" or "json"');
        return v;
      },
      "text",
    )
    .option("--timeout <seconds>", "per-request timeout", parseSeconds, 30)
    .option("--no-shapes", "skip the DCAT-AP-NO shapes")
    .action(async (url: string, opts: DoctorCommandOptions) => {
      ctx.exit(await runDoctorCommand(url, opts, { out: ctx.stdout }));
    });
}

/**
 * `govlod doctor <url>`: runs every harvester check and prints the report. Resolves to 0 when no harvester would
 * fail, 1 when one would; throws (exit 2) when the URL is unusable or the endpoint cannot be reached.
 */
export async function runDoctorCommand(
  url: string,
  options: DoctorCommandOptions,
  io: { out: Sink; fetch?: typeof fetch },
): Promise<number> {
  const shapes = options.shapes
    ? await loadShapes(undefined, { include: (f) => f === "profile-dcat-ap-no.ttl" })
    : undefined;
  const report: DoctorReport = await runDoctor(url, {
    timeoutMs: options.timeout * 1000,
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(shapes ? { shapes: async (quads) => (await validate(quads, { shapes })).issues } : {}),
  });
  io.out.write(
    options.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report),
  );
  return report.ok ? EXIT_OK : EXIT_INVALID;
}
