import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/program.js";
import { DATA_DIR } from "../helpers/seed.js";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The CLI entry, run with tsx in spawned tests. */
export const MAIN = join(ROOT, "src/cli/main.ts");

/** Output of one CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `govlod` in-process with captured output. */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...env },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/**
 * Runs the real `govlod` entry as a child process: node itself with tsx as a loader (not the tsx wrapper, which
 * would run node in a grandchild), so signals such as SIGKILL reach the process doing the work.
 */
export function spawnCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, CI: process.env.CI ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** A new empty temporary folder. */
export function tempDir(prefix = "govlod-cli-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A temporary copy of the seed content folder. */
export async function copySeed(): Promise<string> {
  const dir = join(await tempDir(), "data");
  await cp(DATA_DIR, dir, { recursive: true });
  return dir;
}

/** Reads, edits and writes back one JSON content file. */
export async function editJson(
  file: string,
  edit: (json: Record<string, unknown>) => unknown,
): Promise<void> {
  const json = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  const next = edit(json) ?? json;
  await writeFile(file, `${JSON.stringify(next, null, 2)}\n`);
}

/** Every file under `dir` with its content hash, size and mtime: equal snapshots mean an untouched folder. */
export async function snapshot(
  dir: string,
  options: { mtimes?: boolean } = {},
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = join(e.parentPath, e.name);
    const info = await stat(file);
    const hash = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
    out[relative(dir, file)] = options.mtimes === false ? hash : `${hash} ${info.mtimeMs}`;
  }
  return out;
}

/** Removes folders quietly. */
export async function cleanup(...dirs: string[]): Promise<void> {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}

/**
 * The folders a build output's builds folder should hold: the current build and, after an incremental build, the
 * previous build it keeps beside it (named in its `.govlod/standby`). Sorted.
 */
export async function expectedBuildFolders(out: string): Promise<string[]> {
  const current = await readlink(out);
  const standby = (await readFile(join(out, ".govlod/standby"), "utf8").catch(() => "")).trim();
  return [basename(current), ...(standby ? [standby] : [])].sort();
}
