import { createHash } from "node:crypto";
import type { Quad } from "@rdfjs/types";
import type { Issue } from "../errors.js";
import { termKey } from "../serialize/quad-order.js";
import type { Site, SiteDocument } from "../site/site.js";
import {
  type DocumentValidationOptions,
  documentGraph,
  mergeIssues,
  validateDocumentsByRef,
} from "../validate/documents.js";
import type { ShapesInput } from "../validate/shacl.js";

/**
 * A hash of quads in the given order (not sorted: the same content mapped twice comes in the same order): the
 * SHA-256 of their lines joined by newlines, hashed a few kilobytes at a time — the catalog's quads at 100 000
 * items made one string of 200 MB (and an array of every line) that lived long enough to fill the old generation.
 */
export function graphHash(quads: readonly Quad[]): string {
  const hash = createHash("sha256");
  let text = "";
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    text += `${i === 0 ? "" : "\n"}${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)} ${termKey(q.graph)}`;
    if (text.length >= HASHED_AT_ONCE) {
      hash.update(text);
      text = "";
    }
  }
  return hash.update(text).digest("hex");
}

/** Characters of {@link graphHash}'s text handed to the hash at a time. */
const HASHED_AT_ONCE = 16_384;

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
  readonly issues: readonly Issue[];
}

/** The previous build's validation records by document (`"kind/slug"`): a map, or a view of its manifest. */
export interface PreviousValidations {
  get(ref: string): PreviousValidation | undefined;
}

/** What the previous build recorded of a document's validation (from its manifest). */
export interface PreviousValidation {
  readonly validation?: string;
  readonly issues?: readonly Issue[];
}

/** Shortcuts of {@link validateSite} a build can give it. */
export interface ValidateSiteOptions {
  /** The hash of a document's own triples (a build has it already). */
  ownHash?: (doc: SiteDocument) => string;
  /** A document's validation key when it is known to be the same as before (a long-running builder's). */
  knownKey?: (doc: SiteDocument) => string | undefined;
  /** Validates a batch in a render worker (see `DocumentValidationOptions.validateBatch`). */
  validateBatch?: DocumentValidationOptions["validateBatch"];
}

/** Documents validated together in one SHACL run. */
const VALIDATION_BATCH = 1000;

/**
 * SHACL validation of a build. Each document's validation input is its bounded subgraph (`documentGraph`: its own
 * triples and the types of what it links to), its file and the shapes (`stamp`, {@link shapesStamp}); a document
 * whose input is the same as in the previous build keeps that build's results. The others are validated in batches
 * of {@link VALIDATION_BATCH} on their subgraphs: the issues whole-graph validation finds
 * (test/validate/documents.test.ts), as fast, in half its memory. In the build's thread, or with the batches'
 * SHACL runs in a render worker (`validateBatch`).
 */
export async function validateSite(
  site: Site,
  files: ReadonlyMap<string, string>,
  shapes: ShapesInput,
  stamp: string,
  previous: PreviousValidations | undefined,
  options: ValidateSiteOptions = {},
): Promise<{ issues: Issue[]; records: Map<string, ValidationRecord> }> {
  const ownHash = options.ownHash ?? ((doc: SiteDocument) => graphHash(doc.quads));
  // A document's validation input: its own triples (hashed once per build, `ownHash`) and the rest of its bounded
  // subgraph (the types of what it links to), its file and the shapes.
  const key = (d: SiteDocument) =>
    options.knownKey?.(d) ??
    createHash("sha256")
      .update(
        `${stamp}\n${files.get(d.ref) ?? ""}\n${ownHash(d)}\n${graphHash(documentGraph(site, d).slice(d.quads.length))}`,
      )
      .digest("hex");
  // Each document's record: the previous build's issues when its input is the same, else validated below.
  const records = new Map<string, ValidationRecord>();
  const stale: string[] = [];
  for (const d of site.documents.values()) {
    const validation = key(d);
    const before = previous?.get(d.ref);
    if (before?.validation !== validation) stale.push(d.ref);
    records.set(d.ref, { validation, issues: before?.issues ?? [] });
  }
  const fresh = await validateDocumentsByRef(site, shapes, {
    files,
    refs: stale,
    batchSize: VALIDATION_BATCH,
    ...(options.validateBatch ? { validateBatch: options.validateBatch } : {}),
  });
  for (const [ref, issues] of fresh) {
    const record = records.get(ref);
    if (record) records.set(ref, { validation: record.validation, issues });
  }
  // The merged list only when asked for (a build asks when a document has a violation).
  let merged: Issue[] | undefined;
  return {
    get issues() {
      merged ??= mergeIssues([...records.values()].map((r) => r.issues));
      return merged;
    },
    records,
  };
}
