import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Quad } from "@rdfjs/types";
import { Parser } from "n3";
import { IoError, ParseError } from "../errors.js";
import { createShapes, type Shapes } from "../validate/shacl.js";

/** The `shapes/` folder shipped with the package (two levels up from src/node/ and dist/node/). */
export const BUNDLED_SHAPES_DIR = fileURLToPath(new URL("../../shapes/", import.meta.url));

/** Options for {@link loadShapes}. */
export interface LoadShapesOptions {
  /** Keeps only the files this returns true for (by file name, e.g. `"news-item.ttl"`). */
  include?: (fileName: string) => boolean;
}

/**
 * Reads every `*.ttl` file of a shapes folder (default: the bundled `shapes/`: one file per content type, the
 * DCAT-AP-NO catalog profile and the search-engine profile) into one {@link Shapes}.
 * @example
 * const shapes = await loadShapes();
 * const typeOnly = await loadShapes(undefined, { include: (f) => !f.startsWith("profile-") });
 */
export async function loadShapes(
  dir: string = BUNDLED_SHAPES_DIR,
  options: LoadShapesOptions = {},
): Promise<Shapes> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".ttl")).sort();
  } catch (cause) {
    throw new IoError(`Shapes folder ${dir} cannot be read: ${(cause as Error).message}`, { cause });
  }
  const wanted = options.include ? names.filter(options.include) : names;
  const quads: Quad[] = [];
  for (const name of wanted) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (cause) {
      throw new IoError(`Cannot read ${file}: ${(cause as Error).message}`, { cause });
    }
    try {
      // Blank-node labels are file-scoped: a fresh parser per file keeps them apart.
      quads.push(...new Parser({ format: "text/turtle", blankNodePrefix: `${name}-` }).parse(text));
    } catch (cause) {
      const line = /line (\d+)/.exec((cause as Error).message)?.[1];
      throw new ParseError(`${file}: ${(cause as Error).message}`, {
        cause,
        file,
        ...(line ? { line: Number(line) } : {}),
      });
    }
  }
  return createShapes(quads, wanted);
}
