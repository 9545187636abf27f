import type { Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { join } from "node:path";
import express from "express";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLodRouter } from "../../src/http/router.js";
import type { ContentItem } from "../../src/model/index.js";
import { buildSite } from "../../src/node/build.js";
import { HTML_CONTENT_SECURITY_POLICY } from "../../src/serialize/html-style.js";
import { createSite } from "../../src/site/site.js";
import { createEmbeddedEngine, siteQuads } from "../../src/sparql/engine.js";
import { cleanup, cli, copySeed, editJson, spawnCli, tempDir } from "../cli/helpers.js";
import { seedItems } from "../helpers/seed.js";
import { startTrap, type Trap } from "../helpers/trap.js";
import { buildRequest, parseResponse, type RawResponse, sendRaw } from "./raw-http.js";
import { startTarget, type Target } from "./target.js";

const NEWS = "/doc/news/regionale-utviklingstrekk-2021";

async function raw(
  port: number,
  method: string,
  path: string,
  headers: [string, string][] = [],
  body?: string,
): Promise<RawResponse> {
  const out = await sendRaw(port, buildRequest(method, path, [["Host", "127.0.0.1"], ...headers], body));
  if (out.kind !== "response") throw new Error(`${method} ${path}: ${out.kind}`);
  return out.response;
}

describe("security headers, CORS, size limits, no reflected markup", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(() => target.close());

  it("sends a script-free Content-Security-Policy, nosniff, Referrer-Policy and no framing with every HTML page", async () => {
    for (const [path, accept] of [
      [NEWS, "text/html"],
      [`${NEWS}.html`, "*/*"],
      ["/catalog", "text/html"],
      ["/.well-known/void", "text/html"],
    ] as const) {
      const res = await raw(target.port, "GET", path, [["Accept", accept]]);
      expect(res.status, path).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.headers["content-security-policy"]).toBe(HTML_CONTENT_SECURITY_POLICY);
      const csp = res.headers["content-security-policy"] as string;
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      // No script the policy would have to allow: every script element is a JSON-LD data block.
      for (const m of res.text.matchAll(/<script\b([^>]*)>/gi))
        expect(m[1]?.trim()).toBe('type="application/ld+json"');
      expect(res.text).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  it("sends the same protections with HTML error pages and with the SPARQL form", async () => {
    const notFound = await raw(target.port, "GET", "/doc/news/nope", [["Accept", "text/html"]]);
    expect(notFound.status).toBe(404);
    expect(notFound.headers["content-security-policy"]).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(notFound.headers["x-frame-options"]).toBe("DENY");
    const form = await raw(target.port, "GET", "/sparql", [["Accept", "text/html"]]);
    expect(form.status).toBe(200);
    expect(form.text).toContain("<form");
    expect(form.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    expect(form.headers["content-security-policy"]).toMatch(/form-action 'self'/);
    expect(form.headers["content-security-policy"]).not.toMatch(/script-src/);
    expect(form.headers["x-frame-options"]).toBe("DENY");
  });

  it("allows CORS for GET and HEAD only: preflights list GET, HEAD; other methods get 405 and no CORS", async () => {
    const get = await raw(target.port, "GET", NEWS, [["Origin", "https://elsewhere.example"]]);
    expect(get.headers["access-control-allow-origin"]).toBe("*");
    for (const method of ["PUT", "DELETE", "PATCH", "POST"]) {
      const pre = await raw(target.port, "OPTIONS", NEWS, [
        ["Origin", "https://evil.example"],
        ["Access-Control-Request-Method", method],
      ]);
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers["access-control-allow-methods"]).toBe("GET, HEAD");
      expect(pre.headers["access-control-allow-credentials"]).toBeUndefined();
      const res = await raw(target.port, method, NEWS, [["Origin", "https://evil.example"]], "x");
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe("GET, HEAD, OPTIONS");
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
      expect(res.headers["access-control-allow-methods"]).toBeUndefined();
    }
    // The SPARQL endpoint has no preflight answer: a browser may only send it simple (read-only) requests.
    const sparqlPre = await raw(target.port, "OPTIONS", "/sparql", [
      ["Origin", "https://evil.example"],
      ["Access-Control-Request-Method", "PUT"],
    ]);
    expect(sparqlPre.status).toBe(405);
    expect(sparqlPre.headers["access-control-allow-methods"]).toBeUndefined();
    expect(sparqlPre.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers 431 to a head over 16 KiB (a header or a URL) and 413 to a SPARQL body over 256 KiB", async () => {
    const header = await raw(target.port, "GET", NEWS, [["X-Big", "x".repeat(17 * 1024)]]);
    expect(header.status).toBe(431);
    const url = await raw(target.port, "GET", `${NEWS}?q=${"a".repeat(17 * 1024)}`);
    expect(url.status).toBe(431);
    const query = `SELECT * { ?s ?p ?o } # ${"x".repeat(300 * 1024)}`;
    const direct = await raw(
      target.port,
      "POST",
      "/sparql",
      [["Content-Type", "application/sparql-query"]],
      query,
    );
    expect(direct.status).toBe(413);
    const form = await raw(
      target.port,
      "POST",
      "/sparql",
      [["Content-Type", "application/x-www-form-urlencoded"]],
      `query=${encodeURIComponent(query)}`,
    );
    expect(form.status).toBe(413);
    // Just under the limits, the same requests are answered.
    const ok = await raw(target.port, "GET", NEWS, [["X-Big", "x".repeat(8 * 1024)]]);
    expect(ok.status).toBe(200);
  });

  it("never echoes markup from the URL path, in plain text or HTML (regression: 404 and 400 messages quoted it)", async () => {
    const payload = encodeURIComponent("<script>alert(9173)</script>");
    for (const accept of ["text/plain", "text/html", "*/*"]) {
      for (const path of [
        `/doc/news/${payload}`,
        `/id/x/${payload}`,
        `/feed/${payload}`,
        `/catalog/${payload}`,
      ]) {
        const res = await raw(target.port, "GET", path, [["Accept", accept]]);
        expect(res.status, path).toBe(404);
        expect(res.text, `${path} ${accept}`).not.toContain("<script>alert(9173)");
      }
      const bad = await raw(target.port, "GET", "/doc/news/<script>alert(9173)</script>%zz", [
        ["Accept", accept],
      ]);
      expect(bad.status).toBe(400);
      expect(bad.text).not.toContain("<script>alert(9173)");
    }
    // Query values are quoted in messages: escaped in HTML; plain text is sent with nosniff (never rendered).
    const page = await raw(target.port, "GET", `/catalog?page=${payload}`, [["Accept", "text/html"]]);
    expect(page.status).toBe(400);
    expect(page.text).toContain("&#60;script&#62;alert(9173)");
    expect(page.text).not.toContain("<script>alert(9173)");
    const plain = await raw(target.port, "GET", `/catalog?page=${payload}`, [["Accept", "text/plain"]]);
    expect(plain.headers["content-type"]).toMatch(/^text\/plain/);
    expect(plain.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("no outbound requests (SSRF): content IRIs, SPARQL datasets and JSON-LD contexts are never fetched", () => {
  let trap: Trap;
  let trapUrl: string;
  let hits: string[];
  let target: Server;
  let port: number;
  let site: ReturnType<typeof createSite>;
  beforeAll(async () => {
    trap = await startTrap(
      "application/ld+json",
      '{"@context": {"name": "http://evil.example/name"}, "@id": "http://evil.example/x", "name": "x"}',
    );
    hits = trap.requests;
    trapUrl = trap.origin;
    // The seed with a news item that points at the trap from every IRI-valued field it has.
    const items = (await seedItems()).map((item) =>
      item.slug === "regionale-utviklingstrekk-2021"
        ? ({ ...item, url: `${trapUrl}/page`, mentions: [`${trapUrl}/thing`] } as ContentItem)
        : item,
    );
    site = createSite(items, { baseIri: "https://data.example.gov/" });
    const app = express();
    app.use(createLodRouter({ site }));
    target = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    port = (target.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await trap.close();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });

  it("counts requests (control: a direct request is seen)", async () => {
    await (await fetch(`${trapUrl}/control`)).text();
    expect(hits).toEqual(["GET /control"]);
    hits.length = 0;
  });

  it("serves every document in every format, the catalog, VoID and the dumps without a request to the trap", async () => {
    const paths = [
      "/catalog",
      "/.well-known/void",
      "/dump.nq",
      "/dump.ttl",
      "/context.jsonld",
      "/sitemap.xml",
    ];
    for (const doc of site.documents.values())
      for (const ext of ["ttl", "jsonld", "nt", "nq", "rdf", "html"])
        paths.push(`/doc/${doc.kind}/${doc.slug}.${ext}`);
    let trapMentioned = 0;
    for (const path of paths) {
      const res = await raw(port, "GET", path, [["Accept", "*/*"]]);
      expect(res.status, path).toBe(200);
      if (res.text.includes(trapUrl)) trapMentioned++;
    }
    expect(trapMentioned).toBeGreaterThan(0);
    expect(hits).toEqual([]);
  });

  it("refuses SERVICE and LOAD, and reads FROM, FROM NAMED, default-graph-uri and DESCRIBE from its own data", async () => {
    const queries: [string, number][] = [
      [`SELECT * { SERVICE <${trapUrl}/sparql> { ?s ?p ?o } }`, 403],
      [`SELECT * { SERVICE SILENT <${trapUrl}/sparql> { ?s ?p ?o } }`, 403],
      [`LOAD <${trapUrl}/data.ttl>`, 403],
      [`SELECT * FROM <${trapUrl}/graph> { ?s ?p ?o } LIMIT 5`, 200],
      [`SELECT * FROM NAMED <${trapUrl}/graph> { GRAPH ?g { ?s ?p ?o } } LIMIT 5`, 200],
      [`DESCRIBE <${trapUrl}/thing>`, 200],
      [`SELECT ?x { BIND(IRI("${trapUrl}/x") AS ?x) }`, 200],
    ];
    for (const [query, status] of queries) {
      const res = await raw(port, "GET", `/sparql?query=${encodeURIComponent(query)}`, [
        ["Accept", "application/sparql-results+json, text/turtle"],
      ]);
      expect(res.status, `${query}: ${res.text.slice(0, 200)}`).toBe(status);
    }
    const dataset = await raw(
      port,
      "GET",
      `/sparql?query=${encodeURIComponent("ASK { ?s ?p ?o }")}&default-graph-uri=${encodeURIComponent(`${trapUrl}/g`)}&named-graph-uri=${encodeURIComponent(`${trapUrl}/n`)}`,
      [["Accept", "application/sparql-results+json"]],
    );
    expect(dataset.status).toBe(200);
    // A JSON-LD body with a remote context is not a query: 415, nothing parsed, nothing fetched.
    const jsonld = await raw(
      port,
      "POST",
      "/sparql",
      [["Content-Type", "application/ld+json"]],
      JSON.stringify({ "@context": `${trapUrl}/context.jsonld`, name: "x" }),
    );
    expect(jsonld.status).toBe(415);
    expect(hits).toEqual([]);
  });

  it("validates with SHACL and builds content that points at the trap without a request to it", async () => {
    const dir = await copySeed();
    const work = join(dir, "..");
    try {
      await editJson(join(dir, "news/regionale-utviklingstrekk-2021.json"), (j) => {
        j.url = `${trapUrl}/page`;
        j.mentions = [`${trapUrl}/thing`];
      });
      const validate = await cli(["validate", dir]);
      expect(validate.code, validate.stdout).toBe(0);
      await buildSite({ dir, out: join(work, "site"), baseIri: "https://data.example.gov/" });
      expect(hits).toEqual([]);
    } finally {
      await cleanup(work);
    }
  });
});

describe("SPARQL endpoint under hostile queries", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(() => target.close());

  const RUNS = Number(process.env.GOVLOD_SPARQL_FUZZ_RUNS ?? 300);
  it(`answers ${RUNS} generated queries (fast-check, fixed seed) with 2xx or 4xx, never 5xx`, async () => {
    const fragment = fc.constantFrom(
      "SELECT",
      "ASK",
      "CONSTRUCT",
      "DESCRIBE",
      "*",
      "?s",
      "?p ?o",
      "WHERE",
      "{",
      "}",
      "(",
      ")",
      ".",
      ";",
      "FILTER",
      "OPTIONAL",
      "UNION",
      "GRAPH ?g",
      "SERVICE <http://127.0.0.1:1/>",
      "INSERT DATA",
      "DELETE WHERE",
      "DROP ALL",
      "CLEAR DEFAULT",
      "LOAD <http://127.0.0.1:1/>",
      "LIMIT 5",
      "LIMIT 99999999999",
      "OFFSET -1",
      "ORDER BY ?s",
      "GROUP BY ?p",
      "COUNT(*)",
      'REGEX(?o, "(a+)+$")',
      "STRLEN(?o)",
      "<script>alert(9173)</script>",
      '"\\u0000"',
      "PREFIX schema: <http://schema.org/>",
      "schema:name",
      "a",
      "VALUES ?x { 1 2 3 }",
      "BIND(1/0 AS ?z)",
      "#",
      "\n",
      "\u0000",
      "𝔘",
    );
    const query = fc.oneof(
      fc.array(fragment, { minLength: 1, maxLength: 14 }).map((xs) => xs.join(" ")),
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        "SELECT * { ?s ?p ?o } LIMIT 3",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3",
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
        "DESCRIBE <https://data.example.gov/id/news/regionale-utviklingstrekk-2021>",
      ),
    );
    const via = fc.constantFrom("get", "form", "direct");
    const accept = fc.constantFrom(
      "application/sparql-results+json",
      "text/csv",
      "text/turtle",
      "application/sparql-results+xml",
      "*/*",
      "image/png",
      "",
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(query, via, accept, async (q, how, acc) => {
        const headers: [string, string][] = acc ? [["Accept", acc]] : [];
        const res =
          how === "get"
            ? await raw(target.port, "GET", `/sparql?query=${encodeURIComponent(q)}`, headers)
            : how === "form"
              ? await raw(
                  target.port,
                  "POST",
                  "/sparql",
                  [...headers, ["Content-Type", "application/x-www-form-urlencoded"]],
                  `query=${encodeURIComponent(q)}`,
                )
              : await raw(
                  target.port,
                  "POST",
                  "/sparql",
                  [...headers, ["Content-Type", "application/sparql-query"]],
                  q,
                );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${how} ${JSON.stringify(q)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: RUNS, seed: 9173 },
    );
    process.stderr.write(
      `sparql fuzz: ${RUNS} queries; statuses ${[...statuses].map(([s, c]) => `${s}×${c}`).join(" ")}\n`,
    );
    expect(target.errors).toEqual([]);
    for (const s of [200, 400]) expect(statuses.get(s) ?? 0).toBeGreaterThan(0);
  }, 300_000);

  it("answers a text without a query form (only comments or PREFIX) with 400 (regression: was 502)", async () => {
    for (const q of ["#", "# only a comment\n", "PREFIX schema: <http://schema.org/>", "BASE <http://x/>"]) {
      const res = await raw(target.port, "GET", `/sparql?query=${encodeURIComponent(q)}`, [
        ["Accept", "*/*"],
      ]);
      expect(res.status, q).toBe(400);
      expect(res.text).toMatch(/no query form/);
    }
  });

  it("sheds load beyond its queue with 503 and Retry-After (regression: was 502), and answers normally after", async () => {
    const site = createSite(await seedItems(), { baseIri: "https://data.example.gov/" });
    const engine = createEmbeddedEngine(siteQuads(site), { baseIri: site.baseIri, maxQueue: 4 });
    const app = express();
    app.use(createLodRouter({ site, sparql: engine }));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const p = (server.address() as AddressInfo).port;
    try {
      const query = `/sparql?query=${encodeURIComponent("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")}`;
      const all = await Promise.all(
        Array.from({ length: 40 }, () =>
          raw(p, "GET", query, [["Accept", "application/sparql-results+json"]]),
        ),
      );
      const codes = all.map((r) => r.status);
      expect(
        codes.every((c) => c === 200 || c === 503),
        codes.join(","),
      ).toBe(true);
      expect(codes).toContain(503);
      for (const r of all.filter((x) => x.status === 503)) expect(r.headers["retry-after"]).toBe("1");
      const after = await raw(p, "GET", query, [["Accept", "application/sparql-results+json"]]);
      expect(after.status).toBe(200);
    } finally {
      await engine.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("govlod serve: graceful shutdown on SIGTERM", () => {
  it("finishes a request in flight, refuses new connections, and exits 0", async () => {
    const work = await tempDir("govlod-serve-");
    const run = spawnCli(["serve", "data", "--port", "0", "--base", "http://127.0.0.1/"]);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /\(port (\d+)\)/.exec(run.output().stderr);
          if (m) {
            clearInterval(timer);
            resolve(Number(m[1]));
          }
          if (run.child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`serve exited: ${run.output().stderr}`));
          }
        }, 50);
      });
      // The server's own header limit (Node's default, 16 KiB) holds for the CLI too.
      expect((await raw(port, "GET", NEWS, [["X-Big", "x".repeat(17 * 1024)]])).status).toBe(431);

      // A slow client: the head and half the body of a SPARQL POST, the rest after SIGTERM.
      const body = `query=${encodeURIComponent("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")}`;
      const socket = connect({ host: "127.0.0.1", port });
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      socket.write(
        `POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
      );
      await new Promise((r) => setTimeout(r, 300));
      run.child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      // Listening has stopped: a new connection is refused.
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect({ host: "127.0.0.1", port });
        s.once("connect", () => {
          s.destroy();
          resolve(false);
        });
        s.once("error", () => resolve(true));
      });
      expect(refused).toBe(true);
      expect(run.child.exitCode).toBeNull();
      socket.write(body.slice(10));
      await closed;
      const res = parseResponse(Buffer.concat(chunks));
      expect(res?.status, run.output().stderr).toBe(200);
      expect(JSON.parse(res?.text ?? "{}")).toHaveProperty("results.bindings");
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      await cleanup(work);
    }
  }, 60_000);
});
