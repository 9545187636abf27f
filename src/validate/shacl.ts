import type { DatasetCore, Quad, Term } from "@rdfjs/types";
import { DataFactory, Store } from "n3";
import { type EnginePointers, type EngineResult, type EngineShape, Validator } from "shacl-engine";
import type { Issue, IssueSeverity } from "../errors.js";
import { parseRef } from "../model/common.js";
import { vocabularyOf } from "../rdf/mapping.js";
import { MAPPINGS, mappingForKind } from "../rdf/registry.js";
import { PREFIXES } from "../vocab/index.js";
import { QuadIndex } from "./quad-index.js";

const SH = "http://www.w3.org/ns/shacl#";
const SH_NAME = `${SH}name`;
const SH_DESCRIPTION = `${SH}description`;

/**
 * A SHACL shapes graph ready for validation. Build one with {@link createShapes} (pure) or `loadShapes()` from
 * `govlod/node` (reads the bundled `shapes/` folder).
 */
export interface Shapes {
  /** The shapes' triples. */
  readonly quads: readonly Quad[];
  /** Where the shapes came from (file names), for reports. */
  readonly sources: readonly string[];
}

/**
 * Wraps shape triples as {@link Shapes}.
 * @param sources names of the files the triples came from, if any
 * @example
 * const shapes = createShapes(new Parser().parse(turtle), ["my-shapes.ttl"]);
 */
export function createShapes(quads: Iterable<Quad>, sources: readonly string[] = []): Shapes {
  return Object.freeze({ quads: Object.freeze([...quads]), sources: Object.freeze([...sources]) });
}

/** Where a SHACL result came from: the content item, its file and the model field, when known. */
export interface Provenance {
  /** `"kind/slug"` of the item whose triples the result is about. */
  readonly ref: string;
  /** The content file, when the caller said which file holds the item. */
  readonly file?: string;
  /** The model field whose mapping writes the predicate (for a nested node: the field that holds it). */
  readonly field?: string;
  /** The focus node is a nested node of the item (an address, an image), not the item's thing. */
  readonly nested?: boolean;
}

/** Finds the item and field that produced `focusNode predicate ?o` (see `createLocator`). */
export type Locator = (focusNode: string, predicate: string | undefined) => Provenance | undefined;

/** Anything {@link validateShacl} accepts as shapes. */
export type ShapesInput = Shapes | DatasetCore | Iterable<Quad>;

interface Compiled {
  validator: Validator;
  shapes: Store;
}

// shacl-engine wants an RDF/JS factory; `dataset()` is only called if a report's RDF (report.dataset) is built.
const FACTORY = { ...DataFactory, dataset: (quads?: Quad[]) => new Store(quads) };

// Compiling a shapes graph is the expensive part; one validator per shapes object is reused (each validate() call
// has its own context and report, so reuse, even concurrent, is safe).
const COMPILED = new WeakMap<object, Compiled>();

function compile(shapes: ShapesInput): Compiled {
  const key = shapes as object;
  const known = COMPILED.get(key);
  if (known) return known;
  const quads = isShapes(shapes) ? shapes.quads : [...(shapes as Iterable<Quad>)];
  const store = new Store([...quads]);
  // shacl-engine never fetches owl:imports (the pure API does no I/O): load imported graphs into the shapes yourself.
  // It follows rdfs:subClassOf (sh:class, sh:targetClass) in the SHAPES graph, not the data graph.
  const validator = new Validator(store, { factory: FACTORY });
  focusTargets(validator);
  const compiled = { validator, shapes: store };
  COMPILED.set(key, compiled);
  return compiled;
}

/**
 * The focus nodes a validation keeps, by its data graph ({@link ShaclOptions.focusNodes}): the graph is made per
 * call, so concurrent validations with one validator do not mix them.
 */
const FOCUS = new WeakMap<object, ReadonlySet<string>>();

/**
 * Makes every shape of `validator` target only the focus nodes its data graph was given ({@link FOCUS}), when it
 * was given any. A document is validated with the types of what it links to; without this, every linked thing
 * (every dataset the catalog lists) would be validated as a target and its results thrown away. A SHACL result's
 * focus node is the target it was found on, so the results kept are the same.
 */
function focusTargets(validator: Validator): void {
  const narrow = (shape: EngineShape | null) => {
    if (!shape || NARROWED.has(shape)) return shape;
    NARROWED.add(shape);
    const resolve = shape.resolveTargets.bind(shape);
    shape.resolveTargets = async (context) => {
      const targets = await resolve(context);
      const dataset = context.focusNode.dataset;
      const keep = dataset ? FOCUS.get(dataset) : undefined;
      return withCheapDataset(
        keep ? targets.filter((t) => t.term !== undefined && keep.has(t.term.value)) : targets,
      );
    };
    return shape;
  };
  for (const shape of validator.shapes.values()) narrow(shape);
  // Shapes the engine compiles later (named from others) are narrowed as they are made.
  const make = validator.shape.bind(validator);
  validator.shape = (ptr) => narrow(make(ptr));
}

const NARROWED = new WeakSet<EngineShape>();

type PointersClass = new (args: { factory: unknown; ptrs: EnginePointers["ptrs"] }) => EnginePointers;

/** Per pointer-list class of the engine, its subclass with {@link withCheapDataset}'s `dataset`. */
const CHEAP = new WeakMap<object, PointersClass>();

/**
 * The same pointer list, of a subclass whose `dataset` (the one dataset all pointers share, else null) compares
 * the pointers' datasets instead of collecting them into a new Set. The engine asks it once per value of a
 * property (grapoi's `PathList.node`), which made a property with many values quadratic: the catalog's 20 000
 * `dcat:dataset` values cost half a minute at 100 000 items. Computed once per list (grapoi sets a list's pointers
 * only in its constructor). Every list the engine derives from these targets is made by their constructor, so it
 * has the cheap `dataset` too. Same value as the original getter.
 */
function withCheapDataset(list: EnginePointers): EnginePointers {
  const base = list.constructor as PointersClass;
  let Cheap = CHEAP.get(base);
  if (!Cheap) {
    Cheap = class extends base {
      /** Computed on first use: a list's pointers are fixed when it is made. */
      #dataset: DatasetCore | null | undefined;
      override get dataset() {
        if (this.#dataset !== undefined) return this.#dataset;
        const first = this.ptrs[0];
        let shared = first ? first.dataset : null;
        for (const ptr of this.ptrs) if (ptr.dataset !== shared) shared = null;
        this.#dataset = shared;
        return shared;
      }
    };
    CHEAP.set(base, Cheap);
  }
  return new Cheap({ factory: list.factory, ptrs: list.ptrs });
}

function isShapes(s: ShapesInput): s is Shapes {
  return typeof s === "object" && s !== null && "quads" in s && "sources" in s;
}

/** Options for {@link validateShacl}. */
export interface ShaclOptions {
  /** Maps a result back to its item, file and field. */
  locate?: Locator;
  /** Only results about these focus nodes are kept (per-document validation drops neighbours). */
  focusNodes?: ReadonlySet<string>;
}

/**
 * Validates RDF against SHACL shapes and returns one {@link Issue} per result: `code` is the constraint
 * component's local name (`MinCountConstraintComponent`), `path` the predicate IRI.
 * @example
 * const issues = await validateShacl(store, shapes);
 */
export async function validateShacl(
  data: DatasetCore | Iterable<Quad>,
  shapes: ShapesInput,
  options: ShaclOptions = {},
): Promise<Issue[]> {
  const results = await validateShaclResults(data, shapes, options);
  return results.map((r) => issueOf(r, options.locate));
}

/**
 * One SHACL result as plain data, before it is located in the content ({@link issueOf}): what a worker thread that
 * validates sends back to the thread that knows the site.
 */
export interface ShaclResult {
  /** The constraint component's local name. */
  readonly code: string;
  /** The predicate of a plain predicate path. */
  readonly predicate?: string;
  readonly focusNode?: string;
  readonly severity: IssueSeverity;
  /** The message: the shape's, else one for the component. */
  readonly text: string;
  /** The value the result is about, described for a message (` (value …)`), or empty. */
  readonly value: string;
  /** The source shape's `sh:name` and `sh:description`. */
  readonly shapeName?: string;
  readonly hint?: string;
}

/**
 * {@link validateShacl} without locating its results: each as a {@link ShaclResult} (`options.locate` is not used).
 */
export async function validateShaclResults(
  data: DatasetCore | Iterable<Quad>,
  shapes: ShapesInput,
  options: Omit<ShaclOptions, "locate"> = {},
): Promise<ShaclResult[]> {
  const { validator, shapes: shapesStore } = compile(shapes);
  const graph = isDatasetCore(data) ? data : new QuadIndex(data);
  // Only a graph made here: a caller's dataset may be validated by another call at the same time.
  if (options.focusNodes && graph !== data) FOCUS.set(graph, options.focusNodes);
  const report = await validator.validate({ dataset: graph });
  const results: ShaclResult[] = [];
  for (const e of report.results) {
    const r = fromEngine(e);
    const focus = r.focusNode;
    if (options.focusNodes && focus && !options.focusNodes.has(focus.value)) continue;
    results.push(resultOf(r, shapesStore));
  }
  return results;
}

function isDatasetCore(d: unknown): d is DatasetCore {
  return typeof d === "object" && d !== null && typeof (d as DatasetCore).match === "function";
}

interface ResultLike {
  message: Term[];
  path: Term | null;
  focusNode: Term | null;
  severity: Term | null;
  sourceConstraintComponent: Term | null;
  sourceShape: Term | null;
  value: Term | null;
}

/** shacl-engine's Result: focus node and value are grapoi pointers, the path a list of steps, the shape an object. */
function fromEngine(e: EngineResult): ResultLike {
  const step = e.path?.length === 1 ? e.path[0] : undefined;
  const simple = step?.quantifier === "one" && step.start === "subject" && step.predicates.length === 1;
  return {
    message: e.message,
    // Only a plain predicate path is named (govlod's shapes use no other); a complex path is reported as none.
    path: simple ? (step.predicates[0] ?? null) : null,
    focusNode: e.focusNode?.term ?? null,
    severity: e.severity ?? null,
    sourceConstraintComponent: e.constraintComponent ?? null,
    sourceShape: e.shape?.ptr.term ?? null,
    value: e.value?.term ?? null,
  };
}

function resultOf(r: ResultLike, shapes: Store): ShaclResult {
  const component = r.sourceConstraintComponent?.value ?? `${SH}UnknownConstraintComponent`;
  const code = localName(component);
  const predicate = r.path?.termType === "NamedNode" ? r.path.value : undefined;
  const focusNode = r.focusNode?.value;
  const shapeName = r.sourceShape ? literalOf(shapes, r.sourceShape, SH_NAME) : undefined;
  const hint = r.sourceShape ? literalOf(shapes, r.sourceShape, SH_DESCRIPTION) : undefined;
  return {
    code,
    ...(predicate ? { predicate } : {}),
    ...(focusNode ? { focusNode } : {}),
    severity: severityOf(r.severity),
    text: pickMessage(r.message) ?? defaultMessage(code),
    value: r.value ? ` (value ${describeTerm(r.value)})` : "",
    ...(shapeName ? { shapeName } : {}),
    ...(hint ? { hint } : {}),
  };
}

/**
 * The {@link Issue} of a SHACL result, located in the content by `locate` (its item, file and field) when given.
 */
export function issueOf(r: ShaclResult, locate?: Locator): Issue {
  const { code, predicate, focusNode, text, value, shapeName } = r;
  const where = focusNode ? locate?.(focusNode, predicate) : undefined;
  // A property no field of the item (of any item, when it is not located) sets cannot be added by editing content:
  // say so instead of "add the missing field".
  const hint =
    r.hint ??
    (predicate && MISSING.has(code) && !contentPredicates(where?.ref).has(predicate)
      ? "no content field sets this property (govlod does not map it yet; data/README.md lists such gaps)"
      : undefined);
  const field = fieldName(where, shapeName);
  const subject = where ? "" : focusNode ? `${compact(focusNode)}: ` : "";
  const prop = predicate ? compact(predicate) : undefined;
  const fieldPart = field ? `field "${field}"${prop ? ` (${prop})` : ""}: ` : prop ? `${prop}: ` : "";
  return {
    source: "shacl",
    code,
    path: predicate ? [predicate] : [],
    message: `${subject}${where && !where.file ? `${where.ref}: ` : ""}${fieldPart}${text}${value}`,
    severity: r.severity,
    ...(focusNode ? { focusNode } : {}),
    ...(where?.file ? { file: where.file } : {}),
    ...(field ? { field } : {}),
    ...(hint ? { hint } : {}),
  };
}

/** The rules a missing value breaks. */
const MISSING = new Set(["MinCountConstraintComponent", "QualifiedMinCountConstraintComponent"]);

const CONTENT_PREDICATES = new Map<string, ReadonlySet<string>>();

/**
 * Every predicate the fields of an item of `ref`'s kind write (nested nodes' too); of every kind's without one. Not
 * what a mapping derives on its own (a ministry's `dct:type`): no field sets it for the other items.
 */
function contentPredicates(ref: string | undefined): ReadonlySet<string> {
  const kind = ref ? parseRef(ref)?.kind : undefined;
  const mapping = kind ? mappingForKind(kind) : undefined;
  const key = mapping?.type ?? "";
  let known = CONTENT_PREDICATES.get(key);
  if (!known) {
    const mappings = mapping ? [mapping] : Object.values(MAPPINGS);
    known = new Set(mappings.flatMap((m) => vocabularyOf(m).map((t) => t.value)));
    CONTENT_PREDICATES.set(key, known);
  }
  return known;
}

/** The field path: the item's field, refined by the nested shape's own field name (`postalAddress.locality`). */
function fieldName(where: Provenance | undefined, shapeName: string | undefined): string | undefined {
  if (!where?.field) return shapeName;
  if (!where.nested || !shapeName || shapeName === where.field) return where.field;
  const last = shapeName.split(".").pop() as string;
  return `${where.field}.${last}`;
}

function severityOf(t: Term | null): IssueSeverity {
  switch (t?.value) {
    case `${SH}Warning`:
      return "warning";
    case `${SH}Info`:
      return "info";
    default:
      return "violation";
  }
}

/** Prefers an English (or untagged) message, then Bokmål, then any. */
function pickMessage(messages: Term[]): string | undefined {
  const lits = messages.filter((m) => m.termType === "Literal") as (Term & { language: string })[];
  const by = (lang: string) => lits.find((m) => m.language.toLowerCase() === lang)?.value;
  return by("en") ?? by("") ?? by("nb") ?? lits[0]?.value;
}

function literalOf(store: Store, subject: Term, predicate: string): string | undefined {
  const lits = store.getObjects(subject as never, predicate, null).filter((t) => t.termType === "Literal");
  return pickMessage(lits);
}

const DEFAULT_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  MinCountConstraintComponent: "a required value is missing",
  MaxCountConstraintComponent: "too many values",
  PatternConstraintComponent: "the value does not have the expected form",
  DatatypeConstraintComponent: "the value has the wrong datatype",
  NodeKindConstraintComponent: "the value is the wrong kind of node (IRI or literal)",
  ClassConstraintComponent: "the value is not of the expected class",
  LanguageInConstraintComponent: "the language tag is not allowed",
  UniqueLangConstraintComponent: "more than one value in the same language",
  InConstraintComponent: "the value is not one of the allowed values",
});

function defaultMessage(code: string): string {
  return DEFAULT_MESSAGES[code] ?? `violates ${code}`;
}

function localName(iri: string): string {
  return iri.replace(/^.*[#/]/, "");
}

/** Writes an IRI as a CURIE with our prefixes when one fits. */
export function compact(iri: string): string {
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(iri.slice(ns.length)))
      return `${prefix}:${iri.slice(ns.length)}`;
  }
  return `<${iri}>`;
}

function describeTerm(t: Term): string {
  if (t.termType === "NamedNode") return compact(t.value);
  if (t.termType === "Literal") {
    const v = t.value.length > 60 ? `${t.value.slice(0, 57)}...` : t.value;
    return JSON.stringify(v);
  }
  return t.value;
}
