import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = readdirSync(new URL("../examples", import.meta.url)).filter((f) => f.endsWith(".ts"));

describe("examples", () => {
  it("has examples", () => {
    expect(EXAMPLES.length).toBeGreaterThan(0);
  });

  it.each(EXAMPLES)(
    "runs examples/%s to completion",
    async (file) => {
      const { stdout } = await run(process.execPath, ["--import", "tsx", `examples/${file}`], {
        cwd: ROOT,
        timeout: 60_000,
      });
      expect(stdout.length).toBeGreaterThan(0);
    },
    90_000,
  );
});
