import { createHash } from "node:crypto";
import type { Quad } from "@rdfjs/types";
import type { Issue } from "../errors.js";
import { termKey } from "../serialize/quad-order.js";
import type { Site, SiteDocument } from "../site/site.js";
import {
  documentFocusNodes,
  documentGraph,
  mergeIssues,
  validateDocumentsByRef,
} from "../validate/documents.js";
import { createLocator } from "../validate/provenance.js";
import { type ShapesInput, validateShacl } from "../validate/shacl.js";

/** A hash of quads in the given order (not sorted: the same content mapped twice comes in the same order). */
export function graphHash(quads: readonly Quad[]): string {
  const lines = quads.map(
    (q) => `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)} ${termKey(q.graph)}`,
  );
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

const SHAPES_STAMPS = new WeakMap<object, string>();

/** The quads of shapes given in any of the forms validation accepts. */
export function shapeQuads(shapes: ShapesInput): readonly Quad[] {
  return "quads" in shapes && Array.isArray(shapes.quads) ? shapes.quads : [...(shapes as Iterable<Quad>)];
}

/** A hash of a shapes graph, once per shapes object. */
export function shapesStamp(shapes: ShapesInput): string {
  let stamp = SHAPES_STAMPS.get(shapes as object);
  if (!stamp) {
    stamp = graphHash(shapeQuads(shapes));
    SHAPES_STAMPS.set(shapes as object, stamp);
  }
  return stamp;
}

/** A document's validation in a build: the fingerprint of its input and the issues about its nodes. */
export interface ValidationRecord {
  readonly validation: string;
  readonly issues: Issue[];
}

/** What the previous build recorded of a document's validation (from its manifest). */
export interface PreviousValidation {
  readonly validation?: string;
  readonly issues?: readonly Issue[];
}

/** The largest site (in documents) a full build validates in one pass over the whole graph. */
const WHOLE_GRAPH_MAX_DOCUMENTS = 20_000;
/** Documents validated together when a build validates in batches. */
const VALIDATION_BATCH = 1000;

/**
 * SHACL validation of a build. Each document's validation input is its bounded subgraph (`documentGraph`: its own
 * triples and the types of what it links to), its file and the shapes (`stamp`, {@link shapesStamp}); a document
 * whose input is the same as in the previous build keeps that build's results. When most documents changed (or
 * there is no previous build) the whole graph is validated in one pass — the cheapest way to validate everything
 * — and the results are shared out to the documents whose nodes they are about; otherwise only the changed
 * documents are validated, in batches on their subgraphs. Both give the same issues
 * (test/validate/documents.test.ts). The same in the build's thread and in a render worker.
 */
export async function validateSite(
  site: Site,
  files: ReadonlyMap<string, string>,
  shapes: ShapesInput,
  stamp: string,
  previous: ReadonlyMap<string, PreviousValidation> | undefined,
  ownHash: (doc: SiteDocument) => string = (doc) => graphHash(doc.quads),
): Promise<{ issues: Issue[]; records: Map<string, ValidationRecord> }> {
  const docs = [...site.documents.values()];
  // A document's validation input: its own triples (hashed once per build, `ownHash`) and the rest of its bounded
  // subgraph (the types of what it links to), its file and the shapes.
  const keys = new Map(
    docs.map((d) => [
      d.ref,
      createHash("sha256")
        .update(
          `${stamp}\n${files.get(d.ref) ?? ""}\n${ownHash(d)}\n${graphHash(documentGraph(site, d).slice(d.quads.length))}`,
        )
        .digest("hex"),
    ]),
  );
  const stale = docs.filter((d) => previous?.get(d.ref)?.validation !== keys.get(d.ref));
  const records = new Map<string, ValidationRecord>();
  // One pass over the whole graph is the fastest, but its memory grows with the site (about 1 GB of RSS per 10 000
  // items): above WHOLE_GRAPH_MAX_DOCUMENTS the documents are validated in bounded batches (same results).
  if (docs.length <= WHOLE_GRAPH_MAX_DOCUMENTS && (!previous || stale.length > docs.length / 4)) {
    const issues = await validateShacl(site.quads, shapes, { locate: createLocator(site, files) });
    const owners = new Map<string, string[]>();
    for (const d of docs)
      for (const node of documentFocusNodes(site, d)) {
        const refs = owners.get(node);
        if (refs) refs.push(d.ref);
        else owners.set(node, [d.ref]);
      }
    const byRef = new Map<string, Issue[]>(docs.map((d) => [d.ref, []]));
    for (const issue of issues)
      for (const ref of owners.get(issue.focusNode ?? "") ?? []) byRef.get(ref)?.push(issue);
    for (const d of docs)
      records.set(d.ref, { validation: keys.get(d.ref) as string, issues: byRef.get(d.ref) ?? [] });
    return { issues, records };
  }
  const fresh = await validateDocumentsByRef(site, shapes, {
    files,
    refs: stale.map((d) => d.ref),
    batchSize: VALIDATION_BATCH,
  });
  for (const d of docs) {
    const issues = fresh.get(d.ref) ?? [...(previous?.get(d.ref)?.issues ?? [])];
    records.set(d.ref, { validation: keys.get(d.ref) as string, issues });
  }
  return { issues: mergeIssues([...records.values()].map((r) => r.issues)), records };
}
