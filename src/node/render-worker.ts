/**
 * A build's render worker. It holds no copy of the site: the build sends it tasks made of the triples they need
 * ({@link RenderWorkerTask}) — a batch of documents' bounded subgraphs to validate, or documents whose data variants
 * (every format but HTML, which shows other documents) it renders and writes into the build folder — and it answers
 * each with its results ({@link RenderWorkerReply}); or a catalog page's files but its HTML ones, from the page's views.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Quad } from "@rdfjs/types";
import { Parser } from "n3";
import { type PackedQuadGroups, type PackedQuads, QuadUnpacker, unpackDate } from "../rdf/packed-quads.js";
import { DEFAULT_FORMATS } from "../serialize/formats.js";
import { type ShaclResult, validateShaclResults } from "../validate/shacl.js";
import { type PackedCatalogPage, type WrittenPageFile, writePackedCatalogPage } from "./catalog-pages.js";
import { type RenderedFile, writeDocumentData } from "./render-document.js";

/** What a render worker starts from. */
export interface RenderWorkerInit {
  readonly baseIri: string;
  /** The build folder the files go into. */
  readonly folder: string;
  /** Ids of the data formats to render, from govlod's own formats (functions cannot be sent to a thread). */
  readonly formats: readonly string[];
  /** The shapes as N-Quads (RDF/JS objects cannot be sent to a thread), when the worker is to validate. */
  readonly shapes?: string;
}

/** Documents whose data variants a worker renders: each document's triples are a group of `quads`. */
export interface DataChunk {
  readonly docs: readonly {
    readonly ref: string;
    readonly documentIri: string;
    /** The date its files get (milliseconds), when it has one. */
    readonly lastModified?: number;
  }[];
  readonly quads: PackedQuadGroups;
}

/** A batch to validate: the union of its documents' bounded subgraphs, and the nodes whose results are kept. */
export interface ValidationBatch {
  readonly graph: PackedQuads;
  readonly focusNodes: readonly string[];
}

/** What a worker is to render: documents' data variants, or a catalog page's files but its HTML ones. */
export type RenderWork = { readonly render: DataChunk } | { readonly page: PackedCatalogPage };

/** A task the build sends a worker; the worker answers with the same `id`. */
export type RenderWorkerTask =
  | { readonly id: number; readonly validate: ValidationBatch }
  | ({ readonly id: number } & RenderWork);

/** One document whose data variants a worker wrote. */
export interface RenderedDocument {
  readonly ref: string;
  readonly files: readonly RenderedFile[];
}

/** The files of a catalog page a worker wrote. */
export interface RenderedPage {
  readonly catalogPage: number;
  readonly files: readonly WrittenPageFile[];
}

/** A worker's answer to a task (or, without an `id`, why it cannot work at all). */
export interface RenderWorkerReply {
  readonly id?: number;
  readonly results?: readonly ShaclResult[];
  readonly rendered?: readonly (RenderedDocument | RenderedPage)[];
  readonly error?: string;
}

function formatsOf(ids: readonly string[]) {
  return ids.map((id) => {
    const format = DEFAULT_FORMATS.find((f) => f.id === id);
    if (!format) throw new Error(`a render worker cannot render the format ${id}`);
    if (format.mediaType === "text/html") throw new Error("a render worker renders no HTML pages");
    return format;
  });
}

/** Answers the build's tasks, one message each, in the order they come. */
function serve(port: NonNullable<typeof parentPort>, init: RenderWorkerInit): void {
  const formats = formatsOf(init.formats);
  const unpacker = new QuadUnpacker();
  const made = new Set<string>();
  let shapes: Quad[] | undefined;
  const render = (chunk: DataChunk): RenderedDocument[] => {
    const groups = unpacker.groups(chunk.quads);
    return chunk.docs.map((doc, i) => ({
      ref: doc.ref,
      files: writeDocumentData(
        init.baseIri,
        { ref: doc.ref, documentIri: doc.documentIri, quads: groups[i] as Quad[] },
        formats,
        unpackDate(doc.lastModified),
        init.folder,
        made,
      ),
    }));
  };
  const validate = (batch: ValidationBatch): Promise<ShaclResult[]> => {
    if (init.shapes === undefined) throw new Error("this render worker was given no shapes to validate with");
    shapes ??= new Parser({ format: "N-Quads", blankNodePrefix: "" }).parse(init.shapes);
    return validateShaclResults(unpacker.quads(batch.graph), shapes, {
      focusNodes: new Set(batch.focusNodes),
    });
  };
  port.on("message", (task: RenderWorkerTask) => {
    const answer = async (): Promise<RenderWorkerReply> =>
      "validate" in task
        ? { id: task.id, results: await validate(task.validate) }
        : "page" in task
          ? {
              id: task.id,
              rendered: [
                {
                  catalogPage: task.page.page,
                  files: writePackedCatalogPage(task.page, unpacker, formats, init.folder, made),
                },
              ],
            }
          : { id: task.id, rendered: render(task.render) };
    answer().then(
      (reply) => port.postMessage(reply),
      (error: unknown) =>
        port.postMessage({
          id: task.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies RenderWorkerReply),
    );
  });
}

if (parentPort) {
  const port = parentPort;
  try {
    serve(port, workerData as RenderWorkerInit);
  } catch (error) {
    port.postMessage({
      error: error instanceof Error ? error.message : String(error),
    } satisfies RenderWorkerReply);
  }
}
