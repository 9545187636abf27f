import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IoError, ParseError } from "../../src/errors.js";
import { BUNDLED_SHAPES_DIR, loadShapes } from "../../src/node/load-shapes.js";

describe("node/load-shapes", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "govlod-shapes-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads every bundled shapes file by default", async () => {
    const shapes = await loadShapes();
    expect(shapes.sources).toContain("news-item.ttl");
    expect(shapes.sources).toContain("profile-dcat-ap-no.ttl");
    expect(shapes.sources).toContain("profile-search-engines.ttl");
    expect(shapes.quads.length).toBeGreaterThan(500);
    expect(BUNDLED_SHAPES_DIR.endsWith("/shapes/")).toBe(true);
  });

  it("keeps blank nodes of different files apart and can select files", async () => {
    await writeFile(join(dir, "a.ttl"), "_:b <urn:p> 1 .");
    await writeFile(join(dir, "b.ttl"), "_:b <urn:p> 2 .");
    await writeFile(join(dir, "notes.txt"), "not shapes");
    const both = await loadShapes(dir);
    expect(both.sources).toEqual(["a.ttl", "b.ttl"]);
    expect(new Set(both.quads.map((q) => q.subject.value)).size).toBe(2);
    const one = await loadShapes(dir, { include: (f) => f === "b.ttl" });
    expect(one.sources).toEqual(["b.ttl"]);
  });

  it("throws ParseError naming the file for bad Turtle, IoError for a missing folder", async () => {
    const bad = await mkdtemp(join(tmpdir(), "govlod-bad-shapes-"));
    await writeFile(join(bad, "broken.ttl"), "<urn:s> <urn:p> .");
    await expect(loadShapes(bad)).rejects.toBeInstanceOf(ParseError);
    await expect(loadShapes(bad)).rejects.toThrow(/broken\.ttl/);
    await rm(bad, { recursive: true, force: true });
    await expect(loadShapes(join(dir, "missing"))).rejects.toBeInstanceOf(IoError);
  });
});
