import type { Issue } from "../errors.js";
import { type LoadedItem, loadShapes } from "../node/index.js";
import type { Site } from "../site/site.js";
import { validate } from "../validate/index.js";

/** SHACL options shared by `validate` and `build`. */
export interface ShaclCliOptions {
  /** `--no-shacl` sets this to false. */
  shacl: boolean;
  /** `--shapes <dir>`: a shapes folder instead of the bundled one. */
  shapes?: string;
}

/**
 * Validates the mapped site against the SHACL shapes (bundled `shapes/` unless a folder is given); issues name
 * the content file and field that produced the offending triple.
 */
export async function shaclIssues(
  site: Site,
  loaded: readonly LoadedItem[],
  options: ShaclCliOptions,
): Promise<Issue[]> {
  if (!options.shacl) return [];
  const shapes = await loadShapes(options.shapes);
  const files = new Map(loaded.map((l) => [l.ref, l.file]));
  const { issues } = await validate(site.quads, { shapes, site, files });
  return issues;
}
