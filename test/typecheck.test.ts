import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function check(command: string, args: string[]): Promise<string> {
  try {
    await run(command, args, { cwd: ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    return "";
  } catch (e) {
    const { stdout = "", stderr = "" } = e as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`.trim() || String(e);
  }
}

// STYLE §6: sources, tests, examples, scripts and benchmarks are type-checked, and Biome is the one linter.
describe("typecheck and lint", () => {
  it("type-checks src, test, examples, scripts and bench with the strict tsconfig", async () => {
    expect(
      await check(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"]),
    ).toBe("");
  }, 300_000);

  it("passes Biome (format and lint)", async () => {
    expect(await check(process.execPath, ["node_modules/@biomejs/biome/bin/biome", "check", "."])).toBe("");
  }, 300_000);
});
