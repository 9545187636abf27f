// shacl-engine ships no types: the part govlod uses.
declare module "shacl-engine" {
  import type { DataFactory, DatasetCore, Quad, Term } from "@rdfjs/types";
  export interface EnginePathStep {
    start: "subject" | "object";
    end: "subject" | "object";
    quantifier: "one" | "zeroOrOne" | "zeroOrMore" | "oneOrMore";
    predicates: Term[];
  }
  export interface EngineResult {
    focusNode: { term: Term } | undefined;
    path: EnginePathStep[] | null | undefined;
    constraintComponent: Term;
    severity: Term;
    message: Term[];
    shape: { ptr: { term: Term } };
    value: { term: Term } | undefined;
    results: EngineResult[];
  }
  export interface EngineReport {
    conforms: boolean;
    results: EngineResult[];
  }
  /** A pointer list of grapoi (the engine's focus nodes and targets): the part govlod uses. */
  export interface EnginePointers extends Iterable<EnginePointers> {
    readonly term: Term | undefined;
    readonly dataset: DatasetCore | null;
    /** The pointers themselves (each with its dataset) and the factory: what a list is made from. */
    readonly ptrs: readonly { readonly dataset: DatasetCore | null }[];
    readonly factory: unknown;
    filter(keep: (ptr: EnginePointers) => boolean): EnginePointers;
  }
  /** One compiled shape (internal to the engine; govlod narrows its targets, see validate/shacl.ts). */
  export interface EngineShape {
    resolveTargets(context: { focusNode: EnginePointers }): Promise<EnginePointers>;
  }
  export class Validator {
    /** Every shape compiled so far, by its node (a TermMap). */
    readonly shapes: { values(): IterableIterator<EngineShape> };
    /** The compiled shape of a shapes-graph pointer, created on first use. */
    shape(ptr: unknown): EngineShape | null;
    constructor(
      shapes: DatasetCore,
      options: {
        factory: DataFactory & { dataset(quads?: Quad[]): DatasetCore };
        debug?: boolean;
        details?: boolean;
      },
    );
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }, shapes?: unknown): Promise<EngineReport>;
  }
}
