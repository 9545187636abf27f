import type {
  DefaultGraph,
  Literal,
  NamedNode,
  Quad,
  Quad_Object,
  Quad_Predicate,
  Quad_Subject,
  Term,
} from "@rdfjs/types";
import { DataFactory } from "n3";

const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/**
 * An RDF/JS literal that holds its text, language and datatype as they were given. N3's literal keeps one string,
 * its N-Triples form (`"text"@nb`), made by copying the text, and cuts the parts out of it on every read (`value`,
 * `language` and `datatype` are new objects each time); a site's literals are read by every writer of every format.
 * This one shares the text with the content it came from and reads in constant time. Equal to N3's literal of the
 * same parts, both ways ({@link SiteLiteral.equals}, and N3's `equals` compares the parts of a literal it did not
 * make).
 */
export class SiteLiteral implements Literal {
  readonly value: string;
  /** Lower case, as N3 gives it; empty without one. */
  readonly language: string;
  /** `rdf:langString` with a language, else the datatype given or `xsd:string`. */
  readonly datatype: NamedNode;

  constructor(value: string, language: string, datatype: NamedNode) {
    this.value = value;
    this.language = language;
    this.datatype = datatype;
  }

  get termType(): "Literal" {
    return "Literal";
  }

  /** No base direction (RDF 1.2): the content has none. */
  get direction(): "" {
    return "";
  }

  equals(other: Term | null | undefined): boolean {
    if (other === this) return true;
    if (other?.termType !== "Literal") return false;
    return (
      other.value === this.value &&
      other.language === this.language &&
      !other.direction &&
      other.datatype.value === this.datatype.value
    );
  }
}

/**
 * Makes {@link SiteLiteral}s, one object per text, language and datatype: `literal(value, languageOrDatatype)` as
 * N3's `DataFactory.literal` takes them (a string is a language, a named node a datatype, neither `xsd:string`).
 * The literals are found by their text in one table per language or datatype, so no key is built from the text.
 */
export function siteLiterals(): (value: string, languageOrDatatype?: string | NamedNode) => Literal {
  const datatypes = new Map<string, NamedNode>();
  const datatypeOf = (iri: string) => {
    let term = datatypes.get(iri);
    if (!term) {
      term = DataFactory.namedNode(iri);
      datatypes.set(iri, term);
    }
    return term;
  };
  // Per language (`@nb`) or datatype IRI: the literals by their text.
  const tables = new Map<string, Map<string, SiteLiteral>>();
  return (value, languageOrDatatype) => {
    const language = typeof languageOrDatatype === "string" ? languageOrDatatype.toLowerCase() : "";
    const datatype = language
      ? RDF_LANG_STRING
      : typeof languageOrDatatype === "object"
        ? languageOrDatatype.value
        : XSD_STRING;
    const key = language ? `@${language}` : datatype;
    let table = tables.get(key);
    if (!table) {
      table = new Map();
      tables.set(key, table);
    }
    let term = table.get(value);
    if (!term) {
      term = new SiteLiteral(value, language, datatypeOf(datatype));
      table.set(value, term);
    }
    return term;
  };
}

const DEFAULT_GRAPH = DataFactory.defaultGraph();

/**
 * The same text as one flat string. V8 keeps a string made by concatenation (an IRI from the base, the kind and the
 * slug) as a chain of its pieces, 32 bytes a link, for as long as it lives; a site keeps hundreds of thousands of
 * IRIs for the whole build. A JSON round trip gives every string back unchanged, lone surrogates too.
 */
export function flatText(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * An RDF/JS quad in the default graph, as a site's documents hold theirs: its subject, predicate and object as
 * fields (N3's quad also keeps an `id` and a graph per quad: a third more memory; a large site has millions). Equal
 * to N3's quad of the same terms, both ways.
 */
export class SiteQuad implements Quad {
  readonly subject: Quad_Subject;
  readonly predicate: Quad_Predicate;
  readonly object: Quad_Object;

  constructor(subject: Quad_Subject, predicate: Quad_Predicate, object: Quad_Object) {
    this.subject = subject;
    this.predicate = predicate;
    this.object = object;
  }

  get termType(): "Quad" {
    return "Quad";
  }

  get value(): "" {
    return "";
  }

  /** Always the default graph. */
  get graph(): DefaultGraph {
    return DEFAULT_GRAPH;
  }

  equals(other: Term | null | undefined): boolean {
    if (other === this) return true;
    if (other?.termType !== "Quad") return false;
    return (
      other.subject.equals(this.subject) &&
      other.predicate.equals(this.predicate) &&
      other.object.equals(this.object) &&
      other.graph.termType === "DefaultGraph"
    );
  }
}

/** A triple of a site's document, in the default graph ({@link SiteQuad}). */
export function siteQuad(subject: Quad_Subject, predicate: Quad_Predicate, object: Quad_Object): Quad {
  return new SiteQuad(subject, predicate, object);
}
