import { type Issue, ValidationError } from "../errors.js";
import type { SiteOptions } from "../rdf/to-dataset.js";
import { createSite, type Site } from "../site/site.js";
import type { ShapesInput } from "../validate/shacl.js";
import { type LoadedItem, loadContentDir } from "./load-content.js";
import { shapesStamp, validateSite } from "./validate-site.js";

/** Options of {@link loadSite}. */
export interface LoadSiteOptions extends SiteOptions {
  /**
   * SHACL shapes (`await loadShapes()`): the mapped site is validated against them too, document by document as a
   * build validates it, and a violation throws. Without them only the content is checked (zod, references, slugs):
   * a site that breaks the DCAT-AP-NO rules would then be served as it is.
   */
  shapes?: ShapesInput;
}

/**
 * Loads and validates a content folder and maps it into a {@link Site}: the content (zod, references, unique slugs)
 * always, the mapped RDF against SHACL shapes when `options.shapes` is given. Throws `ValidationError` when
 * invalid (code `shacl_violation` for a SHACL violation, with every issue); `issues` are the SHACL warnings of a
 * valid site.
 * @example
 * const { site } = await loadSite("data", { baseIri: "https://data.example.gov/", shapes: await loadShapes() });
 */
export async function loadSite(
  dir: string,
  options: LoadSiteOptions = {},
): Promise<{ site: Site; loaded: LoadedItem[]; issues: Issue[] }> {
  const { shapes, ...siteOptions } = options;
  const loaded = await loadContentDir(dir);
  const site = createSite(
    loaded.map((l) => l.item),
    siteOptions,
  );
  if (!shapes) return { site, loaded, issues: [] };
  const files = new Map(loaded.map((l) => [l.ref, l.file]));
  const { issues } = await validateSite(site, files, shapes, shapesStamp(shapes), undefined);
  if (issues.some((i) => i.severity === "violation"))
    throw new ValidationError(issues, { code: "shacl_violation" });
  return { site, loaded, issues };
}
