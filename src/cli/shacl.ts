import type { Command } from "commander";
import type { Issue } from "../errors.js";
import { type LoadedItem, loadShapes } from "../node/index.js";
import type { Site } from "../site/site.js";
import { validate } from "../validate/index.js";
import type { ShapesInput } from "../validate/shacl.js";

/** SHACL options shared by `validate`, `build`, `serve` and `push`. */
export interface ShaclCliOptions {
  /** `--no-shacl` sets this to false. */
  shacl: boolean;
  /** `--shapes <dir>`: a shapes folder instead of the bundled one. */
  shapes?: string;
}

/** Adds `--shapes <dir>` and `--no-shacl` ({@link ShaclCliOptions}) to a command. */
export function withShaclOptions(command: Command): Command {
  return command
    .option("--shapes <dir>", "SHACL shapes folder (default: the bundled shapes/)")
    .option("--no-shacl", "skip SHACL; check the input and references only");
}

/** The shapes a command validates with: the bundled ones or `--shapes`'s; none with `--no-shacl`. */
export async function shapesOf(options: ShaclCliOptions): Promise<ShapesInput | undefined> {
  return options.shacl ? loadShapes(options.shapes) : undefined;
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
  const shapes = await shapesOf(options);
  if (!shapes) return [];
  const files = new Map(loaded.map((l) => [l.ref, l.file]));
  const { issues } = await validate(site.quads, { shapes, site, files });
  return issues;
}
