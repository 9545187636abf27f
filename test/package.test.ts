import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const npm = "npm";

describe("package (npm pack)", () => {
  let work: string | undefined;
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("installs into a blank TypeScript project: imports type-check and `npx govlod --help` answers", async () => {
    work = await mkdtemp(join(tmpdir(), "govlod-pack-"));
    await run(npm, ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, timeout: 240_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        throw new Error(`npm pack failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
      },
    );
    const tarball = (await readdir(work)).find((f) => f.endsWith(".tgz"));
    expect(tarball).toBeDefined();

    const app = join(work, "app");
    await run("mkdir", ["-p", app]);
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
    await run(
      npm,
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--silent",
        join(work, tarball as string),
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
