import type { Quad, Term } from "@rdfjs/types";
import { PREFIXES, xsd } from "../vocab/index.js";
import { groupText, joinInPieces } from "./pieces.js";
import { sortQuads, termKey } from "./quad-order.js";

/** A JSON-LD context: our prefixes, nothing else, so compact IRIs stay readable and expansion is exact. */
export type JsonLdContext = Record<string, string>;

/** The JSON-LD context our compact JSON-LD uses (served at `/context.jsonld`). */
export function createJsonLdContext(prefixes: Readonly<Record<string, string>> = PREFIXES): JsonLdContext {
  return { ...prefixes };
}

/**
 * Options for the compact JSON-LD writers {@link toCompactJsonLd}, {@link writeJsonLd} and {@link jsonLdChunks}
 * (and the JSON-LD format's group writer, {@link jsonLdGroupPieces}). The schema.org JSON-LD of `toJsonLd` and
 * `toJsonLdScript` takes no options.
 */
export interface JsonLdWriteOptions {
  /** The `@context` value: a URL (our published context) or an inline context. Default: inline. */
  context?: string | JsonLdContext;
  /** The prefixes used to compact IRIs; must match the context. */
  prefixes?: Readonly<Record<string, string>>;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/**
 * Writes quads as compact JSON-LD directly, without a JSON-LD processor: one node object per subject in
 * `@graph`, compact IRIs from our prefixes, language and datatype kept on every literal. Deterministic.
 */
export function toCompactJsonLd(
  quads: Iterable<Quad>,
  options: JsonLdWriteOptions = {},
): Record<string, JsonValue> {
  const prefixes = options.prefixes ?? PREFIXES;
  return {
    "@context": options.context ?? createJsonLdContext(prefixes),
    "@graph": [...nodeObjects(quads, prefixes)],
  };
}

/** The node objects of {@link toCompactJsonLd}'s `@graph`, one subject at a time (quads sorted by subject). */
function* nodeObjects(
  quads: Iterable<Quad>,
  prefixes: Readonly<Record<string, string>>,
): Generator<Record<string, JsonValue>> {
  const compact = createCompactor(prefixes);
  const sorted = sortQuads(quads);
  // Sorted by graph first: a subject in several graphs comes back after others, and is one node object. In one
  // graph, a subject's triples are together and its node is complete when the next subject starts.
  const merged = sorted.some((q) => q.graph.termType !== "DefaultGraph")
    ? new Map<string, Record<string, JsonValue>>()
    : undefined;
  let node: Record<string, JsonValue> | undefined;
  for (const q of sorted) {
    const id = subjectId(q.subject, compact);
    if (node?.["@id"] !== id) {
      if (merged) {
        node = merged.get(id) ?? { "@id": id };
        merged.set(id, node);
      } else {
        if (node) yield node;
        node = { "@id": id };
      }
    }
    if (
      q.predicate.value === "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" &&
      q.object.termType === "NamedNode"
    ) {
      push(node, "@type", compact(q.object.value));
    } else {
      push(node, compact(q.predicate.value), objectValue(q.object, compact));
    }
  }
  if (merged) yield* merged.values();
  else if (node) yield node;
}

/** {@link toCompactJsonLd} as text, two-space indented. */
export function writeJsonLd(quads: Iterable<Quad>, options: JsonLdWriteOptions = {}): string {
  return `${JSON.stringify(toCompactJsonLd(quads, options), null, 2)}\n`;
}

/**
 * Node objects per chunk of {@link jsonLdChunks}: pieces near 60 000 characters, so their text dies young (see
 * pieces.ts; a catalog's median piece: 52 000).
 */
const NODES_PER_CHUNK = 80;

/** The text of `{"@context": …, "@graph": []}` as {@link writeJsonLd} writes it, and its opening before the nodes. */
function frame(options: JsonLdWriteOptions, prefixes: Readonly<Record<string, string>>) {
  const empty = JSON.stringify(
    { "@context": options.context ?? createJsonLdContext(prefixes), "@graph": [] },
    null,
    2,
  );
  // `…"@graph": []\n}`: the nodes go between the brackets, each indented two levels as JSON.stringify nests them.
  return { empty: `${empty}\n`, open: `${empty.slice(0, -"]\n}".length)}\n`, close: "\n  ]\n}\n" };
}

/** A node object of `@graph` as {@link writeJsonLd} writes it, indented two levels. */
function nodeText(node: Record<string, JsonValue>): string {
  return `    ${JSON.stringify(node, null, 2).replaceAll("\n", "\n    ")}`;
}

/**
 * {@link writeJsonLd} in pieces whose concatenation is the same text: the context, then the node objects of
 * `@graph` a few thousand at a time, so a large graph is written without one string (or one object) of all of it.
 */
export function* jsonLdChunks(quads: Iterable<Quad>, options: JsonLdWriteOptions = {}): Generator<string> {
  const prefixes = options.prefixes ?? PREFIXES;
  const { empty, open, close } = frame(options, prefixes);
  const nodes = function* () {
    for (const node of nodeObjects(quads, prefixes)) yield nodeText(node);
  };
  let started = false;
  for (const piece of joinInPieces(nodes(), ",\n", NODES_PER_CHUNK)) {
    yield started ? piece : `${open}${piece}`;
    started = true;
  }
  yield started ? close : empty;
}

/**
 * Compact JSON-LD of quads in groups, in pieces whose concatenation is the text (the frame's opening, each group's
 * nodes and their separators, the close): the node objects of each group, sorted on its own, one group after another
 * in `@graph` (a subject in two groups has a node object in each: the same graph as {@link writeJsonLd} of all of
 * them). A group's nodes are written once while its array lives ({@link groupText}): a catalog page is written with
 * its Hydra links in several forms, its datasets once.
 */
export function jsonLdGroupPieces(
  groups: readonly (readonly Quad[])[],
  options: JsonLdWriteOptions = {},
): string[] {
  const prefixes = options.prefixes ?? PREFIXES;
  const { empty, open, close } = frame(options, prefixes);
  const key = `jsonld ${options.prefixes ? JSON.stringify(prefixes) : ""}`;
  const texts = groups
    .map((g) => groupText(g, key, () => [...nodeObjects(g, prefixes)].map(nodeText).join(",\n")))
    .filter((text) => text !== "");
  if (texts.length === 0) return [empty];
  return [open, ...texts.flatMap((text, i) => (i === 0 ? [text] : [",\n", text])), close];
}

function push(node: Record<string, JsonValue>, key: string, value: JsonValue): void {
  const current = node[key];
  if (current === undefined) node[key] = value;
  else if (Array.isArray(current)) current.push(value);
  else node[key] = [current, value];
}

function subjectId(t: Term, compact: (iri: string) => string): string {
  return t.termType === "BlankNode" ? `_:${t.value}` : compact(t.value);
}

function objectValue(t: Term, compact: (iri: string) => string): JsonValue {
  if (t.termType === "NamedNode") return { "@id": compact(t.value) };
  if (t.termType === "BlankNode") return { "@id": `_:${t.value}` };
  if (t.termType !== "Literal") return termKey(t);
  // Once: an N3 literal parses its language out of its id on every access.
  const language = t.language;
  if (language) return { "@value": t.value, "@language": language };
  if (t.datatype.value === xsd.string.value) return t.value;
  return { "@value": t.value, "@type": compact(t.datatype.value) };
}

/**
 * Compacts an IRI to `prefix:local` when the local part is safe to read back as the same IRI; otherwise keeps
 * it absolute. JSON-LD 1.1 §4.1.5: a compact IRI whose suffix starts with `//` is an absolute IRI.
 */
function createCompactor(prefixes: Readonly<Record<string, string>>): (iri: string) => string {
  const entries = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length);
  const cache = new Map<string, string>();
  return (iri) => {
    let out = cache.get(iri);
    if (out !== undefined) return out;
    out = iri;
    for (const [p, ns] of entries) {
      if (iri.startsWith(ns) && iri.length > ns.length) {
        const local = iri.slice(ns.length);
        if (!local.startsWith("//") && !/[#?]/.test(local)) out = `${p}:${local}`;
        break;
      }
    }
    cache.set(iri, out);
    return out;
  };
}
