import { join } from "node:path";
import type { Quad } from "@rdfjs/types";
import {
  type PackedQuadGroups,
  packDate,
  packQuadGroups,
  type QuadUnpacker,
  unpackDate,
} from "../rdf/packed-quads.js";
import {
  CATALOG_PAGE_SIZE,
  type CatalogQuery,
  catalogQueryString,
  catalogView,
} from "../serialize/catalog-page.js";
import { DEFAULT_FORMATS, type Format } from "../serialize/formats.js";
import { renderResourceTextsAt } from "../serialize/variants.js";
import type { Site } from "../site/site.js";
import { linkNewSync, writeChunksIntoSync } from "./fresh-files.js";

/** The folder inside the output (under `.govlod`, never served as is) with the catalog's Hydra pages. */
export const CATALOG_PAGES_DIR = ".govlod/catalog";

/** How many Hydra pages the catalog has at the default page size. */
export function catalogPageCount(site: Site): number {
  return catalogView(site, { page: 1, pageSize: CATALOG_PAGE_SIZE.default }).lastPage;
}

/** A file of a catalog page: its rendered text (in pieces), or the same text as a file yielded before it. */
export interface CatalogPageFile {
  readonly path: string;
  /** The pieces of its text, their concatenation (written one by one: never one string of a page's megabyte). */
  readonly body: readonly string[];
  readonly modified?: Date | undefined;
  /** The path of an earlier file of the page with the same text (`body` is then that text too). */
  readonly sameAs?: string;
}

/**
 * What a catalog page's files are rendered from: its views ({@link catalogView}: the page's datasets, then its Hydra
 * links, which differ by query and by the resource path they link from), the base IRI, the catalog's date, and the
 * site for the formats that read it (HTML).
 */
export interface CatalogPageSource {
  readonly baseIri: string;
  readonly lastModified: Date | undefined;
  readonly site?: Site;
  view(
    query: CatalogQuery,
    resourcePath: string,
  ): { quads: readonly Quad[]; groups?: readonly (readonly Quad[])[] | undefined };
}

function siteSource(site: Site): CatalogPageSource {
  return {
    baseIri: site.baseIri,
    lastModified: site.lastModified,
    site,
    view: (query, resourcePath) => catalogView(site, query, resourcePath),
  };
}

/**
 * The files of one Hydra page of the catalog at the default page size, as the router renders them for
 * `/catalog?page=N` and `/catalog?page=N&pageSize=50` (the form the pages link to), negotiated and by extension:
 * `.govlod/catalog/page-N[-size-50]{.ttl,.en.html,…}` and `.govlod/catalog/page-N[-size-50].fixed.{ext}`.
 * One at a time, each rendered when asked for, so a writer holds one of them (a megabyte at 10 000 items), not the
 * page's thirty; a file with the bytes of one before it says so (`sameAs`). With `which`, only the files of those
 * formats (the variants still link to every format's).
 */
export function* catalogPageFiles(
  site: Site,
  formats: readonly Format[],
  page: number,
  which?: (format: Format) => boolean,
): Generator<CatalogPageFile> {
  yield* pageFiles(siteSource(site), formats, page, which);
}

/** The views of a page whose files a render worker writes: every query and resource path a format's files need. */
function pageViews(formats: readonly Format[], page: number): [CatalogQuery, string][] {
  const queries: CatalogQuery[] = [{ page }, { page, pageSize: CATALOG_PAGE_SIZE.default }];
  const paths = ["catalog", ...formats.map((f) => `catalog.${f.id}`)];
  return queries.flatMap((query) => paths.map((path): [CatalogQuery, string] => [query, path]));
}

const viewKey = (query: CatalogQuery, resourcePath: string) => `${query.pageSize ?? ""} ${resourcePath}`;

/**
 * One catalog page's files in `formats` (no HTML: it reads the site) as a render worker writes them without the
 * site ({@link catalogPageSourceOf}): the page's datasets once and the Hydra links of each of its views.
 */
export interface PackedCatalogPage {
  readonly page: number;
  readonly baseIri: string;
  /** The catalog's date (milliseconds), when it has one. */
  readonly lastModified?: number;
  /** The datasets, then each view's Hydra links, in the order of `views`. */
  readonly quads: PackedQuadGroups;
  /** Each view's key (page size, resource path). */
  readonly views: readonly string[];
}

/** Packs what a worker needs to write the files of catalog page `page` in `formats` ({@link PackedCatalogPage}). */
export function packCatalogPage(site: Site, formats: readonly Format[], page: number): PackedCatalogPage {
  const views = pageViews(formats, page).map(([query, path]) => ({
    key: viewKey(query, path),
    view: catalogView(site, query, path),
  }));
  const body = views[0]?.view.groups?.[0] ?? [];
  const lastModified = packDate(site.lastModified);
  return {
    page,
    baseIri: site.baseIri,
    ...(lastModified === undefined ? {} : { lastModified }),
    quads: packQuadGroups([body, ...views.map(({ view }) => view.groups?.[1] ?? [])]),
    views: views.map((v) => v.key),
  };
}

/** The source of a packed catalog page's files ({@link packCatalogPage}): its views without the site. */
export function catalogPageSourceOf(packed: PackedCatalogPage, unpacker: QuadUnpacker): CatalogPageSource {
  const [body = [], ...links] = unpacker.groups(packed.quads);
  const byKey = new Map(packed.views.map((key, i) => [key, links[i] ?? []]));
  return {
    baseIri: packed.baseIri,
    lastModified: unpackDate(packed.lastModified),
    view(query, resourcePath) {
      const hydra = byKey.get(viewKey(query, resourcePath));
      if (!hydra) throw new Error(`The packed catalog page has no view ${viewKey(query, resourcePath)}`);
      // The same datasets' array in every view: a format writes their text once (see Format.writeGroups).
      return { quads: [...body, ...hydra], groups: [body, hydra] };
    },
  };
}

/** {@link catalogPageFiles} from a {@link CatalogPageSource}. */
function* pageFiles(
  source: CatalogPageSource,
  formats: readonly Format[],
  page: number,
  which: (format: Format) => boolean = () => true,
): Generator<CatalogPageFile> {
  const size = CATALOG_PAGE_SIZE.default;
  const render = (query: CatalogQuery, resourcePath: string, only?: (f: Format, path: string) => boolean) => {
    // Every view of the page shares its datasets' quads (the first group): a format writes them once.
    const { quads, groups } = source.view(query, resourcePath);
    // As text, in pieces: written as it is (see renderResourceTextsAt).
    return renderResourceTextsAt(source.baseIri, source.site, {
      kind: "catalog",
      path: "catalog",
      quads,
      ...(groups ? { groups } : {}),
      formats,
      graph: `${source.baseIri}catalog${catalogQueryString(query)}`,
      lastModified: source.lastModified,
      only: (f, path) => which(f) && (!only || only(f, path)),
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
  const modified = source.lastModified;
  for (const v of render(plain, "catalog")) {
    const suffix = v.path.slice("catalog".length);
    yield { path: `${name(plain)}${suffix}`, body: v.pieces, modified };
    if (!namesGraph(v.format))
      yield { path: `${name(sized)}${suffix}`, body: v.pieces, modified, sameAs: `${name(plain)}${suffix}` };
  }
  if (formats.some((f) => which(f) && namesGraph(f)))
    for (const v of render(sized, "catalog", namesGraph))
      yield { path: `${name(sized)}${v.path.slice("catalog".length)}`, body: v.pieces, modified };
  // A fixed format (`/catalog.ttl?page=N`) links to pages of that format: one render of just that format (for
  // HTML: the page in the first language, which `catalog.html` is).
  for (const f of formats) {
    if (!which(f)) continue;
    const fixedPath = `catalog.${f.id}`;
    const only = (_: Format, path: string) => path === fixedPath;
    for (const fixed of render(plain, fixedPath, only)) {
      const path = `${name(plain)}.fixed.${f.id}`;
      yield { path, body: fixed.pieces, modified };
      if (!namesGraph(f))
        yield { path: `${name(sized)}.fixed.${f.id}`, body: fixed.pieces, modified, sameAs: path };
    }
    if (namesGraph(f))
      for (const fixed of render(sized, fixedPath, only))
        yield { path: `${name(sized)}.fixed.${f.id}`, body: fixed.pieces, modified };
  }
}

/** A file of a catalog page as written: its path and size. */
export interface WrittenPageFile {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Renders one Hydra page of the catalog ({@link catalogPageFiles}, only the files of the formats `which` takes)
 * and writes its files into `folder`, synchronously, each before the next is rendered. Files with the same bytes
 * (most of `?page=N` and `?page=N&pageSize=50`) are written once and hard-linked.
 */
export function writeCatalogPage(
  site: Site,
  formats: readonly Format[],
  page: number,
  folder: string,
  made: Set<string>,
  which?: (format: Format) => boolean,
): WrittenPageFile[] {
  return writePageFiles(catalogPageFiles(site, formats, page, which), folder, made);
}

/**
 * Writes the files of a packed catalog page ({@link packCatalogPage}) in `formats` (none of them HTML) into `folder`,
 * as {@link writeCatalogPage} writes them: for a render worker, which holds no site.
 */
export function writePackedCatalogPage(
  packed: PackedCatalogPage,
  unpacker: QuadUnpacker,
  formats: readonly Format[],
  folder: string,
  made: Set<string>,
): WrittenPageFile[] {
  const files = pageFiles(catalogPageSourceOf(packed, unpacker), formats, packed.page);
  return writePageFiles(files, folder, made);
}

function writePageFiles(
  files: Iterable<CatalogPageFile>,
  folder: string,
  made: Set<string>,
): WrittenPageFile[] {
  const written: WrittenPageFile[] = [];
  for (const f of files) {
    // The same text's first file is in a folder already made.
    if (f.sameAs === undefined)
      written.push({ path: f.path, bytes: writeChunksIntoSync(folder, f.path, f.body, f.modified, made) });
    else {
      linkNewSync(join(folder, f.sameAs), join(folder, f.path));
      written.push({
        path: f.path,
        bytes: f.body.reduce((n, piece) => n + Buffer.byteLength(piece, "utf8"), 0),
      });
    }
  }
  return written;
}
