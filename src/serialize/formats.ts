import type { Quad } from "@rdfjs/types";
import { LodError } from "../errors.js";
import type { Site, SiteDocument } from "../site/site.js";
import { HTML } from "./html.js";
import { jsonLdChunks, jsonLdGroupPieces, writeJsonLd } from "./jsonld.js";
import { rdfXmlChunks, rdfXmlGroupPieces, writeRdfXml } from "./rdfxml.js";
import {
  nQuadsChunks,
  nQuadsGroupPieces,
  nTriplesChunks,
  nTriplesGroupPieces,
  turtleChunks,
  turtleGroupPieces,
  writeNQuads,
  writeNTriples,
  writeTurtle,
} from "./turtle.js";

/** Everything a writer may need besides the quads. */
export interface WriteContext {
  /** The site's base IRI. */
  baseIri: string;
  /** The named graph for N-Quads (the document IRI); default graph when absent. */
  graph?: string;
  /** The `@context` of compact JSON-LD: our published context URL. */
  jsonLdContext?: string;
  /** The whole site, for writers that link between documents (HTML). */
  site?: Site;
  /** The document being written, when it is one. */
  document?: SiteDocument;
  /** The language for human-readable output (`nb`, `nn`, `en`), from Accept-Language. */
  language?: string;
  /** Alternate representations of the same resource, for `<link rel="alternate">`. */
  alternates?: readonly { mediaType: string; href: string; language?: string }[];
}

/** An RDF serialization the site offers. */
export interface Format {
  /** Short name, used as file extension and in `?format=`. */
  readonly id: string;
  /** The media type, lower case, without parameters. */
  readonly mediaType: string;
  /** Whether `; charset=utf-8` belongs on the Content-Type. */
  readonly charset: boolean;
  /** A label for people. */
  readonly label: string;
  /**
   * Other media types this format answers, less specific than {@link Format.mediaType} in negotiation
   * (JSON-LD answers `application/json`).
   */
  readonly aliases?: readonly string[];
  /** Values of the media type's `profile` parameter this output satisfies (JSON-LD 1.1 §9.1). */
  readonly profiles?: readonly string[];
  /** Writes quads as text. */
  write(quads: readonly Quad[], ctx: WriteContext): string;
  /**
   * Writes quads as text in pieces whose concatenation is exactly what {@link Format.write} returns, so a large
   * graph (the catalog of a large site) can be written to a file without one string of all of it. Optional: a
   * format without it is written whole ({@link writeChunksOf}).
   */
  writeChunks?(quads: readonly Quad[], ctx: WriteContext): Iterable<string>;
  /**
   * Writes quads given in groups as one text, in pieces whose concatenation is that text: each group sorted and
   * written on its own, one after another (a subject in two groups is described in each: the same graph as
   * {@link Format.write} of all of them). A group's part is made once while its array lives, so texts that share a
   * group (a catalog page with its Hydra links in several forms) render it once, and a file is written from the
   * pieces without a copy of them all in one string. Optional: without it, all the quads are written at once.
   */
  writeGroups?(groups: readonly (readonly Quad[])[], ctx: WriteContext): readonly string[];
}

/** Turtle. */
export const TURTLE: Format = {
  id: "ttl",
  mediaType: "text/turtle",
  charset: true,
  label: "Turtle",
  // Turtle is N3 and TriG too (both extend it): data.norge.no registers catalogs with either and parses the body as
  // the type it asked for.
  aliases: ["text/n3", "application/trig"],
  write: (quads) => writeTurtle(quads),
  writeChunks: (quads) => turtleChunks(quads),
  writeGroups: (groups) => turtleGroupPieces(groups),
};
/** JSON-LD, compact with our context. */
export const JSON_LD: Format = {
  id: "jsonld",
  mediaType: "application/ld+json",
  charset: false,
  label: "JSON-LD",
  aliases: ["application/json"],
  // Our JSON-LD is compact (our context) and flat (one node object per subject in @graph, references by @id).
  profiles: ["http://www.w3.org/ns/json-ld#compacted", "http://www.w3.org/ns/json-ld#flattened"],
  write: (quads, ctx) => writeJsonLd(quads, ctx.jsonLdContext ? { context: ctx.jsonLdContext } : {}),
  writeChunks: (quads, ctx) => jsonLdChunks(quads, ctx.jsonLdContext ? { context: ctx.jsonLdContext } : {}),
  writeGroups: (groups, ctx) =>
    jsonLdGroupPieces(groups, ctx.jsonLdContext ? { context: ctx.jsonLdContext } : {}),
};
/** N-Triples. */
export const N_TRIPLES: Format = {
  id: "nt",
  mediaType: "application/n-triples",
  charset: true,
  label: "N-Triples",
  write: (quads) => writeNTriples(quads),
  writeChunks: (quads) => nTriplesChunks(quads),
  writeGroups: (groups) => nTriplesGroupPieces(groups),
};
/** N-Quads; the document IRI names the graph. */
export const N_QUADS: Format = {
  id: "nq",
  mediaType: "application/n-quads",
  charset: true,
  label: "N-Quads",
  write: (quads, ctx) => writeNQuads(quads, ctx.graph ? { graph: ctx.graph } : {}),
  writeChunks: (quads, ctx) => nQuadsChunks(quads, ctx.graph ? { graph: ctx.graph } : {}),
  writeGroups: (groups, ctx) => nQuadsGroupPieces(groups, ctx.graph ? { graph: ctx.graph } : {}),
};

/** RDF/XML; graph names are dropped. */
export const RDF_XML: Format = {
  id: "rdf",
  mediaType: "application/rdf+xml",
  charset: true,
  label: "RDF/XML",
  aliases: ["application/xml"],
  write: (quads) => writeRdfXml(quads),
  writeChunks: (quads) => rdfXmlChunks(quads),
  writeGroups: (groups) => rdfXmlGroupPieces(groups),
};

export { HTML };

/** The RDF formats in our order of preference: Turtle wins ties and answers `*∕*` (DESIGN §4). */
export const RDF_FORMATS: readonly Format[] = Object.freeze([TURTLE, JSON_LD, N_TRIPLES, N_QUADS, RDF_XML]);

/** Every format a document is offered in, in our order of preference: the RDF formats, then HTML. */
export const DEFAULT_FORMATS: readonly Format[] = Object.freeze([...RDF_FORMATS, HTML]);

/** The `Content-Type` header value of a format (`text/turtle; charset=utf-8`). */
export function contentTypeOf(format: Format): string {
  return format.charset ? `${format.mediaType}; charset=utf-8` : format.mediaType;
}

/** A format's text in pieces: {@link Format.writeChunks} when it has it, else the whole text as one piece. */
export function writeChunksOf(format: Format, quads: readonly Quad[], ctx: WriteContext): Iterable<string> {
  return format.writeChunks ? format.writeChunks(quads, ctx) : [format.write(quads, ctx)];
}

/** Finds a format by id (`ttl`) or media type (`text/turtle`), case-insensitively. */
export function findFormat(
  idOrMediaType: string,
  formats: readonly Format[] = DEFAULT_FORMATS,
): Format | undefined {
  const key = idOrMediaType.trim().toLowerCase();
  return formats.find((f) => f.id === key || f.mediaType === key);
}

/**
 * Serializes quads in a format given by id or media type.
 * @example
 * const turtle = serialize(toDataset(items), "text/turtle");
 */
export function serialize(
  quads: Iterable<Quad>,
  format: string,
  ctx: Partial<WriteContext> = {},
  formats: readonly Format[] = DEFAULT_FORMATS,
): string {
  const f = findFormat(format, formats);
  if (!f)
    throw new LodError(
      "not_acceptable",
      `Unknown format "${format}"; known: ${formats.map((x) => x.id).join(", ")}`,
    );
  return f.write([...quads], { baseIri: "http://localhost:3000/", ...ctx });
}
