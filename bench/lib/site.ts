import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSite } from "../../scripts/synth.js";

/** Where generated sites are kept between runs (deterministic, so safe to reuse). */
export const BENCH_TMP = join(tmpdir(), "govlod-bench");

/**
 * A synthetic site of `items` items on disk, generated once per size and seed and reused afterwards.
 * @returns the content folder
 */
export async function syntheticSite(items: number, seed = 1): Promise<string> {
  const root = join(BENCH_TMP, `synth-${items}-s${seed}`);
  const dir = join(root, "content");
  const done = join(root, ".complete");
  if (existsSync(done)) return dir;
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await writeSite(dir, { items, seed });
  await writeFile(done, new Date().toISOString());
  return dir;
}

/** Gives a news item's Norwegian title a suffix: the benchmark's one-item edit. */
export async function editTitle(file: string, suffix: string): Promise<void> {
  const item = JSON.parse(await readFile(file, "utf8")) as { title: { nb: string } };
  item.title.nb = `${item.title.nb.replace(/ \([^)]*\)$/, "")} (${suffix})`;
  await writeFile(file, `${JSON.stringify(item, null, 2)}\n`);
}
