import type { Quad, Term } from "@rdfjs/types";
import { LodError } from "../errors.js";
import { PREFIXES } from "../vocab/index.js";
import { groupText } from "./pieces.js";
import { sortQuads } from "./quad-order.js";

const RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING = `${RDF_NS}langString`;

/**
 * RDF/XML 1.1 §2.5 and §7.2.5: these rdf: names are syntax, not properties, so they cannot be property elements.
 * (rdf:li is only allowed inside containers and would be renumbered by parsers.)
 */
const FORBIDDEN_PROPERTY_NAMES = new Set([
  "RDF",
  "ID",
  "about",
  "bagID",
  "parseType",
  "resource",
  "nodeID",
  "datatype",
  "Description",
  "aboutEach",
  "aboutEachPrefix",
  "li",
]);

/** Options for {@link writeRdfXml}. */
export interface RdfXmlWriteOptions {
  /** Namespace prefixes to use for predicates; others get generated `ns1`, `ns2`, ... Default: govlod's prefixes. */
  prefixes?: Readonly<Record<string, string>>;
}

// XML 1.0 (5th ed.) §2.3 NameStartChar / NameChar, without ":" (Namespaces in XML: NCName).
const NC_START =
  "A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
const NC_CHAR = `${NC_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
/** The longest NCName at the end of an IRI: the local part of a QName. */
const LOCAL_NAME = new RegExp(`[${NC_START}][${NC_CHAR}]*$`, "u");
const NCNAME = new RegExp(`^[${NC_START}][${NC_CHAR}]*$`, "u");
/** XML 1.0 §2.2 Char: what cannot appear in an XML 1.0 document at all, not even as a character reference. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Splits a predicate IRI into namespace and local name for an RDF/XML property element (RDF/XML 1.1 §2.2): the
 * local name is the longest NCName that ends the IRI.
 * @throws LodError (`usage_error`) when the IRI does not end in an NCName (e.g. `http://x.org/123` or `…/a/`),
 *   so it cannot be written as RDF/XML.
 */
export function splitPredicate(iri: string): { namespace: string; local: string } {
  const m = LOCAL_NAME.exec(iri);
  const local = m?.[0];
  if (!local || local.length === iri.length) {
    throw new LodError(
      "usage_error",
      `RDF/XML: predicate <${iri}> cannot be split into namespace and local name (rule: the IRI must end in an XML NCName, RDF/XML 1.1 §2.2)`,
    );
  }
  return { namespace: iri.slice(0, iri.length - local.length), local };
}

function checkXmlChars(text: string, what: string): string {
  const bad = NOT_XML_CHAR.exec(text);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    throw new LodError(
      "usage_error",
      `RDF/XML: ${what} contains U+${code}, which XML 1.0 cannot represent (rule: XML 1.0 §2.2 Char)`,
    );
  }
  return text;
}

/** Escapes element content: `&`, `<`, `>` (for `]]>`), and CR, which XML parsers would otherwise normalise away. */
function escapeText(text: string): string {
  return checkXmlChars(text, "a literal").replace(/[&<>\r]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#13;",
  );
}

/** Escapes an attribute value in double quotes; whitespace as references, since XML normalises it in attributes. */
function escapeAttr(text: string): string {
  return checkXmlChars(text, "an IRI or attribute").replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

function nodeIdOf(t: Term): string {
  // rdf:nodeID must be an NCName (RDF/XML 1.1 §2.10); blank node labels from N3 or our mapping may not be.
  // Labels that are not NCNames, or could be mistaken for an encoded one, are hex-encoded under "genid-".
  if (NCNAME.test(t.value) && !t.value.startsWith("genid-")) return t.value;
  return `genid-${[...t.value].map((c) => (c.codePointAt(0) ?? 0).toString(16)).join("-")}`;
}

function subjectAttr(t: Term): string {
  if (t.termType === "NamedNode") return `rdf:about="${escapeAttr(t.value)}"`;
  if (t.termType === "BlankNode") return `rdf:nodeID="${nodeIdOf(t)}"`;
  throw new LodError("usage_error", `RDF/XML: a ${t.termType} cannot be a subject`);
}

/**
 * Writes quads as RDF/XML (graph names are dropped: RDF/XML holds one graph). One `rdf:Description` per subject,
 * in the deterministic order of {@link sortQuads}; predicates as QNames (namespaces declared on `rdf:RDF`),
 * `rdf:resource` / `rdf:nodeID` for nodes, `xml:lang` and `rdf:datatype` on literals (none for `xsd:string`).
 * @throws LodError (`usage_error`) for a predicate that cannot be split into a QName, or text XML 1.0 cannot hold.
 * @example
 * const xml = writeRdfXml(toDataset(items));
 */
export function writeRdfXml(quads: Iterable<Quad>, options: RdfXmlWriteOptions = {}): string {
  return [...rdfXmlChunks(quads, options)].join("");
}

/** Lines per chunk of {@link rdfXmlChunks}: pieces near 60 000 characters (see pieces.ts; a catalog: 50 000). */
const LINES_PER_CHUNK = 500;

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/**
 * {@link writeRdfXml} in pieces whose concatenation is the same text: the namespaces (from every predicate, so
 * found first), then the descriptions a few thousand lines at a time, so a large graph is written without one
 * string of all of it.
 * @throws LodError as {@link writeRdfXml}, when the chunk with the offending triple is made.
 */
export function* rdfXmlChunks(quads: Iterable<Quad>, options: RdfXmlWriteOptions = {}): Generator<string> {
  const sorted = sortQuads(quads);
  const { decls, names } = qualifiedNames(
    sorted.map((q) => q.predicate.value),
    options.prefixes ?? PREFIXES,
  );
  if (sorted.length === 0) {
    yield `${XML_DECLARATION}\n<rdf:RDF${decls}/>\n`;
    return;
  }
  let lines = [XML_DECLARATION, `<rdf:RDF${decls}>`];
  for (let at = 0; ; ) {
    at = appendDescriptions(sorted, names, lines, at, LINES_PER_CHUNK);
    if (at === sorted.length) break;
    yield `${lines.join("\n")}\n`;
    lines = [];
  }
  lines.push("</rdf:RDF>");
  yield `${lines.join("\n")}\n`;
}

/**
 * RDF/XML of quads in groups, in pieces whose concatenation is the text (the opening, each group's descriptions,
 * the close): the groups one after another, each sorted and written on its own, under the namespaces all of them
 * use — a subject in two groups has a description in each, the same graph as {@link writeRdfXml} of all of them
 * (and one group is exactly its text). A group's descriptions are made once while its array lives and the
 * namespaces are the same ({@link groupText}): a catalog page is written with its Hydra links in two forms, its
 * datasets once.
 * @throws LodError as {@link writeRdfXml}.
 */
export function rdfXmlGroupPieces(
  groups: readonly (readonly Quad[])[],
  options: RdfXmlWriteOptions = {},
): string[] {
  const prefixes = options.prefixes ?? PREFIXES;
  const sorted = groups.map((g) => sortQuads(g));
  // A group's predicates, found once per group as its text is (a line each; IRIs hold no line breaks).
  const predicates = groups.flatMap((g, i) =>
    groupText(g, "rdf-predicates", () =>
      [...new Set((sorted[i] as readonly Quad[]).map((q) => q.predicate.value))].join("\n"),
    )
      .split("\n")
      .filter((p) => p !== ""),
  );
  const { decls, names } = qualifiedNames(predicates, prefixes);
  if (sorted.every((g) => g.length === 0)) return [`${XML_DECLARATION}\n<rdf:RDF${decls}/>\n`];
  // The declarations name every namespace's prefix, so they fix each predicate's QName in a group's text.
  const key = `rdf ${decls}`;
  const parts = groups.map((g, i) =>
    groupText(g, key, () => {
      const lines: string[] = [];
      appendDescriptions(sorted[i] as readonly Quad[], names, lines, 0, Number.POSITIVE_INFINITY);
      return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
    }),
  );
  return [`${XML_DECLARATION}\n<rdf:RDF${decls}>\n`, ...parts, "</rdf:RDF>\n"];
}

/**
 * The QName of every predicate and the namespace declarations of `rdf:RDF` (each with its line break and indent):
 * the given prefixes where they are NCNames, generated `ns1`, `ns2`, … numbered in the sorted order of the other
 * namespaces, `rdf` always.
 * @throws LodError (`usage_error`) for a predicate that cannot be split, or an rdf: name that is RDF/XML syntax.
 */
function qualifiedNames(
  predicates: Iterable<string>,
  prefixes: Readonly<Record<string, string>>,
): { decls: string; names: Map<string, string> } {
  const prefixOf = new Map<string, string>();
  for (const [p, ns] of Object.entries(prefixes)) {
    if (NCNAME.test(p) && !/^xml/i.test(p) && !prefixOf.has(ns)) prefixOf.set(ns, p);
  }
  const used = new Map<string, string>([[RDF_NS, "rdf"]]);
  const names = new Map<string, string>();
  const split = [...new Set(predicates)].sort().map((iri) => {
    const s = splitPredicate(iri);
    return { iri, ...s };
  });
  // Deterministic generated prefixes: numbered in the sorted order of the namespaces that need one.
  let n = 0;
  const taken = new Set(["rdf", ...prefixOf.values()]);
  for (const ns of [...new Set(split.map((x) => x.namespace))].sort()) {
    if (used.has(ns)) continue;
    let p = prefixOf.get(ns);
    if (!p || (ns !== RDF_NS && p === "rdf")) {
      do p = `ns${++n}`;
      while (taken.has(p));
    }
    used.set(ns, p);
  }
  for (const { iri, namespace, local } of split) {
    if (namespace === RDF_NS && FORBIDDEN_PROPERTY_NAMES.has(local)) {
      throw new LodError(
        "usage_error",
        `RDF/XML: rdf:${local} is RDF/XML syntax and cannot be written as a property (RDF/XML 1.1 §7.2.5)`,
      );
    }
    names.set(iri, `${used.get(namespace)}:${local}`);
  }
  const decls = [...used.entries()]
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([ns, p]) => `\n    xmlns:${p}="${escapeAttr(ns)}"`)
    .join("");
  return { decls, names };
}

/**
 * Appends the lines of sorted quads' `rdf:Description`s (one per subject, the predicates' QNames from `names`) to
 * `lines`, from the quad at `start` (a subject's first), until the quads end or, between two subjects, `lines` has
 * `limit` lines. Returns where it stopped: the next subject's first quad, or `sorted.length`.
 */
function appendDescriptions(
  sorted: readonly Quad[],
  names: ReadonlyMap<string, string>,
  lines: string[],
  start: number,
  limit: number,
): number {
  let current: string | undefined;
  for (let i = start; i < sorted.length; i++) {
    const q = sorted[i] as Quad;
    const key = `${q.subject.termType} ${q.subject.value}`;
    if (key !== current) {
      if (current !== undefined) {
        lines.push("  </rdf:Description>");
        if (lines.length >= limit) return i;
      }
      lines.push(`  <rdf:Description ${subjectAttr(q.subject)}>`);
      current = key;
    }
    lines.push(`    ${propertyElement(names.get(q.predicate.value) as string, q.object)}`);
  }
  if (current !== undefined) lines.push("  </rdf:Description>");
  return sorted.length;
}

function propertyElement(name: string, o: Term): string {
  if (o.termType === "NamedNode") return `<${name} rdf:resource="${escapeAttr(o.value)}"/>`;
  if (o.termType === "BlankNode") return `<${name} rdf:nodeID="${nodeIdOf(o)}"/>`;
  if (o.termType !== "Literal")
    throw new LodError("usage_error", `RDF/XML: a ${o.termType} cannot be an object`);
  let attrs = "";
  if (o.language) attrs = ` xml:lang="${escapeAttr(o.language)}"`;
  else if (o.datatype.value !== XSD_STRING && o.datatype.value !== RDF_LANG_STRING)
    attrs = ` rdf:datatype="${escapeAttr(o.datatype.value)}"`;
  return o.value === "" ? `<${name}${attrs}></${name}>` : `<${name}${attrs}>${escapeText(o.value)}</${name}>`;
}
