import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { isLodError, LodError, ValidationError } from "../errors.js";
import { formatReport } from "../validate/index.js";
import { registerBuild } from "./commands/build.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerPush } from "./commands/push.js";
import { registerServe } from "./commands/serve.js";
import { registerValidate } from "./commands/validate.js";

/** Exit codes (DESIGN §5): 0 ok, 1 invalid content, 2 usage or I/O error. */
export const EXIT_OK = 0;
/** Content is invalid. */
export const EXIT_INVALID = 1;
/** Bad usage, or reading/writing failed. */
export const EXIT_USAGE = 2;

/** A text sink (stdout, stderr, or a buffer in tests). */
export interface Sink {
  write(text: string): unknown;
}

/** What a command may touch: streams, environment, terminal. Tests pass buffers; `main.ts` passes `process`. */
export interface CliIo {
  stdout: Sink;
  stderr: Sink;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress bar) or a log (plain lines). */
  isTTY: boolean;
  /** The stderr stream for cli-progress, when it is a terminal. */
  ttyStream?: NodeJS.WritableStream;
  /** Registers what a long-running command (serve) does when asked to stop (SIGINT/SIGTERM). */
  onStop?: (listener: () => void) => void;
}

/** Passed to every command: the I/O and a way to set the exit code. */
export interface CliContext extends CliIo {
  /** Sets the process exit code (the highest code set wins). */
  exit(code: number): void;
}

/** Registers one command on the program. Adding a verb is one function and one line in {@link COMMANDS}. */
export type CommandRegistration = (program: Command, ctx: CliContext) => void;

/** Every `govlod` verb, in `--help` order. */
export const COMMANDS: readonly CommandRegistration[] = [
  registerValidate,
  registerBuild,
  registerServe,
  registerPush,
  registerDoctor,
];

/** A usage error (bad flag value, missing option): exit 2 with the message. */
export class UsageError extends LodError {
  override name = "UsageError";
  constructor(message: string) {
    super("usage_error", message);
  }
}

/** Parses a TCP port option for commander. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError("must be a number from 0 to 65535");
  return n;
}

/** Parses an absolute http(s) URL option for commander. */
export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("must be an absolute http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidArgumentError("must be an absolute http:// or https:// URL");
  }
  return url.href;
}

/** The base IRI: `--base`, else `$BASE_IRI`, else the fallback; must be an absolute http(s) IRI. */
export function resolveBaseIri(
  option: string | undefined,
  env: CliIo["env"],
  fallback?: string,
): string | undefined {
  const value = option ?? (env.BASE_IRI && env.BASE_IRI.length > 0 ? env.BASE_IRI : undefined) ?? fallback;
  if (value === undefined) return undefined;
  try {
    return parseHttpUrl(value);
  } catch {
    throw new UsageError(`base IRI "${value}" must be an absolute http:// or https:// IRI`);
  }
}

/** The version in package.json (two folders up from src/cli/ and dist/cli/). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Creates the `govlod` program with every command of {@link COMMANDS} registered. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command()
    .name("govlod")
    .description("Publish government web content as linked open data.")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeErr: (s) => ctx.stderr.write(s), writeOut: (s) => ctx.stdout.write(s) });
  for (const register of COMMANDS) register(program, ctx);
  // Subcommands throw instead of exiting, like the program.
  for (const c of program.commands) c.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/**
 * What the commands print when content is invalid: its errors grouped by file, each with its field, rule and hint
 * (as `govlod validate` prints them), then one line that counts them and the warnings not shown, ending with
 * `outcome` ("the output stays as it was").
 */
export function invalidContentReport(error: ValidationError, outcome?: string): string {
  const errors = error.issues.filter((i) => i.severity === "violation").length;
  const warnings = error.issues.length - errors;
  const report = formatReport(error.issues, { format: "text", violationsOnly: true });
  // Its last line counts what `validate` prints; this one says what is left out.
  const body = report.slice(0, report.lastIndexOf("\n", report.length - 2) + 1);
  return `${body}govlod: content is invalid: ${errors} error(s)${
    warnings > 0 ? `, ${warnings} warning(s) not shown (govlod validate lists them)` : ""
  }${outcome ? `; ${outcome}` : ""}\n`;
}

/** The exit code for an error: 1 for invalid content, 2 for usage and I/O (STYLE §7.8: via the error's code). */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (isLodError(error) && (error.code === "invalid_content" || error.code === "shacl_violation"))
    return EXIT_INVALID;
  return EXIT_USAGE;
}

/**
 * Runs `govlod` with `argv` (user arguments only, without `node` and the script) and resolves to the exit code.
 * Errors are printed to `io.stderr`, validation issues one per line with file and field.
 * @example
 * const code = await runCli(["validate", "data"], { stdout: process.stdout, stderr: process.stderr, env: process.env, isTTY: false });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = EXIT_OK;
  const ctx: CliContext = {
    ...io,
    exit: (c) => {
      code = Math.max(code, c);
    },
  };
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (error instanceof ValidationError) io.stderr.write(invalidContentReport(error));
    else {
      io.stderr.write(`govlod: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return exitCodeOf(error);
  }
}
