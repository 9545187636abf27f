import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/cli/commands/serve.js";
import { DATA_DIR } from "../helpers/seed.js";

// `govlod serve` is the router alone: its 404s are the router's (DESIGN §4). (Belongs in test/cli/serve.test.ts.)
describe("cli/commands/serve (the router as the whole server)", () => {
  const base = "https://data.example.gov/";
  let running: RunningServer;
  beforeAll(async () => {
    running = await startServer(DATA_DIR, {
      port: 0,
      host: "127.0.0.1",
      baseIri: base,
      watch: false,
      log: () => {},
    });
  });
  afterAll(async () => {
    await running.close();
  });

  it("answers requests the router does not handle with its negotiated 404, with CORS", async () => {
    for (const path of ["dump.nq.gz", "foo", "catalog/x", "sparql/x", "feed/member/x"]) {
      const text = await fetch(`${running.url}${path}`);
      expect(text.status, path).toBe(404);
      expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(text.headers.get("access-control-allow-origin")).toBe("*");
      expect(text.headers.get("vary")).toContain("Accept");
      expect(await text.text()).toBe(`404 Not Found\nNo resource ${base}${path}\n`);
      const html = await fetch(`${running.url}${path}`, { headers: { Accept: "text/html" } });
      expect(html.status).toBe(404);
      expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await html.text()).toContain("<h1>404 Not Found</h1>");
    }
    const head = await fetch(`${running.url}foo`, { method: "HEAD" });
    expect(head.status).toBe(404);
    expect(head.headers.get("access-control-allow-origin")).toBe("*");
    // What the router serves, it still serves.
    expect((await fetch(`${running.url}dump.nq`)).status).toBe(200);
    expect((await fetch(running.url, { redirect: "manual" })).status).toBe(303);
  });
});
