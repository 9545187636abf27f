import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const npm = "npm";

/** What is built, installed or ignored at the top of the working tree: never copied to the staging folder. */
const NOT_STAGED = new Set([".git", "node_modules", "dist", "coverage", "test-results", "artifacts", "out"]);

/** One entry of `npm pack --json`. */
interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe("package (npm pack)", () => {
  let work: string;
  let tarball: string;
  let files: Set<string>;
  /** A folder with the tarball unpacked as `node_modules/govlod`, its dependencies linked from this repository. */
  let consumer: string;
  let unpacked: string;

  // Packed from a copy of the working tree, so that prepack builds into the copy's dist/, never into this
  // repository's (whatever is there, stale files included, is not what a fresh build publishes).
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "govlod-pack-"));
    const stage = join(work, "stage");
    await cp(ROOT, stage, {
      recursive: true,
      filter: (source) => {
        const top = relative(ROOT, source).split(sep)[0] ?? "";
        return !NOT_STAGED.has(top) && !top.endsWith(".tgz") && !top.startsWith(".govlod-");
      },
    });
    await symlink(join(ROOT, "node_modules"), join(stage, "node_modules"), "dir");
    const packed = await run(npm, ["pack", "--json", "--pack-destination", work], {
      cwd: stage,
      timeout: 240_000,
    }).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`npm pack failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    });
    const [result] = JSON.parse(packed.stdout) as PackResult[];
    if (!result) throw new Error(`npm pack printed no result:\n${packed.stdout}`);
    tarball = join(work, result.filename);
    files = new Set(result.files.map((f) => f.path));

    consumer = join(work, "consumer");
    unpacked = join(consumer, "node_modules", "govlod");
    await mkdir(unpacked, { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"]);
    await symlink(join(ROOT, "node_modules"), join(unpacked, "node_modules"), "dir");
  }, 300_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("ships the MIT licence, SECURITY.md and the examples the README names, and not the development history", async () => {
    for (const f of ["package.json", "README.md", "LICENSE", "SECURITY.md"]) expect(files).toContain(f);
    const pkg = JSON.parse(await readFile(join(unpacked, "package.json"), "utf8")) as { license: string };
    expect(pkg.license).toBe("MIT");
    const licence = await readFile(join(unpacked, "LICENSE"), "utf8");
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) 2026 govlod contributors\n/);
    expect(licence).toMatch(/THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);

    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const examples = [...readme.matchAll(/\bexamples\/[\w.-]+\.ts\b/g)].map((m) => m[0]);
    expect(examples).toEqual(expect.arrayContaining(["examples/express-app.ts", "examples/static-build.ts"]));
    for (const e of examples) expect(files).toContain(e);
    // The examples read the embedded site beside them (`../data`).
    expect(files).toContain("data/policy-area/regional-og-distriktspolitikk.json");

    // The session-by-session performance log (60 KB) is for the repository's readers, not for installs.
    expect([...files].filter((f) => f.startsWith("docs/"))).toEqual([]);
  });

  it("ships no source map without its sources, and no .js that names a map it does not ship", async () => {
    const dangling: string[] = [];
    for (const f of files) {
      if (f.endsWith(".map")) {
        const map = JSON.parse(await readFile(join(unpacked, f), "utf8")) as {
          sources: string[];
          sourcesContent?: (string | null)[];
        };
        map.sources.forEach((source, i) => {
          const shipped = files.has(posix.normalize(posix.join(posix.dirname(f), source)));
          if (!shipped && typeof map.sourcesContent?.[i] !== "string") dangling.push(`${f} -> ${source}`);
        });
      } else if (f.endsWith(".js")) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(await readFile(join(unpacked, f), "utf8"))?.[1];
        if (url && !url.startsWith("data:") && !files.has(posix.normalize(posix.join(posix.dirname(f), url))))
          dangling.push(`${f} -> ${url}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it("loads with CommonJS require() (Node ≥ 20.19): each entry point of `exports`, one export of each used", async () => {
    const pkg = JSON.parse(await readFile(join(unpacked, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    // A new entry point needs a line in the script below.
    expect(Object.keys(pkg.exports)).toEqual([".", "./node", "./express", "./package.json"]);
    const script = join(consumer, "require.cjs");
    await writeFile(
      script,
      [
        '"use strict";',
        'const { createSite, NewsItemSchema, OrganisationSchema } = require("govlod");',
        'const { feedLogPathFor } = require("govlod/node");',
        'const { createLodRouter } = require("govlod/express");',
        'const { version } = require("govlod/package.json");',
        "const site = createSite(",
        "  [",
        '    OrganisationSchema.parse({ type: "Organisation", slug: "x", classification: "ministry", title: { nb: "X" } }),',
        '    NewsItemSchema.parse({ type: "NewsItem", slug: "a", title: { nb: "A" }, published: "2021-05-05T00:00:00+02:00", publisher: "organization/x" }),',
        "  ],",
        '  { baseIri: "https://data.example.gov/" },',
        ");",
        "const router = createLodRouter({ site, sparql: false });",
        'process.stdout.write(JSON.stringify({ documents: site.documents.size, log: feedLogPathFor("site/"), router: typeof router, version }));',
      ].join("\n"),
    );
    const { stdout } = await run("node", [script], { cwd: consumer, timeout: 60_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        throw new Error(`require() of the package failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      documents: 2,
      log: "site.feed.jsonl",
      router: "function",
      version: expect.any(String),
    });
  });

  it("installs into a blank TypeScript project: imports and requires type-check and `npx govlod --help` answers", async () => {
    const app = join(work, "app");
    await mkdir(app, { recursive: true });
    await writeFile(
      join(app, "package.json"),
      JSON.stringify({ name: "blank", private: true, type: "module" }),
    );
    await writeFile(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
      }),
    );
    await writeFile(
      join(app, "index.ts"),
      [
        'import express from "express";',
        'import { NewsItemSchema, toDataset, serialize, type NewsItem } from "govlod";',
        'import { loadSite } from "govlod/node";',
        'import { createLodRouter } from "govlod/express";',
        'const item: NewsItem = NewsItemSchema.parse({ type: "NewsItem", slug: "a", title: { nb: "A" }, published: "2021-05-05T00:00:00+02:00", publisher: "organization/x" });',
        'const turtle: string = serialize(toDataset([item]), "text/turtle");',
        "const app = express();",
        'const { site } = await loadSite("data");',
        "app.use(createLodRouter({ site }));",
        "export { turtle };",
      ].join("\n"),
    );
    // A CommonJS file of the same project (`.cts`): TypeScript's NodeNext allows require() of the ES modules.
    await writeFile(
      join(app, "consumer.cts"),
      [
        'import govlod = require("govlod");',
        'import { feedLogPathFor } from "govlod/node";',
        'import { createLodRouter } from "govlod/express";',
        'const site = govlod.createSite([], { baseIri: "https://data.example.gov/" });',
        "export const router = createLodRouter({ site, sparql: false });",
        'export const log: string = feedLogPathFor("site");',
      ].join("\n"),
    );
    await run(
      npm,
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--silent",
        tarball,
        "typescript@5.9.3",
        "express@5",
        "@types/express@5",
        "@types/node@20",
      ],
      { cwd: app, timeout: 240_000 },
    );
    await run(join(app, "node_modules/.bin/tsc"), ["-p", "."], { cwd: app, timeout: 120_000 }).catch(
      (e: { stdout?: string }) => {
        throw new Error(`tsc failed in the blank project:\n${e.stdout ?? ""}`);
      },
    );
    const { stdout } = await run("npx", ["--no-install", "govlod", "--help"], { cwd: app, timeout: 60_000 });
    expect(stdout).toMatch(/Usage: govlod/);
    expect(stdout).toMatch(/serve/);

    // A build on worker threads from the installed package (the compiled render worker is found and runs).
    await writeFile(
      join(app, "build.mjs"),
      [
        'import { buildSite } from "govlod/node";',
        'const s = await buildSite({ dir: "node_modules/govlod/data", out: "site", workers: 2 });',
        "console.log(JSON.stringify({ documents: s.documents, rendered: s.rendered, files: s.files }));",
      ].join("\n"),
    );
    const built = await run("node", ["build.mjs"], { cwd: app, timeout: 120_000 });
    const summary = JSON.parse(built.stdout) as { documents: number; rendered: number; files: number };
    expect(summary.rendered).toBe(summary.documents);
    expect(summary.files).toBeGreaterThan(summary.documents * 6);
  }, 600_000);
});
