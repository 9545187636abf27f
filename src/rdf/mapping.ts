import type { Literal, NamedNode, Quad, Term } from "@rdfjs/types";
import type { z } from "zod";
import {
  isDateTime,
  type Kind,
  LANGUAGES,
  type LangString,
  type LangStringList,
  parseRef,
} from "../model/common.js";
import type { ContentItem, ContentType } from "../model/index.js";
import { rdf, schema, xsd } from "../vocab/index.js";
import { siteQuad } from "./terms.js";

/**
 * What a mapping needs to know about the site: its base IRI, and how references resolve to IRIs
 * (organisations with an organisation number use their national agent IRI, not ours).
 */
export interface MappingContext {
  /** The site's base IRI, ending in `/`. */
  readonly baseIri: string;
  /** The IRI of the thing a `"kind/slug"` reference or absolute IRI names. */
  resolveRef(ref: string): NamedNode;
  /** Resolves a site path such as `/dump.nq` against the base IRI; absolute IRIs pass through. */
  resolveUrl(url: string): NamedNode;
  /** The reference (`"kind/slug"`) for a thing IRI, or the IRI itself when it is not ours. */
  refOf(iri: string): string;
  /**
   * The named node of an IRI: one object per IRI for the whole site (a site names its things from many documents;
   * one term each instead of one per triple keeps a large site's memory down).
   */
  named(iri: string): NamedNode;
  /**
   * A literal (arguments as `DataFactory.literal`), one object per value, language and datatype for the whole site
   * (a `SiteLiteral`: its text shared with the content, its parts read without parsing).
   */
  literal(value: string, languageOrDatatype?: string | NamedNode): Literal;
}

/** Where a codec writes and reads: the subject, the field and a sink for nested nodes. */
export interface CodecEnv {
  readonly ctx: MappingContext;
  readonly subject: NamedNode;
  /** Adds a triple that belongs to the item (nested nodes). */
  emit(q: Quad): void;
  /** All objects of `subject predicate ?o` in the graph being read. */
  objects(subject: Term, predicate: NamedNode): Term[];
}

/** What a codec writes: IRIs and literals only, never blank nodes (DESIGN §3). */
export type ObjectTerm = NamedNode | Literal;

/** Converts one model value to RDF terms and back. */
export interface Codec<V = unknown> {
  write(value: V, env: CodecEnv): ObjectTerm[];
  /** Marks codecs whose values are references to other content, so loaders can check they resolve. */
  readonly isReference?: boolean;
  /**
   * IRIs (classes and predicates) the codec writes besides the field's own predicate, e.g. a nested node's
   * classes and fields, so vocabulary-driven code (the generated schema.org context) can see them.
   */
  readonly vocabulary?: readonly NamedNode[];
  /** Reads the value back from the terms; `undefined` when nothing usable is there. */
  read(terms: Term[], env: CodecEnv): V | undefined;
}

/** One predicate a field is written to, with the codec for its objects. */
export interface Emission {
  readonly predicate: NamedNode;
  readonly codec: Codec;
}

/** How one model field becomes triples: the first emission is canonical and is the one read back. */
export interface FieldMapping {
  readonly field: string;
  /** The field holds an array; each element is written with the codec. */
  readonly many: boolean;
  readonly emissions: readonly Emission[];
  /** References in this field form a hierarchy (parent, parts) that must not loop. */
  readonly hierarchical?: boolean;
}

/** A declarative mapping of one content type to RDF, used in both directions. */
export interface ContentMapping<T extends ContentItem = ContentItem> {
  /** The model's discriminator. */
  readonly type: T["type"];
  /** The zod schema that validates items read back. */
  readonly schema: z.ZodType<T>;
  /** Kinds this type lives under in IRIs; the first is the default. */
  readonly kinds: readonly Kind[];
  /** Picks the kind of a given item (defaults to the first kind). */
  readonly kindOf?: (item: T) => Kind;
  /** The thing's IRI (defaults to `{base}id/{kind}/{slug}`). */
  readonly subjectOf?: (item: T, ctx: MappingContext) => string | undefined;
  /** Classes every item has. */
  readonly classes: readonly NamedNode[];
  /** Classes an item has only when a condition holds (a report with files is also a dcat:Dataset). */
  readonly conditionalClasses?: readonly { when: (item: T) => boolean; classes: readonly NamedNode[] }[];
  /** The schema.org class of the item's page (WebPage unless set). */
  readonly pageClass?: NamedNode;
  readonly fields: readonly FieldMapping[];
  /** Triples derived from the item that are not read back (identifiers, constants). */
  readonly derived?: (item: T, env: CodecEnv) => void;
  /** IRIs (classes and predicates) that `derived` may write. */
  readonly derivedVocabulary?: readonly NamedNode[];
}

/** Declares a field's predicates: `field("title", [schema.name, text()], [dcterms.title, text()])`. */
export function field(name: string, ...emissions: [NamedNode, Codec][]): FieldMapping {
  return {
    field: name,
    many: false,
    emissions: emissions.map(([predicate, codec]) => ({ predicate, codec })),
  };
}

/** Like {@link field} for array-valued fields. */
export function fieldList(name: string, ...emissions: [NamedNode, Codec][]): FieldMapping {
  return { ...field(name, ...emissions), many: true };
}

/** Marks a reference field as a hierarchy that must not contain cycles. */
export function hierarchical(f: FieldMapping): FieldMapping {
  return { ...f, hierarchical: true };
}

/** A reference found in an item: its field path and value. */
export interface FoundReference {
  path: (string | number)[];
  ref: string;
  hierarchical: boolean;
}

/** Lists the references an item makes, from its mapping's reference fields. */
export function referencesOf(mapping: ContentMapping, item: ContentItem): FoundReference[] {
  const out: FoundReference[] = [];
  const record = item as unknown as Record<string, unknown>;
  for (const f of mapping.fields) {
    if (!f.emissions.some((e) => e.codec.isReference)) continue;
    const v = record[f.field];
    if (v === undefined) continue;
    const hierarchical = f.hierarchical === true;
    if (f.many) {
      for (const [i, ref] of (v as string[]).entries()) out.push({ path: [f.field, i], ref, hierarchical });
    } else out.push({ path: [f.field], ref: v as string, hierarchical });
  }
  return out;
}

/** Identity helper that keeps the item type for a mapping declaration. */
export function defineMapping<T extends ContentItem>(mapping: ContentMapping<T>): ContentMapping<T> {
  return mapping;
}

// ---------------------------------------------------------------------------------------------
// Codecs

const isLiteral = (t: Term): t is Literal => t.termType === "Literal";
const isNamed = (t: Term): t is NamedNode => t.termType === "NamedNode";

/** Language-tagged text in nb/nn/en. */
export function text(): Codec<LangString> {
  return {
    write: (value, env) =>
      LANGUAGES.flatMap((lang) =>
        value[lang] === undefined ? [] : [env.ctx.literal(value[lang] as string, lang)],
      ),
    read: (terms) => {
      const out: Record<string, string> = {};
      for (const t of terms) {
        if (!isLiteral(t)) continue;
        const lang = t.language.toLowerCase();
        if ((LANGUAGES as readonly string[]).includes(lang) && out[lang] === undefined) out[lang] = t.value;
      }
      return Object.keys(out).length > 0 ? (out as LangString) : undefined;
    },
  };
}

/** Several language-tagged words per language (keywords). */
export function textList(): Codec<LangStringList> {
  return {
    write: (value, env) =>
      LANGUAGES.flatMap((lang) => (value[lang] ?? []).map((word) => env.ctx.literal(word, lang))),
    read: (terms) => {
      const out: Record<string, string[]> = {};
      for (const t of terms) {
        if (!isLiteral(t)) continue;
        const lang = t.language.toLowerCase();
        if (!(LANGUAGES as readonly string[]).includes(lang)) continue;
        const words = out[lang] ?? [];
        words.push(t.value);
        out[lang] = words;
      }
      return Object.keys(out).length > 0 ? (out as LangStringList) : undefined;
    },
  };
}

/** A plain string literal (xsd:string), or another datatype when given. */
export function plain(datatype?: NamedNode): Codec<string> {
  return {
    write: (value, env) => [env.ctx.literal(value, datatype)],
    read: (terms) => terms.find(isLiteral)?.value,
  };
}

/** A zoned date-time (`xsd:dateTime`) or date (`xsd:date`), for DCTERMS and DCAT. */
export function date(): Codec<string> {
  return {
    write: (value, env) => [env.ctx.literal(value, isDateTime(value) ? xsd.dateTime : xsd.date)],
    read: (terms) => terms.find(isLiteral)?.value,
  };
}

/**
 * A date for schema.org predicates, typed `schema:Date`: the official schema.org JSON-LD context gives a plain
 * `datePublished` string that datatype, so the JSON-LD embedded in a page and the Turtle are one graph (DESIGN §2).
 */
export function schemaDate(): Codec<string> {
  return {
    write: (value, env) => [env.ctx.literal(value, schema.Date)],
    read: (terms) => terms.find(isLiteral)?.value,
  };
}

/**
 * A reference to other content (`"kind/slug"`) or an external IRI; with `kinds`, written only for items of those
 * kinds (a schema.org property whose range some referenced items are not).
 */
export function ref(kinds?: readonly Kind[]): Codec<string> {
  return {
    isReference: true,
    // With `kinds`, a reference to an item of another kind is not written (an absolute IRI always is).
    write: (value, env) => {
      const kind = kinds ? parseRef(value)?.kind : undefined;
      return kind && !kinds?.includes(kind) ? [] : [env.ctx.resolveRef(value)];
    },
    read: (terms, env) => {
      const t = terms.find(isNamed);
      return t ? env.ctx.refOf(t.value) : undefined;
    },
  };
}

/** An absolute IRI written as a named node. */
export function iri(): Codec<string> {
  return {
    write: (value, env) => [env.ctx.named(value)],
    read: (terms) => terms.find(isNamed)?.value,
  };
}

/** A site URL (`/dump.nq` or absolute) written as an absolute named node, read back relative when ours. */
export function siteUrl(): Codec<string> {
  return {
    write: (value, env) => [env.ctx.resolveUrl(value)],
    read: (terms, env) => {
      const t = terms.find(isNamed);
      if (!t) return undefined;
      return t.value.startsWith(env.ctx.baseIri) ? `/${t.value.slice(env.ctx.baseIri.length)}` : t.value;
    },
  };
}

/** A value written as an IRI with a prefix (`tel:`, `mailto:`, an IANA media-type IRI). */
export function prefixedIri(prefix: string, encode: (v: string) => string = (v) => v): Codec<string> {
  return {
    write: (value, env) => [env.ctx.named(prefix + encode(value))],
    read: () => undefined,
  };
}

/** An enum value written as one or more classes (rdf:type); read back from the first class of each. */
export function enumClasses<V extends string>(table: Readonly<Record<V, readonly NamedNode[]>>): Codec<V> {
  return {
    vocabulary: Object.values<readonly NamedNode[]>(table).flat(),
    write: (value) => [...table[value]],
    read: (terms) => {
      const iris = new Set(terms.filter(isNamed).map((t) => t.value));
      for (const [v, classes] of Object.entries(table) as [V, readonly NamedNode[]][]) {
        if (classes[0] && iris.has(classes[0].value)) return v;
      }
      return undefined;
    },
  };
}

/** The shape of a nested node: its classes and fields, read and written like an item's. */
export interface NodeMapping {
  readonly classes: readonly NamedNode[];
  readonly fields: readonly FieldMapping[];
}

/**
 * A nested object written as its own node. Its IRI is the subject's IRI with a fragment
 * (`…/contact-point/x#postal-address`), or what `iriOf` returns: never a blank node.
 */
export function node(
  mapping: NodeMapping,
  iriOf: string | ((value: Record<string, unknown>, env: CodecEnv) => string),
): Codec<Record<string, unknown>> {
  const make = (value: Record<string, unknown>, env: CodecEnv) =>
    env.ctx.named(typeof iriOf === "string" ? `${env.subject.value}#${iriOf}` : iriOf(value, env));
  return {
    vocabulary: vocabularyOf(mapping),
    write: (value, env) => {
      const subject = make(value, env);
      writeNode(mapping.classes, mapping.fields, value, { ...env, subject });
      return [subject];
    },
    read: (terms, env) => {
      const t = terms.find(isNamed);
      return t ? readFields(mapping.fields, { ...env, subject: t }) : undefined;
    },
  };
}

/** Every IRI a node mapping writes: its classes, its fields' predicates and what their codecs write. */
export function vocabularyOf(mapping: NodeMapping): NamedNode[] {
  return [
    ...mapping.classes,
    ...mapping.fields.flatMap((f) =>
      f.emissions.flatMap((e) => [e.predicate, ...(e.codec.vocabulary ?? [])]),
    ),
  ];
}

/** Writes classes and fields of one node. */
export function writeNode(
  classes: readonly NamedNode[],
  fields: readonly FieldMapping[],
  value: Record<string, unknown>,
  env: CodecEnv,
): void {
  for (const c of classes) env.emit(siteQuad(env.subject, rdf.type, c));
  for (const f of fields) {
    const v = value[f.field];
    if (v === undefined) continue;
    const values = f.many ? (v as unknown[]) : [v];
    for (const e of f.emissions) {
      for (const one of values)
        for (const o of e.codec.write(one, env)) env.emit(siteQuad(env.subject, e.predicate, o));
    }
  }
}

/** Reads the fields of one node from their canonical (first) predicate. */
export function readFields(fields: readonly FieldMapping[], env: CodecEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const first = f.emissions[0];
    if (!first) continue;
    const objects = env.objects(env.subject, first.predicate);
    if (objects.length === 0) continue;
    if (f.many) {
      const values = objects
        .map((o) => first.codec.read([o], env))
        .filter((v): v is NonNullable<typeof v> => v !== undefined);
      if (values.length > 0) out[f.field] = values;
    } else {
      const v = first.codec.read(objects, env);
      if (v !== undefined) out[f.field] = v;
    }
  }
  return out;
}

/** The kind an item lives under. */
export function kindOfItem(mapping: ContentMapping, item: ContentItem): Kind {
  return mapping.kindOf?.(item) ?? (mapping.kinds[0] as Kind);
}

/** The content types by discriminator. */
export type MappingRegistry = Readonly<Record<ContentType, ContentMapping>>;
