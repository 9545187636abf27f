import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, exitCodeOf } from "../../src/cli/program.js";
import { IoError, ValidationError } from "../../src/errors.js";
import { DATA_DIR } from "../helpers/seed.js";
import { cleanup, cli, copySeed, editJson, spawnCli, tempDir } from "./helpers.js";

const VERBS = ["validate", "build", "serve", "push"] as const;

describe("cli/program", () => {
  it("registers the four verbs of DESIGN §5", () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(4);
  });

  it("prints help listing every verb and exits 0", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    for (const verb of VERBS) expect(run.stdout).toContain(verb);
  });

  for (const verb of VERBS) {
    it(`prints --help for ${verb} and exits 0`, async () => {
      const run = await cli([verb, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: govlod ${verb}`);
    });
  }

  it("prints the version and exits 0", async () => {
    const run = await cli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 on an unknown command", async () => {
    const run = await cli(["publish"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command/);
  });

  it("exits 2 on an unknown option", async () => {
    const run = await cli(["validate", DATA_DIR, "--colour"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option/);
  });

  it("maps errors to exit codes by their code", () => {
    expect(exitCodeOf(new ValidationError([]))).toBe(1);
    expect(exitCodeOf(new ValidationError([], { code: "shacl_violation" }))).toBe(1);
    expect(exitCodeOf(new IoError("disk full"))).toBe(2);
    expect(exitCodeOf(new Error("anything else"))).toBe(2);
  });

  it("sets the real process exit code (0, 1, 2) in the installed binary", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "broken.json"), "{");
    const ok = spawnCli(["validate", DATA_DIR, "--no-shacl"]);
    const invalid = spawnCli(["validate", dir]);
    const usage = spawnCli(["build", DATA_DIR]);
    const [a, b, c] = await Promise.all([ok.done, invalid.done, usage.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(1);
    expect(b.stdout).toContain("broken.json");
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--out/);
    await cleanup(dir);
  });
});

describe("cli/commands/push", () => {
  const flags = [
    "--sparql",
    "http://127.0.0.1:8890/sparql",
    "--store",
    "http://127.0.0.1:8890/sparql-graph-crud",
  ];

  it("exits 2 without --sparql or --store", async () => {
    const noStore = await cli(["push", DATA_DIR, "--sparql", "http://127.0.0.1:8890/sparql"]);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/--store/);
    const noSparql = await cli(["push", DATA_DIR, "--store", "http://127.0.0.1:8890/store"]);
    expect(noSparql.code).toBe(2);
    expect(noSparql.stderr).toMatch(/--sparql/);
  });

  it("exits 2 on a URL that is not http(s)", async () => {
    const run = await cli([
      "push",
      DATA_DIR,
      "--sparql",
      "ftp://example.org/q",
      "--store",
      "http://example.org/s",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/http:\/\/ or https:\/\//);
  });

  it("exits 2 when only one of GOVLOD_STORE_USER and GOVLOD_STORE_PASSWORD is set", async () => {
    const run = await cli(["push", DATA_DIR, ...flags], { GOVLOD_STORE_USER: "dba" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/GOVLOD_STORE_PASSWORD/);
  });

  it("exits 1 on invalid content before contacting the store", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "broken.json"), "{");
    const run = await cli(["push", dir, ...flags]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(dir, "broken.json"));
    await cleanup(dir);
  });

  it("exits 1 on content that breaks the SHACL shapes before contacting the store (--no-shacl skips them)", async () => {
    const dir = await copySeed();
    // No EU data theme: valid input, but DCAT-AP-NO wants one.
    await editJson(join(dir, "dataset", "regional-og-distriktspolitikk.json"), (d) => {
      d.themes = ["https://psi.norge.no/los/ord/regional-planlegging"];
    });
    const down = ["--sparql", "http://127.0.0.1:1/sparql", "--store", "http://127.0.0.1:1/store"];
    const run = await cli(["push", dir, ...down]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\s+themes\s.*at least one theme must come from the EU data-theme/);
    expect(run.stderr).toMatch(/govlod: content is invalid: 1 error\(s\), \d+ warning\(s\) not shown/);
    // Without SHACL it goes on to the store, which is down.
    const unchecked = await cli(["push", dir, ...down, "--no-shacl"]);
    expect(unchecked.code).toBe(2);
    await cleanup(dirname(dir));
  });

  it("exits 2 when the store cannot be reached", async () => {
    const down = ["--sparql", "http://127.0.0.1:1/sparql", "--store", "http://127.0.0.1:1/store"];
    const run = await cli(["push", DATA_DIR, ...down], {
      GOVLOD_STORE_USER: "dba",
      GOVLOD_STORE_PASSWORD: "dba",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^govlod: /m);
  });
});

describe("cli/commands/serve (usage)", () => {
  it("exits 2 on a bad --port", async () => {
    const run = await cli(["serve", DATA_DIR, "--port", "http"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--port/);
  });

  it("exits 2 on a bad $PORT", async () => {
    const run = await cli(["serve", DATA_DIR], { PORT: "99999" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PORT/);
  });

  it("exits 2 on --sparql without --store", async () => {
    const run = await cli(["serve", DATA_DIR, "--sparql", "http://127.0.0.1:8890/sparql"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--store/);
  });

  it("exits 2 on a base IRI that is not absolute", async () => {
    const run = await cli(["serve", DATA_DIR, "--base", "example.org"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/base IRI/);
  });

  it("exits 2 on a content folder that does not exist", async () => {
    const run = await cli(["serve", "/nonexistent/govlod-content", "--port", "0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nonexistent/);
  });

  it("exits 1 on invalid content, naming the file", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "broken.json"), "{");
    const run = await cli(["serve", dir, "--port", "0"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(dir, "broken.json"));
    await cleanup(dir);
  });
});
