import type { DatasetCore, Quad, Term } from "@rdfjs/types";
import { distinctQuads, termKey } from "../serialize/quad-order.js";

function add(map: Map<string, Quad[]>, key: string, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q);
  else map.set(key, [q]);
}

function matches(q: Quad, s: Term | null, p: Term | null, o: Term | null, g: Term | null): boolean {
  return (
    (!s || q.subject.equals(s)) &&
    (!p || q.predicate.equals(p)) &&
    (!o || q.object.equals(o)) &&
    (!g || q.graph.equals(g))
  );
}

/**
 * A read-only RDF/JS dataset of quads for SHACL validation (`validateShacl`): a set (each quad once), with
 * `match` served from indexes by subject and by object, made when first asked for. What validating a document's
 * graph asks is its subjects' values, and by type or value for targets and inverse paths; an N3 `Store` built for
 * each batch (three nested indexes and an id per term) was a third of the validation's time and much of its
 * garbage at 100 000 items. The results of `match` are of this class too, indexed only if they are matched again.
 * `add` and `delete` throw: nothing in validation changes its data graph.
 */
export class QuadIndex implements DatasetCore<Quad> {
  readonly #quads: readonly Quad[];
  #bySubject: Map<string, Quad[]> | undefined;
  #byObject: Map<string, Quad[]> | undefined;

  /** @param quads the quads; repeats of one are kept once (`distinct`: the caller knows there are none). */
  constructor(quads: Iterable<Quad>, distinct = false) {
    if (distinct) {
      this.#quads = [...quads];
      return;
    }
    // Grouped by subject as they come: the index `match` asks most.
    const { quads: out, bySubject } = distinctQuads(quads);
    this.#quads = out;
    this.#bySubject = bySubject;
  }

  get size(): number {
    return this.#quads.length;
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.#quads[Symbol.iterator]();
  }

  has(quad: Quad): boolean {
    return this.#candidates(quad.subject, quad.object).some((q) =>
      matches(q, quad.subject, quad.predicate, quad.object, quad.graph),
    );
  }

  match(
    subject?: Term | null,
    predicate?: Term | null,
    object?: Term | null,
    graph?: Term | null,
  ): QuadIndex {
    const s = subject ?? null;
    const p = predicate ?? null;
    const o = object ?? null;
    const g = graph ?? null;
    if (!s && !p && !o && !g) return this;
    const found = this.#candidates(s, o).filter((q) => matches(q, s, p, o, g));
    return new QuadIndex(found, true);
  }

  add(): this {
    throw new Error("A QuadIndex is read-only");
  }

  delete(): this {
    throw new Error("A QuadIndex is read-only");
  }

  /**
   * The quads that can match a subject or an object: from the index of the one given, else all. Objects are
   * indexed when they are nodes (what targets and inverse paths ask for): a literal's key is costly to make.
   */
  #candidates(s: Term | null, o: Term | null): readonly Quad[] {
    if (s) {
      if (!this.#bySubject) {
        this.#bySubject = new Map();
        for (const q of this.#quads) add(this.#bySubject, termKey(q.subject), q);
      }
      return this.#bySubject.get(termKey(s)) ?? [];
    }
    if (o && o.termType !== "Literal") {
      if (!this.#byObject) {
        this.#byObject = new Map();
        for (const q of this.#quads)
          if (q.object.termType !== "Literal") add(this.#byObject, termKey(q.object), q);
      }
      return this.#byObject.get(termKey(o)) ?? [];
    }
    return this.#quads;
  }
}
