import { join } from "node:path";
import {
  CATALOG_PAGE_SIZE,
  type CatalogQuery,
  catalogQueryString,
  catalogView,
} from "../serialize/catalog-page.js";
import { DEFAULT_FORMATS, type Format } from "../serialize/formats.js";
import { type Resource, renderResource } from "../serialize/variants.js";
import type { Site } from "../site/site.js";
import type { StaticFile } from "./build-render.js";
import { linkNewSync, writeIntoSync } from "./fresh-files.js";

/** The folder inside the output (under `.govlod`, never served as is) with the catalog's Hydra pages. */
export const CATALOG_PAGES_DIR = ".govlod/catalog";

/** How many Hydra pages the catalog has at the default page size. */
export function catalogPageCount(site: Site): number {
  return catalogView(site, { page: 1, pageSize: CATALOG_PAGE_SIZE.default }).lastPage;
}

/**
 * The files of one Hydra page of the catalog at the default page size, as the router renders them for
 * `/catalog?page=N` and `/catalog?page=N&pageSize=50` (the form the pages link to), negotiated and by extension:
 * `.govlod/catalog/page-N[-size-50]{.ttl,.en.html,…}` and `.govlod/catalog/page-N[-size-50].fixed.{ext}`.
 */
export function catalogPageFiles(site: Site, formats: readonly Format[], page: number): StaticFile[] {
  const size = CATALOG_PAGE_SIZE.default;
  const render = (query: CatalogQuery, resourcePath: string, only?: (f: Format, path: string) => boolean) =>
    renderResource(site, {
      kind: "catalog",
      path: "catalog",
      quads: catalogView(site, query, resourcePath).quads,
      formats,
      graph: `${site.baseIri}catalog${catalogQueryString(query)}`,
      lastModified: site.lastModified,
      ...(only ? { only } : {}),
    });
  // `?page=N` and `?page=N&pageSize=50` are the same view (its links always carry the page size); only the graph
  // name differs, and of our own formats only N-Quads writes it. Their other variants are rendered once.
  const graphFree = new Set(DEFAULT_FORMATS.filter((f) => f.mediaType !== "application/n-quads"));
  const namesGraph = (f: Format) => !graphFree.has(f);
  const files: StaticFile[] = [];
  const name = (query: CatalogQuery) =>
    `${CATALOG_PAGES_DIR}/page-${page}${query.pageSize ? `-size-${query.pageSize}` : ""}`;
  const plain: CatalogQuery = { page };
  const sized: CatalogQuery = { page, pageSize: size };
  const negotiated = render(plain, "catalog").variants;
  const negotiatedSized = [
    ...negotiated.filter((v) => !namesGraph(v.format)),
    ...render(sized, "catalog", namesGraph).variants,
  ];
  for (const [query, variants] of [
    [plain, negotiated],
    [sized, negotiatedSized],
  ] as const) {
    for (const v of variants)
      files.push({
        path: `${name(query)}${v.path.slice("catalog".length)}`,
        body: v.body,
        modified: site.lastModified,
      });
  }
  // A fixed format (`/catalog.ttl?page=N`) links to pages of that format: one render of just that format.
  for (const f of formats) {
    const fixedPath = `catalog.${f.id}`;
    const pick = (r: Resource) => r.variants.find((v) => v.path === fixedPath);
    // Only that variant (for HTML: the page in the first language, which `catalog.html` is).
    const only = (_: Format, path: string) => path === fixedPath;
    const fixed = pick(render(plain, fixedPath, only));
    const fixedSized = namesGraph(f) ? pick(render(sized, fixedPath, only)) : fixed;
    if (fixed)
      files.push({ path: `${name(plain)}.fixed.${f.id}`, body: fixed.body, modified: site.lastModified });
    if (fixedSized)
      files.push({
        path: `${name(sized)}.fixed.${f.id}`,
        body: fixedSized.body,
        modified: site.lastModified,
      });
  }
  return files;
}

/** A file of a catalog page as written: its path and size. */
export interface WrittenPageFile {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Renders one Hydra page of the catalog ({@link catalogPageFiles}) and writes its files into `folder`,
 * synchronously (in a render worker, or in the build's thread once its other work is done). Variants with the same
 * bytes (most of `?page=N` and `?page=N&pageSize=50`) are written once and hard-linked.
 */
export function writeCatalogPage(
  site: Site,
  formats: readonly Format[],
  page: number,
  folder: string,
  made: Set<string>,
): WrittenPageFile[] {
  const written: WrittenPageFile[] = [];
  const first = new Map<StaticFile["body"], string>();
  for (const f of catalogPageFiles(site, formats, page)) {
    const body = typeof f.body === "string" ? Buffer.from(f.body, "utf8") : f.body;
    const same = first.get(f.body);
    // The same bytes' first file is in a folder already made.
    if (same !== undefined) linkNewSync(join(folder, same), join(folder, f.path));
    else {
      writeIntoSync(folder, f.path, body, f.modified, made);
      first.set(f.body, f.path);
    }
    written.push({ path: f.path, bytes: body.byteLength });
  }
  return written;
}
