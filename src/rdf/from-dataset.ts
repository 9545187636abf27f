import type { DatasetCore, NamedNode, Term } from "@rdfjs/types";
import { DataFactory } from "n3";
import { type Issue, ValidationError } from "../errors.js";
import { KINDS, type Kind } from "../model/common.js";
import type { ContentItem } from "../model/index.js";
import { issuesFromZod } from "../model/parse.js";
import { foaf } from "../vocab/index.js";
import { type CodecEnv, type MappingContext, readFields } from "./mapping.js";
import { mappingForKind } from "./registry.js";
import { normaliseBaseIri, type SiteOptions } from "./to-dataset.js";

/**
 * Reads content items back from RDF with the same declarations that wrote them: every
 * `{base}doc/{kind}/{slug} foaf:primaryTopic <thing>` names one item. Throws {@link ValidationError} when a
 * described item does not satisfy its schema.
 * @example
 * const items = fromDataset(toDataset(items, { baseIri }), { baseIri }); // the same items
 */
export function fromDataset(dataset: DatasetCore, options: SiteOptions = {}): ContentItem[] {
  const baseIri = normaliseBaseIri(options.baseIri);
  const docPrefix = `${baseIri}doc/`;
  const found: { kind: Kind; slug: string; subject: NamedNode }[] = [];
  for (const q of dataset.match(null, foaf.primaryTopic, null)) {
    if (q.subject.termType !== "NamedNode" || q.object.termType !== "NamedNode") continue;
    if (!q.subject.value.startsWith(docPrefix)) continue;
    const [kind, slug, ...rest] = q.subject.value.slice(docPrefix.length).split("/");
    if (rest.length > 0 || !slug || !(KINDS as readonly string[]).includes(kind ?? "")) continue;
    found.push({ kind: kind as Kind, slug, subject: q.object });
  }
  const byIri = new Map(found.map((f) => [f.subject.value, `${f.kind}/${f.slug}`]));
  const ctx: MappingContext = {
    baseIri,
    resolveRef: (ref) => DataFactory.namedNode(ref),
    resolveUrl: (url) => DataFactory.namedNode(url),
    named: (iri) => DataFactory.namedNode(iri),
    literal: (value, languageOrDatatype) => DataFactory.literal(value, languageOrDatatype),
    refOf: (iri) => {
      const known = byIri.get(iri);
      if (known) return known;
      const prefix = `${baseIri}id/`;
      return iri.startsWith(prefix) ? iri.slice(prefix.length) : iri;
    },
  };
  const objects = (s: Term, p: NamedNode) =>
    [...dataset.match(s as NamedNode, p, null)].map((q) => q.object).sort(compareTerms);

  const items: ContentItem[] = [];
  const issues: Issue[] = [];
  for (const f of found.sort((a, b) => `${a.kind}/${a.slug}`.localeCompare(`${b.kind}/${b.slug}`))) {
    const mapping = mappingForKind(f.kind);
    if (!mapping) continue;
    const env: CodecEnv = { ctx, subject: f.subject, emit: () => {}, objects };
    const raw = { type: mapping.type, slug: f.slug, ...readFields(mapping.fields, env) };
    const parsed = mapping.schema.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
    else issues.push(...issuesFromZod(parsed.error, { focusNode: f.subject.value }));
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return items;
}

function compareTerms(a: Term, b: Term): number {
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
