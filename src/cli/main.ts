#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { formatIssue, isLodError, ValidationError } from "../errors.js";
import { runServe } from "./commands/serve.js";
import { runValidate } from "./commands/validate.js";

/** Exit codes (DESIGN §5): 0 ok, 1 invalid content, 2 usage or I/O error. */
const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

function baseIriFrom(env: NodeJS.ProcessEnv): string | undefined {
  return env.BASE_IRI && env.BASE_IRI.length > 0 ? env.BASE_IRI : undefined;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("govlod")
    .description("Publish government web content as linked open data.")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  let exitCode = EXIT_OK;
  program
    .command("validate")
    .description("Validate a content folder (input schema, references) and report each issue with file and field.")
    .argument("[dir]", "content folder", "data")
    .action(async (dir: string) => {
      exitCode = await runValidate(dir, { out: process.stdout });
    });
  program
    .command("serve")
    .description("Serve a content folder as linked data over HTTP.")
    .argument("[dir]", "content folder", "data")
    .option("-p, --port <n>", "port (default: $PORT or 3000)")
    .option("--base <iri>", "base IRI (default: $BASE_IRI or http://localhost:<port>/)")
    .action(async (dir: string, opts: { port?: string; base?: string }) => {
      const port = Number(opts.port ?? process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`govlod: --port must be a number from 0 to 65535\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const baseIri = opts.base ?? baseIriFrom(process.env) ?? `http://localhost:${port}/`;
      const server = await runServe(dir, { port, baseIri, log: (s) => process.stdout.write(`${s}\n`) });
      const stop = () => server.close(() => process.exit(EXIT_OK));
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      await new Promise<never>(() => {});
    });

  try {
    await program.parseAsync(argv, { from: "node" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof ValidationError) {
      for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      return EXIT_INVALID;
    }
    process.stderr.write(`govlod: ${error instanceof Error ? error.message : String(error)}\n`);
    return isLodError(error) && error.code === "invalid_content" ? EXIT_INVALID : EXIT_USAGE;
  }
}

process.exitCode = await main(process.argv);
