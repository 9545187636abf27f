import { describe, expect, it } from "vitest";
import { formatSoakReport, runSoak, soakPasses } from "../../scripts/soak.js";

/** Quick in CI; `GOVLOD_SOAK_SECONDS=60` (or `npm run soak`) for the full soak with the memory criterion. */
const SECONDS = Number(process.env.GOVLOD_SOAK_SECONDS ?? 5);

describe("scripts/soak (quick load test)", () => {
  it(`serves a mixed load for ${SECONDS} s at 100 connections with zero errors and no 5xx`, async () => {
    const report = await runSoak({
      seconds: SECONDS,
      connections: 100,
      warmupSeconds: 1,
      baselineSeconds: 2,
    });
    process.stderr.write(`${formatSoakReport(report)}\n`);
    expect(report.unexpectedSamples).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.timeouts).toBe(0);
    expect(report.serverErrors).toBe(0);
    // Every kind of answer of the mix was exercised: documents, redirects, not-founds.
    for (const status of ["200", "303", "404"]) expect(report.statuses[status] ?? 0).toBeGreaterThan(0);
    expect(report.router.requests).toBeGreaterThan(report.routes);
    expect(report.baseline.requests).toBeGreaterThan(0);
    // The memory criterion needs a long run to mean anything; it is asserted at full size only.
    expect(soakPasses(report, SECONDS >= 30)).toBe(true);
  }, 120_000);
});
