import { UsageError } from "../program.js";

/**
 * Loads Express, an optional peer dependency that only serving needs: a missing install is a usage error
 * (exit 2) that says what to install, not a stack trace.
 */
export async function loadExpress(): Promise<typeof import("express")> {
  try {
    return ((await import("express")) as unknown as { default: typeof import("express") }).default;
  } catch (cause) {
    throw new UsageError(`govlod serve needs express: npm install express (${(cause as Error).message})`);
  }
}
