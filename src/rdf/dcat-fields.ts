import { DataFactory } from "n3";
import { dcat, dcterms, schema } from "../vocab/index.js";
import { type CodecEnv, date, type FieldMapping, field, fieldList, iri, ref, text } from "./mapping.js";

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
  env.emit(DataFactory.quad(env.subject, dcterms.identifier, DataFactory.literal(env.subject.value)));
}
