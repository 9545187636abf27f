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
  export class Validator {
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
