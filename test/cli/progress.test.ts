import { describe, expect, it } from "vitest";
import { createProgressReporter } from "../../src/cli/progress.js";
import type { BuildProgress } from "../../src/node/build.js";

describe("cli/progress (plain lines, for logs)", () => {
  it("names each phase once, though a build goes back and forth between validating and rendering", () => {
    let text = "";
    const log = {
      write: (s: string) => {
        text += s;
      },
    };
    const reporter = createProgressReporter({ log });
    const steps: BuildProgress[] = [
      { phase: "load", done: 0, total: 0 },
      { phase: "validate", done: 0, total: 0 },
      { phase: "render", done: 0, total: 40 },
      { phase: "validate", done: 0, total: 0 },
      { phase: "render", done: 4, total: 40 },
      { phase: "render", done: 5, total: 40 },
      { phase: "render", done: 40, total: 40 },
      { phase: "site", done: 0, total: 0 },
      { phase: "swap", done: 0, total: 0 },
    ];
    for (const s of steps) reporter.update(s);
    reporter.stop();
    expect(text.split("\n").filter(Boolean)).toEqual([
      "govlod: loading content",
      "govlod: validating (SHACL)",
      "govlod: rendering documents (40 documents)",
      "govlod: rendered 4/40 documents",
      "govlod: rendered 40/40 documents",
      "govlod: writing catalog, dumps, sitemap, VoID and nginx rules",
      "govlod: putting the build in place",
    ]);
  });
});
