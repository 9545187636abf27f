import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { request, type Server } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLodRouter } from "../../src/http/index.js";
import { buildSite } from "../../src/node/build.js";
import { loadSite } from "../../src/node/index.js";
import { cleanup, tempDir } from "../cli/helpers.js";
import { DATA_DIR } from "../helpers/seed.js";
import { hasProgram, needs } from "../helpers/system.js";

const HAS_NGINX = hasProgram("nginx", ["-v"]);
const BASE = "https://data.example.gov/";

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  /** SHA-256 of a 200 body: the static file must be the router's bytes. */
  body?: string;
}

/** Compared headers: what a client or cache acts on. ETag and Last-Modified are each server's own. */
const COMPARED = [
  "content-type",
  "vary",
  "location",
  "content-location",
  "link",
  "access-control-allow-origin",
];

function get(port: number, path: string, headers: Record<string, string>, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const hash = createHash("sha256");
      res.on("data", (d: Buffer) => hash.update(d));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(COMPARED.map((h) => [h, res.headers[h] as string | undefined])),
          ...(res.statusCode === 200 ? { body: hash.digest("hex") } : {}),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await get(port, "/robots.txt", {});
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nginx did not start on port ${port}`);
}

const NEWS = "/doc/news/regionale-utviklingstrekk-2021";
/** A document with HTML in two languages (nb, en): the seed's SPARQL service, given an English title here. */
const TWO_LANGUAGES = "/doc/service/sparql";

const ACCEPTS: (string | undefined)[] = [
  undefined,
  "*/*",
  "text/turtle",
  "application/ld+json",
  "application/json",
  "text/n3",
  "application/trig",
  "application/rdf+xml",
  "application/xml",
  "application/n-triples",
  "application/n-quads",
  "text/html",
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
  "text/turtle;q=0.5, application/ld+json",
  "application/n-triples;q=0.9, application/n-quads",
  "text/*",
  "application/*",
  "text/turtle;q=0, */*",
  "text/*;q=0, */*",
  "TEXT/Turtle",
  "text/turtle;charset=utf-8",
  'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"',
  "text/turtle;foo=bar",
  "image/png",
  "garbage",
  "text/html;q=0, text/*",
  "*/*;q=0.1, text/html;q=0.2",
];

describe.skipIf(!HAS_NGINX)(
  needs(
    "nginx",
    HAS_NGINX,
    "serialize/nginx (a static build served by a real nginx answers like the router)",
  ),
  () => {
    let work: string;
    let nginx: ChildProcess | undefined;
    let server: Server | undefined;
    let nginxPort: number;
    let routerPort: number;
    let nginxLog = "";

    beforeAll(async () => {
      if (!HAS_NGINX) return;
      work = await tempDir("govlod-nginx-");
      // Started as root, nginx's workers run as nobody, who must be able to read the build.
      await chmod(work, 0o755);
      nginxPort = await freePort();
      const out = join(work, "site");
      const content = join(work, "content");
      await cp(DATA_DIR, content, { recursive: true });
      const service = join(content, "service", "sparql.json");
      const item = JSON.parse(await readFile(service, "utf8"));
      item.title.en = "SPARQL endpoint for regional and district policy";
      await writeFile(service, JSON.stringify(item));
      await buildSite({ dir: content, out, baseIri: BASE, nginx: { listen: `127.0.0.1:${nginxPort}` } });
      // The standalone configuration the build wrote keeps nginx's temporary files in a sibling folder.
      await mkdir(join(work, ".site.nginx"), { recursive: true });
      nginx = spawn(
        "nginx",
        [
          "-p",
          join(work, ".site.nginx"),
          "-c",
          join(out, ".govlod/nginx.conf"),
          "-g",
          `daemon off; pid ${join(work, "nginx.pid")};`,
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      nginx.stderr?.on("data", (d: Buffer) => (nginxLog += d.toString()));
      const { site } = await loadSite(content, { baseIri: BASE });
      const app = express();
      app.use(createLodRouter({ site, compress: false }));
      const listening = await new Promise<Server>((resolve) => {
        const s = app.listen(0, "127.0.0.1", () => resolve(s));
      });
      server = listening;
      routerPort = (listening.address() as { port: number }).port;
      await waitFor(nginxPort).catch((e: Error) => {
        throw new Error(`${e.message}\n${nginxLog}`);
      });
    });

    afterAll(async () => {
      nginx?.kill("SIGTERM");
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      if (work) await cleanup(work);
    });

    const same = async (path: string, headers: Record<string, string>, method = "GET") => {
      const [a, b] = await Promise.all([
        get(routerPort, path, headers, method),
        get(nginxPort, path, headers, method),
      ]);
      expect({ path, request: headers, ...b }, nginxLog).toEqual({ path, request: headers, ...a });
      return a;
    };

    it("negotiates documents, the catalog and VoID on Accept exactly like the router", async () => {
      for (const path of [NEWS, TWO_LANGUAGES, "/catalog", "/.well-known/void"]) {
        for (const accept of ACCEPTS) await same(path, accept === undefined ? {} : { accept });
      }
    });

    it("negotiates the language of HTML on Accept-Language like the router", async () => {
      for (const path of [NEWS, TWO_LANGUAGES, "/catalog"]) {
        for (const language of ["en", "nb", "nn, en;q=0.5", "en;q=0, *", "no", "en-GB", "de", "*"]) {
          const answer = await same(path, { accept: "text/html", "accept-language": language });
          expect(answer.status).toBe(200);
        }
      }
      const en = await same(TWO_LANGUAGES, { accept: "text/html", "accept-language": "en" });
      expect(en.headers["content-location"]).toBe(`${BASE}doc/service/sparql.en.html`);
    });

    it("serves variants by extension and ?format= whatever Accept says", async () => {
      const paths = [
        ...["ttl", "jsonld", "nt", "nq", "rdf", "html"].map((x) => `${NEWS}.${x}`),
        `${TWO_LANGUAGES}.en.html`,
        `${TWO_LANGUAGES}.html`,
        "/catalog.rdf",
        "/catalog.jsonld",
        "/.well-known/void.ttl",
        `${NEWS}?format=jsonld`,
        `${NEWS}?format=html`,
        `${NEWS}?format=text/turtle`,
        `${NEWS}?format=bogus`,
        `${NEWS}.xyz`,
      ];
      for (const path of paths) {
        for (const accept of [undefined, "text/html", "image/png"])
          await same(path, accept === undefined ? {} : { accept });
      }
    });

    it("answers /id/ with 303 to the document, and 404 for unknown things and documents", async () => {
      const see = await same("/id/news/regionale-utviklingstrekk-2021", {});
      expect(see.status).toBe(303);
      expect(see.headers.location).toBe(`${BASE}doc/news/regionale-utviklingstrekk-2021`);
      await same("/id/organization/kommunal-og-moderniseringsdepartementet", { accept: "text/html" });
      for (const path of [
        "/id/news/nope",
        "/doc/news/nope",
        "/doc/nope/nope",
        "/doc/news/nope.ttl",
        "/catalog.xyz",
      ]) {
        for (const accept of [undefined, "text/html", "text/turtle"]) {
          const answer = await same(path, accept === undefined ? {} : { accept });
          expect(answer.status).toBe(404);
        }
      }
    });

    it("serves the dumps, context, sitemap and robots with the router's types, gzip only when asked", async () => {
      for (const path of ["/dump.nq", "/dump.ttl", "/context.jsonld", "/sitemap.xml", "/robots.txt"])
        await same(path, {});
      const plain = await get(nginxPort, "/dump.nq", {});
      expect(plain.status).toBe(200);
      const gz = await new Promise<string | undefined>((resolve) => {
        request(
          { host: "127.0.0.1", port: nginxPort, path: "/dump.nq", headers: { "accept-encoding": "gzip" } },
          (res) => {
            res.resume();
            resolve(res.headers["content-encoding"]);
          },
        ).end();
      });
      expect(gz).toBe("gzip");
    });

    it("serves the catalog's Hydra pages like the router", async () => {
      const paths = [
        "/catalog?page=1",
        "/catalog?page=1&pageSize=50",
        "/catalog.ttl?page=1",
        "/catalog.html?page=1&pageSize=50",
        "/catalog.en.html?page=1",
        "/catalog?foo=bar",
        "/catalog?page=2",
      ];
      for (const path of paths) {
        for (const accept of [undefined, "application/ld+json", "text/html", "image/png"]) {
          await same(path, accept === undefined ? {} : { accept });
        }
      }
      await same("/catalog?page=1", { accept: "text/html", "accept-language": "en" });
      const page = await same("/catalog?page=1&pageSize=50", { accept: "text/turtle" });
      expect(page.status).toBe(200);
      expect(page.headers["content-location"]).toBe(`${BASE}catalog.ttl?page=1&pageSize=50`);
      const bodies = await Promise.all(
        [routerPort, nginxPort].map(
          (port) =>
            new Promise<string>((resolve) => {
              request({ host: "127.0.0.1", port, path: "/catalog.ttl?page=1" }, (res) => {
                let body = "";
                res.on("data", (d: Buffer) => (body += d.toString()));
                res.on("end", () => resolve(body));
              }).end();
            }),
        ),
      );
      expect(bodies[1]).toBe(bodies[0]);
      expect(bodies[0]).toContain("hydra");
    });

    it("ships snippets that an existing nginx configuration includes inside http { }", async () => {
      const run = join(work, "include-test");
      await mkdir(run, { recursive: true });
      const meta = join(work, "site", ".govlod");
      await writeFile(
        join(run, "nginx.conf"),
        `events {}\nhttp {\n  map_hash_bucket_size 256;\n  include ${meta}/nginx-maps.conf;\n  include ${meta}/nginx-server.conf;\n}\n`,
      );
      const result = spawnSync(
        "nginx",
        ["-t", "-p", run, "-c", join(run, "nginx.conf"), "-g", `pid ${run}/nginx.pid;`],
        {
          encoding: "utf8",
        },
      );
      expect(result.stderr).toMatch(/syntax is ok/);
      expect(result.status, result.stderr).toBe(0);
    });

    it("answers HEAD like GET without a body", async () => {
      await same(NEWS, { accept: "application/ld+json" }, "HEAD");
      await same("/catalog", {}, "HEAD");
    });
  },
);
