import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON report is what .ci/run reads to print "N passed, M failed".
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    coverage: {
      provider: "v8",
      include: ["src/**"],
      exclude: ["src/cli/main.ts"],
    },
  },
});
