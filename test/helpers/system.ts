import { execFileSync } from "node:child_process";

/**
 * Whether a system program (rapper, chromium, nginx, virtuoso-t, /usr/bin/python3 with rdflib) is installed.
 * Suites that need one use `describe.skipIf(!hasProgram(...))` and name the reason in the suite title, so the
 * skip is visible in the report. Under `CI=true` a missing program is a failure, so CI always runs them.
 */
export function hasProgram(command: string, args: string[] = ["--version"]): boolean {
  let ok: boolean;
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: 20_000 });
    ok = true;
  } catch (e) {
    ok = (e as NodeJS.ErrnoException).code !== "ENOENT" && (e as { status?: number }).status !== 127;
  }
  if (!ok && process.env.CI === "true") {
    throw new Error(`${command} is required under CI=true (install it in .ci/run)`);
  }
  if (!ok)
    process.stderr.write(`NOTICE: ${command} is not installed; the suites that need it are skipped.\n`);
  return ok;
}

/** A suite title that says why it was skipped, when it was. */
export function needs(program: string, available: boolean, title: string): string {
  return available ? title : `${title} [SKIPPED: ${program} not installed]`;
}
