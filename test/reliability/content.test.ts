import { watch } from "node:fs";
import { lstat, mkdir, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_HISTORY_FILES, buildSiblings, buildSite } from "../../src/node/build.js";
import { loadSite } from "../../src/node/index.js";
import {
  cleanup,
  cli,
  copySeed,
  editJson,
  expectedBuildFolders,
  snapshot,
  spawnCli,
  tempDir,
} from "../cli/helpers.js";
import { DATA_DIR } from "../helpers/seed.js";

const BASE = "https://data.example.gov/";
const NEWS = "news/regionale-utviklingstrekk-2021.json";
const MINISTRY = "organization/kommunal-og-moderniseringsdepartementet.json";

/** The content of a build, without the nginx files (they name the output folder, which differs between builds). */
async function contentOf(dir: string): Promise<Record<string, string>> {
  const all = await snapshot(dir, { mtimes: false });
  const history: readonly string[] = BUILD_HISTORY_FILES;
  return Object.fromEntries(
    Object.entries(all).filter(([f]) => !f.startsWith(".govlod/nginx") && !history.includes(f)),
  );
}

interface BadContent {
  name: string;
  /** The file the report must name, relative to the content folder. */
  file: string;
  /** The field the report must name ("" for a file-level problem). */
  field: string;
  code: string;
  make: (dir: string) => Promise<void>;
}

/**
 * Every class of bad content. The first five are also in test/cli/validate.test.ts (validate's report); here
 * every class must also stop `govlod build` and leave the previous output as it was.
 */
const CLASSES: BadContent[] = [
  {
    name: "broken JSON",
    file: "news/broken.json",
    field: "",
    code: "invalid_json",
    make: (dir) => writeFile(join(dir, "news/broken.json"), '{"type": "NewsItem", "slug": '),
  },
  {
    name: "a wrong type",
    file: "organization/esa.json",
    field: "title",
    code: "invalid_type",
    make: (dir) =>
      editJson(join(dir, "organization/esa.json"), (j) => {
        j.title = 42;
      }),
  },
  {
    name: "a bad date",
    file: NEWS,
    field: "published",
    code: "custom",
    make: (dir) =>
      editJson(join(dir, NEWS), (j) => {
        j.published = "2021-02-30T10:00:00+01:00";
      }),
  },
  {
    name: "a dangling reference",
    file: NEWS,
    field: "about",
    code: "dangling_reference",
    make: (dir) =>
      editJson(join(dir, NEWS), (j) => {
        j.about = ["report/does-not-exist"];
      }),
  },
  {
    name: "a duplicate slug",
    // Files load in path order: organization/copy/esa.json first, so organization/esa.json is the duplicate.
    file: "organization/esa.json",
    field: "slug",
    code: "duplicate_slug",
    make: async (dir) => {
      await mkdir(join(dir, "organization/copy"));
      await writeFile(
        join(dir, "organization/copy/esa.json"),
        await readFile(join(dir, "organization/esa.json")),
      );
    },
  },
  {
    name: "a circular reference (an organisation its own grandparent)",
    file: MINISTRY,
    field: "parent",
    code: "circular_reference",
    make: (dir) =>
      editJson(join(dir, MINISTRY), (j) => {
        j.parent = "organization/regionalpolitisk-avdeling";
      }),
  },
  {
    name: "an invalid language tag",
    file: NEWS,
    field: "title",
    code: "unrecognized_keys",
    make: (dir) =>
      editJson(join(dir, NEWS), (j) => {
        j.title = { nb: "Regionale utviklingstrekk 2021", "x-klingon": "tlhIngan" };
      }),
  },
  {
    name: "a control character in text",
    file: NEWS,
    field: "title.nb",
    code: "custom",
    make: (dir) =>
      editJson(join(dir, NEWS), (j) => {
        j.title = { nb: "Regionale\u0000utviklingstrekk\u001b[31m 2021" };
      }),
  },
  {
    name: "huge text (50 000 characters)",
    file: NEWS,
    field: "description.nb",
    code: "too_big",
    make: (dir) =>
      editJson(join(dir, NEWS), (j) => {
        j.description = { nb: "Distrikt ".repeat(50_000 / 9) };
      }),
  },
  {
    name: "a huge file (6 MB)",
    file: "news/huge.json",
    field: "",
    code: "file_too_large",
    make: (dir) =>
      writeFile(
        join(dir, "news/huge.json"),
        JSON.stringify({ type: "NewsItem", slug: "huge", title: { nb: "x".repeat(6 * 1024 * 1024) } }),
      ),
  },
];

interface ReportedIssue {
  file?: string;
  path: (string | number)[];
  code: string;
  message: string;
}

describe("bad content: validate and build exit 1, name file and field, keep the previous build", () => {
  let work: string;
  let out: string;
  let before: Record<string, string>;
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    work = await tempDir("govlod-bad-content-");
    out = join(work, "site");
    await buildSite({ dir: DATA_DIR, out, baseIri: BASE });
    before = await snapshot(out);
    for (const c of CLASSES) {
      const dir = await copySeed();
      await c.make(dir);
      dirs.set(c.name, dir);
    }
  });
  afterAll(async () => {
    await cleanup(work, ...[...dirs.values()].map((d) => join(d, "..")));
  });

  for (const c of CLASSES) {
    it(`${c.name}: exit 1 naming ${c.file}${c.field ? ` and ${c.field}` : ""}; the previous build untouched`, async () => {
      const dir = dirs.get(c.name) as string;
      const validate = await cli(["validate", dir, "--no-shacl", "--format", "json"]);
      expect(validate.code, validate.stderr).toBe(1);
      const report = JSON.parse(validate.stdout) as { issues: ReportedIssue[] };
      const issue = report.issues.find((i) => i.file === join(dir, c.file) && i.code === c.code);
      expect(issue, JSON.stringify(report.issues, null, 2).slice(0, 2000)).toBeDefined();
      if (c.field) expect(issue?.path.join(".")).toMatch(new RegExp(`^${c.field}(?:\\.|$)`));

      const build = await cli(["build", dir, "--out", out, "--base", BASE, "--no-shacl", "--quiet"]);
      expect(build.code, build.stderr).toBe(1);
      const printed = build.stdout + build.stderr;
      expect(printed).toContain(join(dir, c.file));
      if (c.field) expect(printed).toContain(c.field);
      expect(await snapshot(out)).toEqual(before);
      expect(await readdir(buildSiblings(out).builds)).toEqual([basename(await readlink(out))]);
    });
  }
});

describe("</script> and markup in text: valid content, published escaped", () => {
  const HOSTILE = "</script><script>alert(9173)</script><!-- \"&' \u2028";
  let work: string;
  let dir: string;
  beforeAll(async () => {
    dir = await copySeed();
    work = join(dir, "..");
    await editJson(join(dir, NEWS), (j) => {
      j.title = { nb: `Regionale utviklingstrekk ${HOSTILE}` };
      j.description = { nb: `Beskrivelse ${HOSTILE}` };
    });
  });
  afterAll(() => cleanup(work));

  it("validates (exit 0) and builds; the page's JSON-LD block carries the text intact and no tag can close it", async () => {
    const validate = await cli(["validate", dir, "--no-shacl"]);
    expect(validate.code, validate.stdout).toBe(0);
    const out = join(work, "site");
    const build = await cli(["build", dir, "--out", out, "--base", BASE, "--no-shacl", "--quiet"]);
    expect(build.code, build.stderr).toBe(0);
    const html = await readFile(join(out, "doc/news/regionale-utviklingstrekk-2021.html"), "utf8");
    expect(html).not.toContain("<script>alert(9173)");
    expect(html).not.toContain('<!-- "&');
    // Every script element is a JSON-LD data block (never executed) that parses as JSON; the text comes back intact.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s[1]?.trim()).toBe('type="application/ld+json"');
    const json = scripts.map((s) => JSON.stringify(JSON.parse(s[2] as string))).join("\n");
    expect(json).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    // The visible text is escaped HTML.
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(9173)&lt;/script&gt;");
    // The RDF keeps the text as it was written.
    const { site } = await loadSite(dir, { baseIri: BASE });
    const titles = [...site.quads].filter(
      (q) => q.object.termType === "Literal" && q.object.value.includes("alert(9173)"),
    );
    expect(titles.some((q) => q.object.value === `Regionale utviklingstrekk ${HOSTILE}`)).toBe(true);
  });
});

describe("a build killed with SIGKILL leaves the previous output whole", () => {
  let work: string;
  let dir: string;
  let seed: string;
  let out: string;
  let previous: Record<string, string>;
  let next: Record<string, string>;
  const restorePrevious = async () => {
    // A build killed after its switch leaves its lock behind; the CLI sees the owner is dead, this in-process
    // restore cannot (no owner to ask), so it removes the dead build's lock itself.
    await rm(buildSiblings(out).lock, { force: true });
    await cleanup(out);
    await buildSite({ dir: seed, out, baseIri: BASE, incremental: false });
    previous = await snapshot(out);
  };
  beforeAll(async () => {
    seed = await copySeed();
    dir = await copySeed();
    work = join(dir, "..");
    out = join(work, "site");
    await restorePrevious();
    // The next build changes one document: the rest is reused (hard links) or rendered again.
    await editJson(join(dir, NEWS), (j) => {
      j.title = { nb: "Regionale utviklingstrekk 2021 (oppdatert)" };
    });
    const reference = join(work, "reference");
    await buildSite({ dir, out: reference, baseIri: BASE, incremental: false });
    next = await contentOf(reference);
  }, 180_000);
  afterAll(() => cleanup(work, join(seed, "..")));

  /**
   * Spawns `govlod build` and kills it with SIGKILL `delay` ms after its build folder appears, or — with "swap" —
   * the moment the new symlink appears beside `out`, just before or after it is renamed over `out` (the
   * narrowest window there is).
   */
  async function killedBuild(when: number | "swap", full = true) {
    const { builds, link } = buildSiblings(out);
    // --full: every document is rendered, so the kills land while files are being written (an incremental
    // rebuild of one changed document is over in a few milliseconds).
    const run = spawnCli([
      "build",
      dir,
      "--out",
      out,
      "--base",
      BASE,
      "--no-shacl",
      "--quiet",
      ...(full ? ["--full"] : []),
    ]);
    const current = basename(await readlink(out));
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    };
    const watchers = [
      watch(builds, (_event, name) => {
        if (timer || when === "swap" || name === null || name === current) return;
        timer = setTimeout(kill, when);
      }),
      watch(work, (_event, name) => {
        if (when === "swap" && name === basename(link)) kill();
      }),
    ];
    const result = await run.done;
    for (const w of watchers) w.close();
    clearTimeout(timer);
    return result;
  }

  it("at every moment of the build: the output is the previous build or the complete new one, never a mix", async () => {
    const outcomes: string[] = [];
    for (const when of [0, 20, 60, 150, 300, 600, 1000, "swap"] as const) {
      const result = await killedBuild(when);
      const label = when === "swap" ? "at the switch" : `${when} ms into writing`;
      // `out` is a symlink, switched by one rename: it is never missing.
      expect((await lstat(out)).isSymbolicLink(), `killed ${label}: no output`).toBe(true);
      const now = await snapshot(out);
      if (result.signal === "SIGKILL") {
        const isPrevious = JSON.stringify(now) === JSON.stringify(previous);
        const isNext = !isPrevious && JSON.stringify(await contentOf(out)) === JSON.stringify(next);
        expect(isPrevious || isNext, `killed ${label}: the output is neither build`).toBe(true);
        outcomes.push(`${label}: ${isPrevious ? "previous" : "new"}`);
        if (isNext) await restorePrevious();
      } else {
        expect(result.code, result.stderr).toBe(0);
        expect(await contentOf(out)).toEqual(next);
        outcomes.push(`${label}: finished before the kill`);
        await restorePrevious();
      }
    }
    process.stderr.write(`SIGKILL during govlod build: ${outcomes.join("; ")}\n`);
    expect(outcomes.filter((o) => o.includes("previous")).length).toBeGreaterThanOrEqual(4);
    // The next build after all those kills completes and cleans up.
    const after = await cli(["build", dir, "--out", out, "--base", BASE, "--no-shacl", "--quiet"]);
    expect(after.code, after.stderr).toBe(0);
    expect(await contentOf(out)).toEqual(next);
    // Only the current build folder and the previous one it keeps are left; the killed builds' folders are gone.
    expect((await readdir(buildSiblings(out).builds)).sort()).toEqual(await expectedBuildFolders(out));
    await expect(lstat(buildSiblings(out).link)).rejects.toThrow();
  }, 240_000);

  it("at every moment of an incremental build made in place over the kept previous build: the output is the previous build or the complete new one", async () => {
    // The previous output with a kept build beside it: a full build, then an incremental one (it keeps the first).
    const restoreWithKept = async () => {
      await restorePrevious();
      await buildSite({ dir: seed, out, baseIri: BASE });
      expect(await expectedBuildFolders(out)).toHaveLength(2);
      previous = await snapshot(out);
    };
    const outcomes: string[] = [];
    for (const when of [0, 5, 20, 60, 150, "swap"] as const) {
      await restoreWithKept();
      const result = await killedBuild(when, false);
      const label = when === "swap" ? "at the switch" : `${when} ms after the kept folder was renamed`;
      expect((await lstat(out)).isSymbolicLink(), `killed ${label}: no output`).toBe(true);
      const now = await snapshot(out);
      const isPrevious = JSON.stringify(now) === JSON.stringify(previous);
      const isNext = !isPrevious && JSON.stringify(await contentOf(out)) === JSON.stringify(next);
      expect(isPrevious || isNext, `killed ${label}: the output is neither build`).toBe(true);
      outcomes.push(
        `${label}: ${result.signal === "SIGKILL" ? (isPrevious ? "previous" : "new") : "finished before the kill"}`,
      );
    }
    process.stderr.write(`SIGKILL during an in-place build: ${outcomes.join("; ")}\n`);
    expect(outcomes.filter((o) => o.endsWith("previous")).length).toBeGreaterThanOrEqual(1);
    // The next build after a kill completes (the half-updated folder is removed) and equals a full build.
    const after = await cli(["build", dir, "--out", out, "--base", BASE, "--no-shacl", "--quiet"]);
    expect(after.code, after.stderr).toBe(0);
    expect(await contentOf(out)).toEqual(next);
    expect((await readdir(buildSiblings(out).builds)).sort()).toEqual(await expectedBuildFolders(out));
  }, 240_000);
});
