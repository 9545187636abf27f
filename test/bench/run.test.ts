import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("bench/run", () => {
  it("runs in --quick mode and prints the machine and every metric with ours, baseline, ratio, goal and result", async () => {
    const { stdout } = await promisify(execFile)("npx", ["tsx", "bench/run.ts", "--quick"], {
      cwd: ROOT,
      maxBuffer: 10 * 1024 * 1024,
    });
    expect(stdout).toMatch(/^machine: .+ cores, .+ GiB RAM, Node v\d+/m);
    expect(stdout).toMatch(/\| metric +\| ours +\| baseline +\| ratio +\| goal +\| result +\|/);
    for (const metric of [
      "HTTP GET Turtle",
      "HTTP GET JSON-LD",
      "HTTP GET HTML",
      "JSON-LD, whole site",
      "JSON-LD, same graph as jsonld.js",
      "Build: validate + build",
      "Build: peak RSS",
      "Build: scaling",
      "Incremental: rebuild",
    ]) {
      expect(stdout).toContain(`| ${metric}`);
    }
    expect(stdout).not.toContain("benchmark failed");
    // The JSON-LD comparison is only meaningful when both outputs are the same graph.
    expect(stdout).toMatch(/\| JSON-LD, same graph as jsonld\.js +\|[^\n]*\| identical +\|[^\n]*\| pass +\|/);
  }, 300_000);
});
