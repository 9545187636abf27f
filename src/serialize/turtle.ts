import type { Quad } from "@rdfjs/types";
import { DataFactory, Writer } from "n3";
import { PREFIXES } from "../vocab/index.js";
import { groupText } from "./pieces.js";
import { sortQuads } from "./quad-order.js";

/** Options for the N3-family writers. */
export interface N3WriteOptions {
  /** Prefixes to declare (Turtle); defaults to every vocabulary govlod uses that appears in the data. */
  prefixes?: Readonly<Record<string, string>>;
}

function usedPrefixes(
  quads: readonly Quad[],
  prefixes: Readonly<Record<string, string>>,
): Record<string, string> {
  const iris = new Set<string>();
  for (const q of quads)
    for (const t of [q.subject, q.predicate, q.object]) {
      if (t.termType === "NamedNode") iris.add(t.value);
      else if (t.termType === "Literal") iris.add(t.datatype.value);
    }
  const out: Record<string, string> = {};
  for (const [p, ns] of Object.entries(prefixes)) {
    for (const i of iris)
      if (i.startsWith(ns) && i.length > ns.length) {
        out[p] = ns;
        break;
      }
  }
  return out;
}

function write(quads: readonly Quad[], format: string, prefixes?: Record<string, string>): string {
  const writer = new Writer({ format, ...(prefixes ? { prefixes } : {}) });
  let out = "";
  writer.addQuads(quads as Quad[]);
  writer.end((error, result) => {
    if (error) throw error;
    out = result;
  });
  return out;
}

/**
 * Quads (sorted) a chunk of a streamed serialization holds at least: a chunk ends where a subject's block ends, so
 * chunks written one after another give the same bytes as the whole. Pieces near 60 000 characters of Turtle, so
 * their text dies young (see pieces.ts; a catalog's median piece: 57 000).
 */
export const CHUNK_QUADS = 700;

/** Slices of sorted quads of about {@link CHUNK_QUADS}, each ending at the end of a (graph, subject) block. */
export function* subjectChunks(sorted: readonly Quad[], size = CHUNK_QUADS): Generator<readonly Quad[]> {
  let start = 0;
  while (start < sorted.length) {
    let end = Math.min(start + size, sorted.length);
    while (end < sorted.length && sameBlock(sorted[end - 1] as Quad, sorted[end] as Quad)) end++;
    yield sorted.slice(start, end);
    start = end;
  }
}

function sameBlock(a: Quad, b: Quad): boolean {
  return a.subject.equals(b.subject) && a.graph.equals(b.graph);
}

/** Turtle with prefixes, grouped by subject, in a deterministic order. */
export function writeTurtle(quads: Iterable<Quad>, options: N3WriteOptions = {}): string {
  const sorted = triplesOf(sortQuads(quads));
  return write(sorted, "text/turtle", usedPrefixes(sorted, options.prefixes ?? PREFIXES));
}

/**
 * {@link writeTurtle} in pieces whose concatenation is the same text: the prefixes, then the triples a chunk of
 * subjects at a time ({@link subjectChunks}), so a large graph is written without one string of all of it.
 */
export function* turtleChunks(quads: Iterable<Quad>, options: N3WriteOptions = {}): Generator<string> {
  const sorted = triplesOf(sortQuads(quads));
  const prefixes = usedPrefixes(sorted, options.prefixes ?? PREFIXES);
  let first = true;
  for (const chunk of subjectChunks(sorted)) {
    const text = write(chunk, "text/turtle", prefixes);
    // The writer declares the prefixes before the triples of every chunk (then a blank line): only the first keeps them.
    yield first ? text : turtleWithoutPrefixes(text).replace(/^\n/, "");
    first = false;
  }
  if (first) yield write([], "text/turtle", prefixes);
}

/**
 * Turtle of quads in groups, in pieces whose concatenation is the text (a group's text each): one group after
 * another, each sorted and written on its own with the prefixes all of them use — a subject in two groups is
 * described in each, the same graph as {@link writeTurtle} of all of them. A group's text is made once while its
 * array lives ({@link groupText}): a catalog page is written with its Hydra links in several forms, its datasets once.
 */
export function turtleGroupPieces(
  groups: readonly (readonly Quad[])[],
  options: N3WriteOptions = {},
): string[] {
  const all = options.prefixes ?? PREFIXES;
  const sorted = groups.map((g) => triplesOf(sortQuads(g)));
  // The prefixes a group uses, found once per group as its text is; the document declares those of every group.
  const names = new Set(
    groups.flatMap((g, i) =>
      groupText(g, `ttl-prefixes ${JSON.stringify(all)}`, () =>
        Object.keys(usedPrefixes(sorted[i] as readonly Quad[], all)).join(" "),
      ).split(" "),
    ),
  );
  const prefixes = Object.fromEntries(Object.entries(all).filter(([p]) => names.has(p)));
  const key = JSON.stringify(prefixes);
  return groups.map((g, i) =>
    groupText(g, `ttl${i === 0 ? "-first" : ""} ${key}`, () => {
      const text = write(sorted[i] as readonly Quad[], "text/turtle", prefixes);
      // As in turtleChunks: the writer declares the prefixes before every group's triples; only the first keeps them.
      return i === 0 ? text : turtleWithoutPrefixes(text).replace(/^\n/, "");
    }),
  );
}

/**
 * N-Triples of quads in groups, one after another, each sorted on its own ({@link turtleGroupPieces}): a group's text
 * each.
 */
export function nTriplesGroupPieces(groups: readonly (readonly Quad[])[]): string[] {
  return groups.map((g) => groupText(g, "nt", () => writeNTriples(g)));
}

/**
 * N-Quads of quads in groups, one after another, each sorted on its own ({@link turtleGroupPieces}): a group's text
 * each. A group all in the default graph is its N-Triples (made once, {@link nTriplesGroupPieces}) with the graph
 * name put before each statement's final ` .` — the same order and bytes as writing it again: a catalog page is
 * written in N-Quads under four graph names (each form of its links), its datasets' triples once.
 */
export function nQuadsGroupPieces(
  groups: readonly (readonly Quad[])[],
  options: { graph?: string } = {},
): string[] {
  const { graph } = options;
  return groups.map((g) =>
    g.every((q) => q.graph.termType === "DefaultGraph") && !(graph && NEEDS_ESCAPE.test(graph))
      ? inGraph(
          groupText(g, "nt", () => writeNTriples(g)),
          graph,
        )
      : groupText(g, `nq ${graph ?? ""}`, () => writeNQuads(g, options)),
  );
}

/**
 * Characters N3's writer escapes in canonical N-Triples and N-Quads (those outside this class): a graph name with
 * one is left to the writer.
 */
const NEEDS_ESCAPE = /[^ !#-[\]-~\u0080-\uFFFD]/;

/**
 * N-Triples text as N-Quads in `graph` (unchanged without one): every statement ends with ` .` and a line break,
 * and a line break anywhere else is escaped (`\n` inside a literal), so each ` .\n` is a statement's end.
 */
function inGraph(ntriples: string, graph: string | undefined): string {
  return graph === undefined ? ntriples : ntriples.replaceAll(" .\n", ` <${graph}> .\n`);
}

/** A document's Turtle without its leading `@prefix` lines (the dump declares every prefix once). */
export function turtleWithoutPrefixes(turtle: string): string {
  let at = 0;
  while (turtle.startsWith("@prefix ", at)) {
    const end = turtle.indexOf("\n", at);
    if (end < 0) return "";
    at = end + 1;
  }
  return turtle.slice(at);
}

/** N-Triples (graphs dropped), one triple a line, sorted. */
export function writeNTriples(quads: Iterable<Quad>): string {
  const sorted = triplesOf(sortQuads(quads));
  return write(sorted, "application/n-triples");
}

/** {@link writeNTriples} in pieces whose concatenation is the same text ({@link subjectChunks}). */
export function* nTriplesChunks(quads: Iterable<Quad>): Generator<string> {
  for (const chunk of subjectChunks(triplesOf(sortQuads(quads)))) yield write(chunk, "application/n-triples");
}

/** N-Quads, sorted; quads in the default graph are put in `graph` when given. */
export function writeNQuads(quads: Iterable<Quad>, options: { graph?: string } = {}): string {
  return write(nQuadsOrder(quads, options), "application/n-quads");
}

/** {@link writeNQuads} in pieces whose concatenation is the same text ({@link subjectChunks}). */
export function* nQuadsChunks(quads: Iterable<Quad>, options: { graph?: string } = {}): Generator<string> {
  for (const chunk of subjectChunks(nQuadsOrder(quads, options))) yield write(chunk, "application/n-quads");
}

/** The quads as N-Quads writes them: sorted, those in the default graph put in `graph` when given. */
function nQuadsOrder(quads: Iterable<Quad>, options: { graph?: string }): readonly Quad[] {
  const g = options.graph ? DataFactory.namedNode(options.graph) : undefined;
  const list = Array.isArray(quads) ? (quads as readonly Quad[]) : [...quads];
  const place = (q: Quad) =>
    g && q.graph.termType === "DefaultGraph" ? DataFactory.quad(q.subject, q.predicate, q.object, g) : q;
  // All in the default graph (a document): they all go into `graph`, so the order is that of the triples.
  if (list.every((q) => q.graph.termType === "DefaultGraph"))
    return g ? sortQuads(list).map(place) : sortQuads(list);
  return sortQuads(list.map(place));
}

/** The quads as triples (graphs dropped); the same array when they are all in the default graph already. */
function triplesOf(quads: readonly Quad[]): readonly Quad[] {
  return quads.every((q) => q.graph.termType === "DefaultGraph")
    ? quads
    : quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
}
