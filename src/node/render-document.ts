import type { Format } from "../serialize/formats.js";
import { type ReadKey, recordingReads } from "../serialize/page-reads.js";
import { pageLastModified } from "../serialize/sitemap.js";
import {
  type DocumentTriples,
  renderDocumentDataTexts,
  renderDocumentTexts,
  type VariantText,
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
  return writeTexts(renderDocumentDataTexts(baseIri, doc, formats), modified, folder, made);
}

/**
 * Renders a part of a document's variants and writes them into `folder` as {@link writeDocumentData} does, in the
 * build's own thread (HTML pages read the site), recording the queries its HTML pages make of the site (see
 * `serialize/page-reads.ts`; none for the data part).
 */
export function writeDocumentPart(
  site: Site,
  doc: SiteDocument,
  formats: readonly Format[],
  part: RenderPart,
  folder: string,
  made: Set<string>,
): { files: RenderedFile[]; reads: ReadKey[] | undefined } {
  // Data variants show only the document's own triples: written as a worker writes them, nothing recorded.
  if (part === "data")
    return {
      files: writeDocumentData(site.baseIri, doc, formats, pageLastModified(doc, site), folder, made),
      reads: undefined,
    };
  // (The texts are rendered as they are written, and their date read from the site: the recording takes it all.)
  const { result, reads } = recordingReads(() => {
    const { lastModified, texts } = renderDocumentTexts(site, doc, formats, formatsOfPart(part));
    return writeTexts(texts, lastModified, folder, made);
  });
  return { files: result, reads };
}

/** Writes variants' texts into `folder`, dated `modified`: the manifest's records of their files. */
function writeTexts(
  texts: Iterable<VariantText>,
  modified: Date | undefined,
  folder: string,
  made: Set<string>,
): RenderedFile[] {
  const files: RenderedFile[] = [];
  for (const v of texts)
    files.push({
      path: v.path,
      format: v.format.id,
      bytes: writeChunksIntoSync(folder, v.path, v.pieces, modified, made),
      ...(v.language ? { language: v.language } : {}),
    });
  return files;
}
