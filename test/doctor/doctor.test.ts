import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DoctorReport,
  formatDoctorReport,
  isQNameSplittable,
  runDoctor,
} from "../../src/node/doctor.js";
import { startBrokenEndpoint } from "../fixtures/broken-endpoint/server.js";
import { startOurServer } from "./servers.js";

const checks = (r: DoctorReport, severity = "error") =>
  new Set(r.findings.filter((f) => f.severity === severity).map((f) => `${f.harvester} ${f.check}`));

describe("node/doctor", () => {
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

  it("passes our own catalog, following its Hydra pages to the end", async () => {
    const report = await runDoctor(`${ours.base}catalog`);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.ok).toBe(true);
    const paging = report.findings.find((f) => f.check === "paging" && f.severity === "info");
    expect(paging?.message).toMatch(
      /followed [3-9] Hydra page\(s\) to the end: 6 datasets, hydra:totalItems 6/,
    );
    expect(formatDoctorReport(report)).toMatch(/✓ ready for data\.norge\.no/);
  });

  it("reports every fault of a broken endpoint, with what to fix", async () => {
    const report = await runDoctor(broken.url);
    expect(report.ok).toBe(false);
    const errors = checks(report);
    for (const expected of [
      "data.norge.no content-encoding",
      "data.norge.no utf-8",
      "data.norge.no content-type",
      "data.norge.no parse",
      "data.norge.no relative-iri",
      "data.norge.no blank-node-dataset",
      "data.norge.no rdfxml-predicate",
      "CKAN head",
      "CKAN content-type",
      "data.europa.eu paging",
      "data.europa.eu total-items",
    ])
      expect(errors, expected).toContain(expected);
    const text = formatDoctorReport(report);
    expect(text).toMatch(
      /✗ \[data\.norge\.no\] relative-iri: .*<http:\/\/harvester-a\.invalid\/catalog\/dataset\/1>/,
    );
    expect(text).toMatch(/fix: write every IRI absolute/);
    expect(text).toMatch(/error\(s\).*harvesters will fail/);
  });

  it("refuses what is not an http(s) URL, and says when the endpoint cannot be reached", async () => {
    await expect(runDoctor("ftp://example.org/catalog")).rejects.toMatchObject({ code: "usage_error" });
    await expect(runDoctor("not a url")).rejects.toMatchObject({ code: "usage_error" });
    await expect(runDoctor("http://127.0.0.1:1/catalog", { timeoutMs: 2000 })).rejects.toMatchObject({
      code: "io_error",
    });
  });

  it("knows which predicates RDF/XML can write", () => {
    expect(isQNameSplittable("http://purl.org/dc/terms/title")).toBe(true);
    expect(isQNameSplittable("http://www.w3.org/ns/dcat#dataset")).toBe(true);
    expect(isQNameSplittable("http://example.org/terms/123")).toBe(false);
    expect(isQNameSplittable("http://example.org/terms/")).toBe(false);
    expect(isQNameSplittable("urn:x")).toBe(false);
  });
});
