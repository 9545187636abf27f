import { access, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { buildSiblings } from "../../src/node/build.js";
import { cleanup, cli, copySeed, editJson, expectedBuildFolders, snapshot, spawnCli } from "./helpers.js";

const SUMMARY =
  /^govlod: built (\d+) documents \((\d+) rendered, (\d+) reused; HTML pages (\d+) rendered, (\d+) reused\), (\d+) triples, (\d+) files \(.+\) in [\d.]+ s → /m;

/** Adds `n` news items to a content folder: a site big enough that a build takes a while. */
async function addNews(dir: string, n: number): Promise<void> {
  await mkdir(join(dir, "news/bulk"), { recursive: true });
  for (let i = 0; i < n; i++) {
    const slug = `bulk-${String(i).padStart(5, "0")}`;
    await writeFile(
      join(dir, "news/bulk", `${slug}.json`),
      JSON.stringify({
        type: "NewsItem",
        slug,
        title: { nb: `Nyhet nummer ${i}` },
        published: "2021-05-05T00:00:00+02:00",
        description: { nb: `Syntetisk nyhet ${i} for byggetester.` },
        publisher: "organization/kommunal-og-moderniseringsdepartementet",
        policyAreas: ["policy-area/regional-og-distriktspolitikk"],
      }),
    );
  }
}

describe("cli/commands/build", () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await copySeed();
    out = join(dir, "..", "public");
  });
  afterAll(() => cleanup(join(dir, "..")));

  it("exits 2 without --out", async () => {
    const run = await cli(["build", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out/);
  });

  it("builds, prints plain progress lines off a terminal and a one-line summary", async () => {
    const run = await cli(["build", dir, "--out", out, "--no-shacl"]);
    expect(run.stderr).toMatch(/govlod: rendering documents \(\d+ documents\)/);
    expect(run.stderr).toMatch(/govlod: rendered \d+\/\d+ documents/);
    expect(run.code, run.stderr).toBe(0);
    const m = SUMMARY.exec(run.stdout);
    expect(m, run.stdout).not.toBeNull();
    const [, documents, rendered, reused, pages, pagesReused, triples, files] = (m as RegExpExecArray).map(
      Number,
    );
    expect(documents).toBeGreaterThan(20);
    expect(rendered).toBe(documents);
    expect(reused).toBe(0);
    expect(pages).toBe(documents);
    expect(pagesReused).toBe(0);
    expect(triples).toBeGreaterThan(500);
    expect(files).toBeGreaterThan((documents as number) * 6);
    await access(join(out, "catalog.ttl"));
  });

  it("says how many documents an incremental build reused", async () => {
    await editJson(join(dir, "organization/esa.json"), (j) => {
      (j.title as Record<string, string>).nb = "EFTAs overvåkingsorgan (ESA)";
    });
    const run = await cli(["build", dir, "--out", out, "--no-shacl", "--quiet"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const [, documents, rendered, reused, pages] = (SUMMARY.exec(run.stdout) as RegExpExecArray).map(Number);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(5);
    expect(reused).toBe((documents as number) - (rendered as number));
    // ESA's own page and the pages that show its name are rendered again, not the others.
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThan((documents as number) / 2);
    const again = await cli(["build", dir, "--out", out, "--no-shacl", "--quiet"]);
    const [, , rendered2, , pages2, pagesReused2] = (SUMMARY.exec(again.stdout) as RegExpExecArray).map(
      Number,
    );
    expect([rendered2, pages2]).toEqual([0, 0]);
    expect(pagesReused2).toBe(documents);
  });

  it("draws a progress bar on a terminal", async () => {
    let drawn = "";
    const tty = Object.assign(
      new Writable({
        write(chunk, _enc, done) {
          drawn += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    );
    let stdout = "";
    const code = await runCli(["build", dir, "--out", out, "--no-shacl", "--full"], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      env: {},
      isTTY: true,
      ttyStream: tty,
    });
    expect(code).toBe(0);
    expect(drawn).toMatch(/govlod build \[[^\]]+\] \d+% \| \d+\/\d+ documents/);
    expect(stdout).toMatch(SUMMARY);
  });

  it("exits 1 on invalid content and leaves the previous output exactly as it was", async () => {
    const before = await snapshot(out);
    await writeFile(join(dir, "news/broken.json"), "{");
    const run = await cli(["build", dir, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(dir, "news/broken.json"));
    expect(await snapshot(out)).toEqual(before);
    await cleanup(join(dir, "news/broken.json"));
  });

  it("--watch builds, builds again on each change from what it kept, keeps the output on invalid content, and exits 0 when stopped", async () => {
    const watched = await copySeed();
    const target = join(watched, "..", "watched");
    const run = spawnCli(["build", watched, "--out", target, "--no-shacl", "--quiet", "--watch"]);
    const summaries = () => run.output().stdout.match(new RegExp(SUMMARY.source, "gm")) ?? [];
    const until = async (what: string, ok: () => boolean) => {
      for (let waited = 0; !ok(); waited += 50) {
        if (waited > 60_000 || run.child.exitCode !== null)
          throw new Error(`no ${what}: ${JSON.stringify(run.output())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until("first build", () => summaries().length === 1 && run.output().stderr.includes("watching"));
      await editJson(join(watched, "news/regionale-utviklingstrekk-2021.json"), (j) => {
        (j.title as Record<string, string>).nb = "Regionale utviklingstrekk 2021 (sett)";
      });
      await until("rebuild", () => summaries().length === 2);
      const [, documents, rendered] = SUMMARY.exec(summaries()[1] as string) ?? [];
      expect(Number(rendered)).toBeGreaterThan(0);
      expect(Number(rendered)).toBeLessThan(Number(documents));
      const { readFile } = await import("node:fs/promises");
      expect(await readFile(join(target, "doc/news/regionale-utviklingstrekk-2021.ttl"), "utf8")).toContain(
        "(sett)",
      );
      // Invalid content: the issues, and the output as it was.
      const before = await snapshot(target);
      await writeFile(join(watched, "news/broken.json"), "{ not json");
      await until("the issues", () => run.output().stderr.includes("content is invalid"));
      expect(run.output().stderr).toContain("broken.json");
      expect(await snapshot(target)).toEqual(before);
      run.child.kill("SIGTERM");
      const done = await run.done;
      expect(done.code, done.stderr).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      await cleanup(join(watched, ".."));
    }
  });

  it("leaves the previous output exactly as it was when the build process is killed (SIGKILL) mid-way", async () => {
    const first = await cli(["build", dir, "--out", out, "--no-shacl"]);
    expect(first.code).toBe(0);
    const before = await snapshot(out);
    await addNews(dir, 1500);
    const { builds } = buildSiblings(out);
    // The current build, and the previous one it may keep beside it (after an incremental build): not the new one.
    const kept = await expectedBuildFolders(out);
    const build = spawnCli(["build", dir, "--out", out, "--no-shacl", "--full"]);
    // Kill once it is writing the new build: rendering has started and files are in the new folder (they are
    // written a little after they are rendered).
    const writtenFiles = async () => {
      const writing = (await readdir(builds)).filter((e) => !kept.includes(e));
      if (writing.length !== 1) return 0;
      return (await readdir(join(builds, writing[0] as string), { recursive: true })).length;
    };
    for (let i = 0; i < 600; i++) {
      if (/rendered \d+\/\d+/.test(build.output().stderr) && (await writtenFiles()) > 0) break;
      if (build.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(build.output().stderr).toMatch(/rendered \d+\/1\d{3} documents/);
    // The new build's own folder beside the current one has files in it.
    expect((await readdir(builds)).filter((e) => !kept.includes(e))).toHaveLength(1);
    expect(await writtenFiles()).toBeGreaterThan(0);
    build.child.kill("SIGKILL");
    const result = await build.done;
    expect(result.signal).toBe("SIGKILL");
    expect(await snapshot(out)).toEqual(before);

    // The next build (of the small site again, to keep the test quick) cleans up after the killed one.
    await cleanup(join(dir, "news/bulk"));
    const next = await cli(["build", dir, "--out", out, "--no-shacl", "--quiet"]);
    expect(next.code, next.stderr).toBe(0);
    const [, nextDocuments, , nextReused, , nextPagesReused] = (
      SUMMARY.exec(next.stdout) as RegExpExecArray
    ).map(Number);
    expect([nextReused, nextPagesReused]).toEqual([nextDocuments, nextDocuments]);
    expect((await readdir(builds)).sort()).toEqual(await expectedBuildFolders(out));
  }, 120_000);
});
