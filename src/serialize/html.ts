import type { Quad, Term } from "@rdfjs/types";
import type { Format, WriteContext } from "./formats.js";
import { sortQuads } from "./quad-order.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function termHtml(t: Term): string {
  if (t.termType === "NamedNode") return `<a href="${escapeHtml(t.value)}">${escapeHtml(t.value)}</a>`;
  if (t.termType === "Literal")
    return `${escapeHtml(t.value)}${t.language ? ` <small lang="en">(${escapeHtml(t.language)})</small>` : ""}`;
  return escapeHtml(t.value);
}

/** A plain HTML page listing the triples by subject (the full page is built by the search-engine layer). */
export function writePlainHtml(quads: readonly Quad[], ctx: WriteContext): string {
  const title = ctx.document?.documentIri ?? ctx.baseIri;
  const bySubject = new Map<string, Quad[]>();
  for (const q of sortQuads(quads)) {
    const list = bySubject.get(q.subject.value) ?? [];
    list.push(q);
    bySubject.set(q.subject.value, list);
  }
  const sections = [...bySubject.entries()].map(
    ([s, qs]) =>
      `<section><h2>${escapeHtml(s)}</h2><dl>${qs
        .map((q) => `<dt>${escapeHtml(q.predicate.value)}</dt><dd>${termHtml(q.object)}</dd>`)
        .join("")}</dl></section>`,
  );
  const links = (ctx.alternates ?? [])
    .map((a) => `<link rel="alternate" type="${escapeHtml(a.mediaType)}" href="${escapeHtml(a.href)}">`)
    .join("");
  return `<!doctype html><html lang="${escapeHtml(ctx.language ?? "nb")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>${links}</head><body><main><h1>${escapeHtml(title)}</h1>${sections.join("")}</main></body></html>\n`;
}

/** HTML for people. */
export const HTML: Format = {
  id: "html",
  mediaType: "text/html",
  charset: true,
  label: "HTML",
  write: (quads, ctx) => writePlainHtml(quads, ctx),
};
