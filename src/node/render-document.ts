import type { Format } from "../serialize/formats.js";
import { type ReadKey, recordingReads } from "../serialize/page-reads.js";
import {
  type DocumentTriples,
  type Resource,
  renderDocumentDataTexts,
  renderDocumentResource,
  type Variant,
} from "../serialize/variants.js";
import type { Site, SiteDocument } from "../site/site.js";
import { writeChunksIntoSync } from "./fresh-files.js";

/** Which of a document's variants a build renders: all, only the data variants, or only the HTML pages. */
export type RenderPart = "all" | "data" | "page";

/** A piece of a build's rendering: a part of a document, or one Hydra page of the catalog (all its files). */
export type RenderJob =
  | { readonly ref: string; readonly part: RenderPart }
  | { readonly catalogPage: number; readonly part?: RenderPart };

/** A variant file as the build manifest records it. */
export interface RenderedFile {
  /** Relative to the output folder: `doc/news/x.ttl`, `doc/news/x.en.html`. */
  readonly path: string;
  /** The format id. */
  readonly format: string;
  /** The language of an HTML variant. */
  readonly language?: string;
  /** Its size, so a rebuild that links it need not ask the file system. */
  readonly bytes?: number;
}

/** Whether a format's files are pages (HTML), which read the whole site; the others show only their own triples. */
export const isPage = (f: Format): boolean => f.mediaType === "text/html";

/** The formats of a part: all, the data formats, or the pages (see {@link RenderPart}). */
export function formatsOfPart(part: RenderPart | undefined): ((f: Format) => boolean) | undefined {
  return part === "page" ? isPage : part === "data" ? (f: Format) => !isPage(f) : undefined;
}

/** A rendered variant as the build manifest records its file. */
export function renderedFileOf(v: Variant): RenderedFile {
  return {
    path: v.path,
    format: v.format.id,
    bytes: v.body.byteLength,
    ...(v.language ? { language: v.language } : {}),
  };
}

/**
 * Renders a document's data variants (every format of `formats` but HTML) from its own triples and writes them into
 * `folder` (dated `modified`; `made` as for `writeChunksIntoSync`): what a render worker does with a document, and
 * the build's thread with one it takes from the workers' queue. Written from their text: the bytes of a variant are
 * a new `ArrayBuffer` each, which V8 counts as external memory (a collection of the whole heap for every 64 MB).
 */
export function writeDocumentData(
  baseIri: string,
  doc: DocumentTriples,
  formats: readonly Format[],
  modified: Date | undefined,
  folder: string,
  made: Set<string>,
): RenderedFile[] {
  const files: RenderedFile[] = [];
  for (const v of renderDocumentDataTexts(baseIri, doc, formats))
    files.push({
      path: v.path,
      format: v.format.id,
      bytes: writeChunksIntoSync(folder, v.path, v.pieces, modified, made),
      ...(v.language ? { language: v.language } : {}),
    });
  return files;
}

/**
 * Renders a part of a document's variants, recording the queries its HTML pages make of the site (see
 * `serialize/page-reads.ts`), in the build's own thread (a render worker renders data variants from a document's
 * triples alone: `renderDocumentData`).
 */
export function renderDocumentPart(
  site: Site,
  doc: SiteDocument,
  formats: readonly Format[],
  part: RenderPart,
): { resource: Resource; reads: ReadKey[] | undefined; files: RenderedFile[] } {
  const only = formatsOfPart(part);
  const { result, reads } = recordingReads(() => renderDocumentResource(site, doc, formats, only));
  const files = result.variants.map(renderedFileOf);
  return { resource: result, reads: part === "data" ? undefined : reads, files };
}
