import { join } from "node:path";
import {
  CATALOG_PAGE_SIZE,
  type CatalogQuery,
  catalogQueryString,
  catalogView,
} from "../serialize/catalog-page.js";
import { DEFAULT_FORMATS, type Format } from "../serialize/formats.js";
import { renderResourceVariants } from "../serialize/variants.js";
import type { Site } from "../site/site.js";
import type { StaticFile } from "./build-render.js";
import { linkNewSync, writeIntoSync } from "./fresh-files.js";

/** The folder inside the output (under `.govlod`, never served as is) with the catalog's Hydra pages. */
export const CATALOG_PAGES_DIR = ".govlod/catalog";

/** How many Hydra pages the catalog has at the default page size. */
export function catalogPageCount(site: Site): number {
  return catalogView(site, { page: 1, pageSize: CATALOG_PAGE_SIZE.default }).lastPage;
}

/** A file of a catalog page: rendered bytes, or the same bytes as a file yielded before it. */
export type CatalogPageFile = StaticFile & {
  /** The path of an earlier file of the page with the same bytes (`body` is then those bytes too). */
  readonly sameAs?: string;
};

/**
 * The files of one Hydra page of the catalog at the default page size, as the router renders them for
 * `/catalog?page=N` and `/catalog?page=N&pageSize=50` (the form the pages link to), negotiated and by extension:
 * `.govlod/catalog/page-N[-size-50]{.ttl,.en.html,…}` and `.govlod/catalog/page-N[-size-50].fixed.{ext}`.
 * One at a time, each rendered when asked for, so a writer holds one of them (a megabyte at 10 000 items), not the
 * page's thirty; a file with the bytes of one before it says so (`sameAs`).
 */
export function* catalogPageFiles(
  site: Site,
  formats: readonly Format[],
  page: number,
): Generator<CatalogPageFile> {
  const size = CATALOG_PAGE_SIZE.default;
  const render = (query: CatalogQuery, resourcePath: string, only?: (f: Format, path: string) => boolean) => {
    // Every view of the page shares its datasets' quads (the first group): a format writes them once.
    const { quads, groups } = catalogView(site, query, resourcePath);
    return renderResourceVariants(site, {
      kind: "catalog",
      path: "catalog",
      quads,
      ...(groups ? { groups } : {}),
      formats,
      graph: `${site.baseIri}catalog${catalogQueryString(query)}`,
      lastModified: site.lastModified,
      ...(only ? { only } : {}),
    });
  };
  // `?page=N` and `?page=N&pageSize=50` are the same view (its links always carry the page size); only the graph
  // name differs, and of our own formats only N-Quads writes it. Their other variants are rendered once.
  const graphFree = new Set(DEFAULT_FORMATS.filter((f) => f.mediaType !== "application/n-quads"));
  const namesGraph = (f: Format) => !graphFree.has(f);
  const name = (query: CatalogQuery) =>
    `${CATALOG_PAGES_DIR}/page-${page}${query.pageSize ? `-size-${query.pageSize}` : ""}`;
  const plain: CatalogQuery = { page };
  const sized: CatalogQuery = { page, pageSize: size };
  const modified = site.lastModified;
  for (const v of render(plain, "catalog")) {
    const suffix = v.path.slice("catalog".length);
    yield { path: `${name(plain)}${suffix}`, body: v.body, modified };
    if (!namesGraph(v.format))
      yield { path: `${name(sized)}${suffix}`, body: v.body, modified, sameAs: `${name(plain)}${suffix}` };
  }
  for (const v of render(sized, "catalog", namesGraph))
    yield { path: `${name(sized)}${v.path.slice("catalog".length)}`, body: v.body, modified };
  // A fixed format (`/catalog.ttl?page=N`) links to pages of that format: one render of just that format (for
  // HTML: the page in the first language, which `catalog.html` is).
  for (const f of formats) {
    const fixedPath = `catalog.${f.id}`;
    const only = (_: Format, path: string) => path === fixedPath;
    for (const fixed of render(plain, fixedPath, only)) {
      const path = `${name(plain)}.fixed.${f.id}`;
      yield { path, body: fixed.body, modified };
      if (!namesGraph(f))
        yield { path: `${name(sized)}.fixed.${f.id}`, body: fixed.body, modified, sameAs: path };
    }
    if (namesGraph(f))
      for (const fixed of render(sized, fixedPath, only))
        yield { path: `${name(sized)}.fixed.${f.id}`, body: fixed.body, modified };
  }
}

/** A file of a catalog page as written: its path and size. */
export interface WrittenPageFile {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Renders one Hydra page of the catalog ({@link catalogPageFiles}) and writes its files into `folder`,
 * synchronously (in a render worker, or in the build's thread once its other work is done), each before the next
 * is rendered. Files with the same bytes (most of `?page=N` and `?page=N&pageSize=50`) are written once and
 * hard-linked.
 */
export function writeCatalogPage(
  site: Site,
  formats: readonly Format[],
  page: number,
  folder: string,
  made: Set<string>,
): WrittenPageFile[] {
  const written: WrittenPageFile[] = [];
  for (const f of catalogPageFiles(site, formats, page)) {
    const body = typeof f.body === "string" ? Buffer.from(f.body, "utf8") : f.body;
    // The same bytes' first file is in a folder already made.
    if (f.sameAs !== undefined) linkNewSync(join(folder, f.sameAs), join(folder, f.path));
    else writeIntoSync(folder, f.path, body, f.modified, made);
    written.push({ path: f.path, bytes: body.byteLength });
  }
  return written;
}
