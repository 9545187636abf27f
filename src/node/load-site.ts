import type { SiteOptions } from "../rdf/to-dataset.js";
import { createSite, type Site } from "../site/site.js";
import { type LoadedItem, loadContentDir } from "./load-content.js";

/**
 * Loads and validates a content folder and maps it into a {@link Site}. Throws `ValidationError` when invalid.
 * @example
 * const { site } = await loadSite("data", { baseIri: "https://data.example.gov/" });
 */
export async function loadSite(
  dir: string,
  options: SiteOptions = {},
): Promise<{ site: Site; loaded: LoadedItem[] }> {
  const loaded = await loadContentDir(dir);
  return {
    site: createSite(
      loaded.map((l) => l.item),
      options,
    ),
    loaded,
  };
}
