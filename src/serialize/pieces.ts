import type { Quad } from "@rdfjs/types";

// Piece sizes: the streamed writers (Turtle, JSON-LD, RDF/XML, HTML, the sitemap) aim their pieces at about 60 000
// characters, under V8's large-object size (128 KB), so a piece's text is made in the young generation and dies
// there. A larger string is made straight in the old generation, garbage only a full collection finds: at 100 000
// items the whole-site files' pieces of 0.2–2 MB were hundreds of megabytes of it before the first full collection,
// the build's peak memory. Each writer counts its pieces in its own units (quads, node objects, lines, pages,
// sections), measured to come near the aim.

/**
 * Pieces whose concatenation is `[...parts].join(separator)`, `perPiece` parts to a piece (none for no parts): for
 * writers that make a large text part by part and hand it out in pieces instead of one string.
 */
export function* joinInPieces(
  parts: Iterable<string>,
  separator: string,
  perPiece: number,
): Generator<string> {
  let batch: string[] = [];
  let started = false;
  for (const part of parts) {
    batch.push(part);
    if (batch.length === perPiece) {
      yield `${started ? separator : ""}${batch.join(separator)}`;
      started = true;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${started ? separator : ""}${batch.join(separator)}`;
}

const GROUP_TEXTS = new WeakMap<readonly Quad[], Map<string, string>>();

/**
 * The text `make` gives for a group of quads in the form `key` names (a format and what else its text depends on),
 * made once while the group's array lives: a catalog page's datasets are written for each form of the page's
 * links, the same array each time (`Format.writeGroups`).
 */
export function groupText(group: readonly Quad[], key: string, make: () => string): string {
  let texts = GROUP_TEXTS.get(group);
  if (!texts) {
    texts = new Map();
    GROUP_TEXTS.set(group, texts);
  }
  let text = texts.get(key);
  if (text === undefined) {
    text = make();
    texts.set(key, text);
  }
  return text;
}
