import type { Format } from "../serialize/formats.js";
import { escapeHtml } from "../serialize/html.js";
import type { Site } from "../site/site.js";

/** One file of a static build: its path inside the output folder and its bytes. */
export interface StaticFile {
  /** Relative path with `/` separators (`doc/news/x.ttl`). */
  readonly path: string;
  readonly body: string | Uint8Array;
  /** The content date to stamp on the file (nginx sends it as `Last-Modified`), when known. */
  readonly modified?: Date | undefined;
}

function page(title: string, text: string, lines: string[]): string {
  const items = lines.map((l) => `<li>${l}</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${items ? `<ul>${items}</ul>` : ""}</main></body></html>\n`;
}

/**
 * The bodies the nginx rules answer 404 and 406 with, as plain text and HTML (chosen on Accept, like the
 * router's error handler). They live in `.govlod/`, which nginx never serves directly.
 */
export function errorFiles(site: Site, formats: readonly Format[]): StaticFile[] {
  const types = formats.map((f) => f.mediaType);
  const catalog = `${site.baseIri}catalog`;
  return [
    { path: ".govlod/303.txt", body: "See Other: the document about this thing is at the Location.\n" },
    {
      path: ".govlod/404.txt",
      body: `Not Found\nNo such resource. The catalog lists what there is: ${catalog}\n`,
    },
    {
      path: ".govlod/404.html",
      body: page("Not Found", "No such resource. The catalog lists what there is:", [
        `<a href="${escapeHtml(catalog)}">${escapeHtml(catalog)}</a>`,
      ]),
    },
    {
      path: ".govlod/406.txt",
      body: `Not Acceptable\nNone of the media types in Accept is available. Available: ${types.join(", ")}\n`,
    },
    {
      path: ".govlod/406.html",
      body: page(
        "Not Acceptable",
        "None of the media types in Accept is available. Available:",
        types.map((t) => escapeHtml(t)),
      ),
    },
  ];
}
