import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/cli/commands/serve.js";
import { loadShapes } from "../../src/node/index.js";
import { cleanup, copySeed, editJson } from "./helpers.js";

const DOC = "doc/news/regionale-utviklingstrekk-2021.ttl";

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("cli/commands/serve", () => {
  let dir: string;
  let running: RunningServer;
  const log: string[] = [];
  beforeAll(async () => {
    dir = await copySeed();
    running = await startServer(dir, {
      port: 0,
      host: "127.0.0.1",
      baseIri: "https://data.example.gov/",
      watch: true,
      log: (line) => log.push(line),
    });
  });
  afterAll(async () => {
    await running.close();
    await cleanup(join(dir, ".."));
  });

  it("serves the content folder with the linked-data router", async () => {
    const res = await fetch(`${running.url}${DOC}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/turtle; charset=utf-8");
    expect(log.join("\n")).toMatch(/serving \d+ documents .* watching for changes/);
  });

  it("switches to changed content without failing a single request, and keeps the old site on invalid content", async () => {
    let stop = false;
    const statuses: number[] = [];
    const errors: string[] = [];
    // Four clients ask continuously while the content changes underneath.
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          const res = await fetch(`${running.url}${DOC}`);
          await res.arrayBuffer();
          statuses.push(res.status);
        } catch (e) {
          errors.push(String(e));
        }
      }
    });

    const reloads = () => log.filter((l) => l.includes("reloaded")).length;
    await editJson(join(dir, "news/regionale-utviklingstrekk-2021.json"), (j) => {
      (j.title as Record<string, string>).nb = "Regionale utviklingstrekk 2021 — oppdatert";
    });
    await until(() => reloads() >= 1);
    const changed = await (await fetch(`${running.url}${DOC}`)).text();
    expect(changed).toContain("oppdatert");

    await writeFile(join(dir, "news/broken.json"), "{");
    await until(() => log.some((l) => l.includes("still serving the previous site")));
    expect(log.some((l) => l.includes(join(dir, "news/broken.json")))).toBe(true);
    const kept = await (await fetch(`${running.url}${DOC}`)).text();
    expect(kept).toContain("oppdatert");

    await cleanup(join(dir, "news/broken.json"));
    await until(() => reloads() >= 2);
    stop = true;
    await Promise.all(clients);
    expect(errors).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it("reloads on demand and reports whether it switched", async () => {
    expect(await running.reload()).toBe(true);
    expect(running.site().documents.size).toBeGreaterThan(20);
  });
});

describe("cli/commands/serve with SHACL shapes", () => {
  it("refuses content that breaks the shapes, at start and on reload (the previous site stays)", async () => {
    const dir = await copySeed();
    const shapes = await loadShapes();
    const log: string[] = [];
    const running = await startServer(dir, {
      port: 0,
      host: "127.0.0.1",
      baseIri: "https://data.example.gov/",
      watch: false,
      log: (line) => log.push(line),
      shapes,
    });
    try {
      // Valid input, but DCAT-AP-NO wants an EU data theme.
      await editJson(join(dir, "dataset", "regional-og-distriktspolitikk.json"), (d) => {
        d.themes = ["https://psi.norge.no/los/ord/regional-planlegging"];
      });
      expect(await running.reload()).toBe(false);
      expect(log.join("\n")).toMatch(/error\s+themes\s.*EU data-theme[\s\S]*still serving the previous site/);
      const served = await (
        await fetch(`${running.url}doc/dataset/regional-og-distriktspolitikk.ttl`)
      ).text();
      expect(served).toContain("data-theme/REGI");
      // Nor does a new server start on it.
      await expect(
        startServer(dir, {
          port: 0,
          host: "127.0.0.1",
          baseIri: "https://data.example.gov/",
          watch: false,
          log: () => {},
          shapes,
        }),
      ).rejects.toMatchObject({ code: "shacl_violation" });
    } finally {
      await running.close();
      await cleanup(join(dir, ".."));
    }
  });
});
