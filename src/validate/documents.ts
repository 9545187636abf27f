import type { Quad } from "@rdfjs/types";
import type { Issue } from "../errors.js";
import { LayeredMap, type Lookup } from "../site/layered-map.js";
import { changedDocuments, type Site, type SiteDocument } from "../site/site.js";
import { rdf } from "../vocab/index.js";
import { carryOwners, createLocator, type FileMap } from "./provenance.js";
import { issueOf, type ShaclResult, type ShapesInput, validateShacl } from "./shacl.js";

/**
 * The bounded subgraph one document is validated on: its own triples plus the `rdf:type` triples of the things
 * it links to, so class constraints (`sh:class foaf:Agent` on a publisher) can be checked without the rest of
 * the site. Shapes that need more of a neighbour than its type belong in whole-site validation.
 */
export function documentGraph(site: Site, doc: SiteDocument): Quad[] {
  const out = [...doc.quads];
  const own = new Set(doc.quads.map((q) => q.subject.value));
  const linked = new Set<string>();
  for (const q of doc.quads) {
    if (q.object.termType === "NamedNode" && !own.has(q.object.value)) linked.add(q.object.value);
  }
  if (linked.size === 0) return out;
  // Look the linked things up in an index instead of scanning every document: a scan per document made
  // validating a whole site quadratic (hours at 100 000 items).
  const types = thingTypes(site);
  for (const iri of linked) {
    for (const [other, quads] of types.get(iri) ?? []) if (other !== doc) out.push(...quads);
  }
  return out;
}

/**
 * The nodes whose SHACL results belong to a document: its subjects, and the nodes it names that no document
 * describes (an image IRI that `sh:targetObjectsOf schema:image` targets), which whole-site validation reports too.
 */
export function documentFocusNodes(site: Site, doc: SiteDocument): Set<string> {
  const out = documentSubjects(doc);
  const described = describedNodes(site);
  for (const q of doc.quads) {
    const o = q.object;
    if ((o.termType === "NamedNode" || o.termType === "BlankNode") && !described.has(o.value))
      out.add(o.value);
  }
  return out;
}

const DESCRIBED = new WeakMap<Site, Set<string>>();

/** Every subject of every document, once per site. */
function describedNodes(site: Site): Set<string> {
  let set = DESCRIBED.get(site);
  if (!set) {
    set = new Set();
    for (const d of site.documents.values()) for (const q of d.quads) set.add(q.subject.value);
    DESCRIBED.set(site, set);
  }
  return set;
}

const THING_TYPES = new WeakMap<
  Site,
  Map<string, [SiteDocument, Quad[]][]> | LayeredMap<string, [SiteDocument, Quad[]][]>
>();

/**
 * The `rdf:type` triples each document states of its thing, by the thing's IRI (several documents may share one),
 * built once per site. Not looked up in the neighbour's triples per link: the catalog is linked from every dataset
 * and has triples for each of them, which made that quadratic.
 */
function thingTypes(site: Site): Lookup<string, [SiteDocument, Quad[]][]> {
  let index = THING_TYPES.get(site);
  if (!index) {
    const map = new Map<string, [SiteDocument, Quad[]][]>();
    index = map;
    for (const d of site.documents.values()) {
      const types = ownTypes(d);
      const list = map.get(d.thingIri);
      if (list) list.push([d, types]);
      else map.set(d.thingIri, [[d, types]]);
    }
    THING_TYPES.set(site, index);
  }
  return index;
}

/**
 * Takes the validation indexes of `site` (described nodes, things' types, the nodes' owners) over from
 * `previous`, an earlier version whose unchanged documents are the same objects (`createSite` given it), when every
 * changed document is in both versions with the same thing, the same subjects and the same types of its thing (a
 * changed title or text): the new versions replace the old ones in them. Answers whether it did; otherwise they
 * are built again when first asked for.
 */
export function carryValidationIndexes(previous: Site, site: Site): boolean {
  const pairs: [SiteDocument, SiteDocument][] = [];
  for (const { before, after } of changedDocuments(previous, site)) {
    if (!before || !after || before.thingIri !== after.thingIri) return false;
    const subjects = (d: SiteDocument) => [...documentSubjects(d)].sort().join("\n");
    const types = (d: SiteDocument) =>
      ownTypes(d)
        .map((q) => q.object.value)
        .sort()
        .join("\n");
    if (subjects(before) !== subjects(after) || types(before) !== types(after)) return false;
    pairs.push([before, after]);
  }
  const described = DESCRIBED.get(previous);
  if (described && !DESCRIBED.has(site)) DESCRIBED.set(site, described);
  const things = THING_TYPES.get(previous);
  if (things && !THING_TYPES.has(site)) {
    const index = new LayeredMap(things);
    for (const [old, now] of pairs) {
      const list = index.get(now.thingIri) ?? [];
      index.set(
        now.thingIri,
        list.map((entry): [SiteDocument, Quad[]] => (entry[0] === old ? [now, ownTypes(now)] : entry)),
      );
    }
    THING_TYPES.set(site, index);
  }
  carryOwners(previous, site, pairs);
  return true;
}

/** The `rdf:type` triples a document states of its own thing. */
function ownTypes(d: SiteDocument): Quad[] {
  return d.quads.filter((q) => q.subject.value === d.thingIri && q.predicate.equals(rdf.type));
}

/** The subjects a document owns: results about other nodes in its subgraph are the neighbours' business. */
export function documentSubjects(doc: SiteDocument): Set<string> {
  return new Set(doc.quads.map((q) => q.subject.value));
}

/** Options for {@link validateDocuments}. */
export interface DocumentValidationOptions {
  /** Which file holds each item, so issues name it. */
  files?: FileMap;
  /** Only these documents (`"kind/slug"`); default all. */
  refs?: Iterable<string>;
  /**
   * Documents validated together in one SHACL run over the union of their bounded subgraphs (default 250). One
   * run per document spends most of its time on the linked things its type triples make targets; a batch pays
   * for each of them once.
   */
  batchSize?: number;
  /**
   * Validates a batch elsewhere (a build's worker thread) instead of here: given the batch's triples and the focus
   * nodes whose results are kept, its results, which are then located here. Two batches are under way at a time, so
   * the next is ready when one is done.
   */
  validateBatch?: (
    graph: readonly Quad[],
    focusNodes: ReadonlySet<string>,
  ) => Promise<readonly ShaclResult[]>;
}

/**
 * Validates one document's bounded subgraph ({@link documentGraph}) and keeps the results about its own nodes.
 * Documents are independent, so callers may run this for many documents in parallel (worker threads).
 */
export async function validateDocument(
  site: Site,
  doc: SiteDocument,
  shapes: ShapesInput,
  options: { files?: FileMap } = {},
): Promise<Issue[]> {
  return validateShacl(documentGraph(site, doc), shapes, {
    locate: createLocator(site, options.files),
    focusNodes: documentFocusNodes(site, doc),
  });
}

/**
 * Validates documents on their bounded subgraphs, in batches ({@link DocumentValidationOptions.batchSize}), and
 * gives each document the issues about its own nodes ({@link documentFocusNodes}; a node shared by several
 * documents, such as a report series, appears under each of them).
 */
export async function validateDocumentsByRef(
  site: Site,
  shapes: ShapesInput,
  options: DocumentValidationOptions = {},
): Promise<Map<string, Issue[]>> {
  const wanted = options.refs ? new Set(options.refs) : undefined;
  const docs = [...site.documents.values()].filter((d) => !wanted || wanted.has(d.ref));
  const locate = createLocator(site, options.files);
  const size = Math.max(1, options.batchSize ?? 250);
  const out = new Map<string, Issue[]>(docs.map((d) => [d.ref, []]));
  const run = options.validateBatch;
  const underway: Promise<void>[] = [];
  /** The texts of the issues located here, each once (see internIssue). */
  const strings = new Map<string, string>();
  for (let i = 0; i < docs.length; i += size) {
    const batch = docs.slice(i, i + size);
    const graph: Quad[] = [];
    const owners = new Map<string, string[]>();
    for (const doc of batch) {
      graph.push(...documentGraph(site, doc));
      for (const s of documentFocusNodes(site, doc)) {
        const refs = owners.get(s);
        if (refs) refs.push(doc.ref);
        else owners.set(s, [doc.ref]);
      }
    }
    const focusNodes = new Set(owners.keys());
    const found = run
      ? run(graph, focusNodes).then((results) => results.map((r) => internIssue(issueOf(r, locate), strings)))
      : validateShacl(graph, shapes, { locate, focusNodes });
    const sorted = found.then((issues) => {
      for (const issue of issues)
        for (const ref of owners.get(issue.focusNode ?? "") ?? []) out.get(ref)?.push(issue);
    });
    if (!run) {
      await sorted;
      continue;
    }
    sorted.catch(() => {}); // awaited below
    underway.push(sorted);
    if (underway.length >= 2) await underway.shift();
  }
  await Promise.all(underway);
  return out;
}

/**
 * Replaces each string of `issue` by the first equal one `strings` has seen. Results from a worker are copies: a
 * large site's tens of thousands of warnings repeat a few texts (100 000 items: 320 000 warnings), and every copy
 * would stay for the whole build.
 */
function internIssue(issue: Issue, strings: Map<string, string>): Issue {
  const one = (text: string) => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };
  issue.source = one(issue.source) as Issue["source"];
  issue.code = one(issue.code);
  issue.message = one(issue.message);
  issue.severity = one(issue.severity) as Issue["severity"];
  issue.path = issue.path.map((p) => (typeof p === "string" ? one(p) : p));
  if (issue.file !== undefined) issue.file = one(issue.file);
  if (issue.focusNode !== undefined) issue.focusNode = one(issue.focusNode);
  if (issue.field !== undefined) issue.field = one(issue.field);
  if (issue.hint !== undefined) issue.hint = one(issue.hint);
  return issue;
}

/**
 * Validates every document of a site on its own bounded subgraph, in batches, and merges the results (a node
 * shared by several documents, such as a report series, is reported once).
 * @example
 * const { conforms, issues } = await validateDocuments(site, await loadShapes());
 */
export async function validateDocuments(
  site: Site,
  shapes: ShapesInput,
  options: DocumentValidationOptions = {},
): Promise<{ conforms: boolean; issues: Issue[] }> {
  const issues = mergeIssues((await validateDocumentsByRef(site, shapes, options)).values());
  return { conforms: !issues.some((i) => i.severity === "violation"), issues };
}

/** Concatenates issue lists, each issue once ({@link issueKey}). */
export function mergeIssues(lists: Iterable<readonly Issue[]>): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const list of lists) {
    for (const issue of list) {
      const key = issueKey(issue);
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** Identity of an issue for de-duplication: same rule, same node, same predicate, same message. */
export function issueKey(i: Issue): string {
  return JSON.stringify([i.source, i.code, i.focusNode ?? "", i.path, i.message, i.severity]);
}
