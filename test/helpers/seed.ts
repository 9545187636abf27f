import { fileURLToPath } from "node:url";
import type { ContentItem } from "../../src/model/index.js";
import { loadContentDir } from "../../src/node/index.js";

/** The embedded default site's content folder. */
export const DATA_DIR = fileURLToPath(new URL("../../data", import.meta.url));
/** ../shared/standards, beside the checkout (DESIGN §7). */
export const STANDARDS_DIR = fileURLToPath(new URL("../../../shared/standards", import.meta.url));
/** ../shared/seed. */
export const SEED_DIR = fileURLToPath(new URL("../../../shared/seed", import.meta.url));

let cached: Promise<ContentItem[]> | undefined;
/** The seed site's items, loaded once per test file. */
export function seedItems(): Promise<ContentItem[]> {
  cached ??= loadContentDir(DATA_DIR).then((l) => l.map((x) => x.item));
  return cached;
}
