import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { startBrokenEndpoint } from "../fixtures/broken-endpoint/server.js";
import { startOurServer } from "./servers.js";

function buffers() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env: {},
      isTTY: false,
    },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

describe("cli/commands/doctor", () => {
  let ours: { server: Server; base: string };
  let broken: { server: Server; url: string };
  beforeAll(async () => {
    ours = await startOurServer();
    broken = await startBrokenEndpoint();
  });
  afterAll(async () => {
    await new Promise((r) => ours.server.close(r));
    await new Promise((r) => broken.server.close(r));
  });

  it("exits 0 on our catalog, checked with the DCAT-AP-NO shapes too", async () => {
    const b = buffers();
    expect(await runCli(["doctor", `${ours.base}catalog`], b.io)).toBe(0);
    expect(b.out()).toMatch(/✓ ready for data\.norge\.no, data\.europa\.eu and CKAN/);
    expect(b.out()).not.toMatch(/✗/);
  });

  it("exits 1 and prints what to fix on a broken endpoint", async () => {
    const b = buffers();
    expect(await runCli(["doctor", broken.url, "--no-shapes"], b.io)).toBe(1);
    expect(b.out()).toMatch(/✗ \[data\.norge\.no\] blank-node-dataset/);
    expect(b.out()).toMatch(/fix: /);
  });

  it("writes JSON for pipelines", async () => {
    const b = buffers();
    expect(await runCli(["doctor", broken.url, "--no-shapes", "--format", "json"], b.io)).toBe(1);
    const report = JSON.parse(b.out()) as { ok: boolean; findings: { check: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.some((f) => f.check === "relative-iri")).toBe(true);
  });

  it("exits 2 for a bad URL or an unreachable endpoint", async () => {
    const bad = buffers();
    expect(await runCli(["doctor", "ftp://x/catalog"], bad.io)).toBe(2);
    const down = buffers();
    expect(
      await runCli(["doctor", "http://127.0.0.1:1/catalog", "--no-shapes", "--timeout", "2"], down.io),
    ).toBe(2);
    expect(down.err()).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:1\/catalog/);
  });
});
