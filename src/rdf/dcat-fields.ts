import type { LangString } from "../model/common.js";
import { dcat, dcterms, foaf, rdf, schema, xsd } from "../vocab/index.js";
import { type CodecEnv, date, type FieldMapping, field, fieldList, iri, ref, text } from "./mapping.js";
import { siteQuad } from "./terms.js";

/** Title, description, dates and publisher as DCAT-AP writes them (DCTERMS), with schema.org alongside. */
export function dcatCommonFields(): FieldMapping[] {
  return [
    field("title", [dcterms.title, text()], [schema.name, text()]),
    field("description", [dcterms.description, text()], [schema.description, text()]),
    field("published", [dcterms.issued, date()]),
    field("modified", [dcterms.modified, date()]),
    field("publisher", [dcterms.publisher, ref()], [schema.publisher, ref()]),
    field("contactPoint", [dcat.contactPoint, ref()]),
    field("license", [dcterms.license, iri()], [schema.license, iri()]),
  ];
}

/** Optional themes of a DCAT resource. */
export const themesField = fieldList("themes", [dcat.theme, iri()]);

/** data.europa.eu identifies resources by dct:identifier: every DCAT resource carries its IRI as one. */
export function emitIdentifier(env: CodecEnv): void {
  env.emit(siteQuad(env.subject, dcterms.identifier, env.ctx.literal(env.subject.value)));
}

/** A dataset's identifier for search engines too (Google's Dataset guide recommends `identifier`). */
export function emitDatasetIdentifier(env: CodecEnv): void {
  emitIdentifier(env);
  env.emit(siteQuad(env.subject, schema.identifier, env.ctx.literal(env.subject.value)));
}

/** What {@link emitDatasetIdentifier} writes. */
export const DATASET_IDENTIFIER_VOCABULARY = [dcterms.identifier, schema.identifier] as const;

/** The EU access-right table's "public". */
export const PUBLIC_ACCESS = "http://publications.europa.eu/resource/authority/access-right/PUBLIC";

/**
 * A dataset open to anyone (access rights {@link PUBLIC_ACCESS}) is free to use: `schema:isAccessibleForFree`, which
 * Google's Dataset guide recommends.
 */
export function emitFreeAccess(accessRights: string | undefined, env: CodecEnv): void {
  if (accessRights === PUBLIC_ACCESS)
    env.emit(siteQuad(env.subject, schema.isAccessibleForFree, env.ctx.literal("true", xsd.boolean)));
}

/**
 * Titles of standards a site's data services commonly conform to. DCAT-AP-NO 2.2 requires a `dct:title` on every
 * `dct:conformsTo` value and DCAT-AP 3 types it `dct:Standard`; these are the standards' own published titles.
 */
export const STANDARD_TITLES: Readonly<Record<string, LangString>> = Object.freeze({
  "https://www.w3.org/TR/sparql11-protocol/": { en: "SPARQL 1.1 Protocol" },
  "https://www.w3.org/TR/sparql11-query/": { en: "SPARQL 1.1 Query Language" },
  "https://www.w3.org/TR/sparql11-http-rdf-update/": { en: "SPARQL 1.1 Graph Store HTTP Protocol" },
  "https://www.w3.org/TR/sparql11-service-description/": { en: "SPARQL 1.1 Service Description" },
  "https://www.w3.org/TR/vocab-dcat-3/": { en: "Data Catalog Vocabulary (DCAT) - Version 3" },
  "https://www.w3.org/TR/void/": { en: "Describing Linked Datasets with the VoID Vocabulary" },
  "https://www.w3.org/TR/ldp/": { en: "Linked Data Platform 1.0" },
});

/** Describes the standards a resource conforms to: `dct:Standard`, and the title when {@link STANDARD_TITLES} knows it. */
export function emitStandards(iris: readonly string[] | undefined, env: CodecEnv): void {
  for (const iri of iris ?? []) {
    const standard = env.ctx.named(iri);
    env.emit(siteQuad(standard, rdf.type, dcterms.Standard));
    for (const [lang, title] of Object.entries(STANDARD_TITLES[iri] ?? {})) {
      if (title !== undefined) env.emit(siteQuad(standard, dcterms.title, env.ctx.literal(title, lang)));
    }
  }
}

/** DCAT-AP: the range of `foaf:homepage` is `foaf:Document`. */
export function emitHomepageDocument(url: string | undefined, env: CodecEnv): void {
  if (url) env.emit(siteQuad(env.ctx.named(url), rdf.type, foaf.Document));
}
