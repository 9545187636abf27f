import { link, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeNewFileChunksSync } from "../../src/node/fresh-files.js";
import { cleanup, tempDir } from "../cli/helpers.js";

describe("node/fresh-files", () => {
  const dirs: string[] = [];
  afterAll(() => cleanup(...dirs));

  it("writes text pieces as UTF-8 into a new file and counts their bytes, not their characters", async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const file = join(dir, "side.ttl");
    await writeFile(file, "old");
    // A hard link to the file there (as a served build shares it) keeps its bytes.
    await link(file, join(dir, "served.ttl"));
    // Characters of one, two, three and four UTF-8 bytes; a large piece; an empty one; bytes among the text.
    const pieces = ["Næringsliv og ", "€ ".repeat(40_000), "", "🙂 slutt\n"];
    const bytes = writeNewFileChunksSync(file, [pieces[0] as string, Buffer.from("æøå"), ...pieces.slice(1)]);
    const want = `${pieces[0]}æøå${pieces.slice(1).join("")}`;
    expect(await readFile(file, "utf8")).toBe(want);
    expect(bytes).toBe(Buffer.byteLength(want, "utf8"));
    expect(await readFile(join(dir, "served.ttl"), "utf8")).toBe("old");
  });
});
