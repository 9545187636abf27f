/**
 * A build's render worker: builds its own copy of the site from the content items (createSite is deterministic,
 * so it equals the build's), then renders the documents it is sent and writes their files into the build folder.
 * @module
 */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { ContentItem } from "../model/index.js";
import { DEFAULT_FORMATS } from "../serialize/formats.js";
import type { ReadKey } from "../serialize/page-reads.js";
import { createSite } from "../site/site.js";
import { type RenderedFile, type RenderPart, renderDocumentPart } from "./render-document.js";

/** What a render worker starts from. */
export interface RenderWorkerInit {
  readonly items: readonly ContentItem[];
  readonly baseIri: string;
  /** The build folder the files go into. */
  readonly folder: string;
  /** Ids of the formats to render, from govlod's own formats (functions cannot be sent to a thread). */
  readonly formats: readonly string[];
}

/** Documents to render, and which part of each. */
export interface RenderRequest {
  readonly id: number;
  readonly docs: readonly { readonly ref: string; readonly part: RenderPart }[];
}

/** One rendered document. */
export interface RenderedDocument {
  readonly ref: string;
  readonly files: readonly RenderedFile[];
  readonly reads?: readonly ReadKey[];
}

/** The answer to a {@link RenderRequest}. */
export interface RenderResponse {
  readonly id: number;
  readonly rendered?: readonly RenderedDocument[];
  readonly error?: string;
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as RenderWorkerInit;
  const site = createSite(init.items, { baseIri: init.baseIri });
  const formats = init.formats.map((id) => {
    const format = DEFAULT_FORMATS.find((f) => f.id === id);
    if (!format) throw new Error(`a render worker cannot render the format ${id}`);
    return format;
  });
  const made = new Set<string>();
  port.on("message", (request: RenderRequest) => {
    try {
      const rendered = request.docs.map(({ ref, part }): RenderedDocument => {
        const doc = site.documents.get(ref);
        if (!doc) throw new Error(`the render worker's site has no document ${ref}`);
        const { resource, reads, files } = renderDocumentPart(site, doc, formats, part);
        const modified = resource.lastModified;
        for (const v of resource.variants) {
          const target = join(init.folder, v.path);
          const folder = dirname(target);
          if (!made.has(folder)) {
            mkdirSync(folder, { recursive: true });
            made.add(folder);
          }
          writeFileSync(target, v.body);
          if (modified && !Number.isNaN(modified.getTime())) utimesSync(target, modified, modified);
        }
        return { ref, files, ...(reads ? { reads } : {}) };
      });
      port.postMessage({ id: request.id, rendered } satisfies RenderResponse);
    } catch (error) {
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies RenderResponse);
    }
  });
}
