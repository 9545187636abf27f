import type { DataService } from "../model/data-service.js";
import { DataServiceSchema } from "../model/data-service.js";
import { dcat, dcterms, schema } from "../vocab/index.js";
import { dcatCommonFields, emitIdentifier, emitStandards, themesField } from "./dcat-fields.js";
import { defineMapping, field, fieldList, iri, ref, siteUrl } from "./mapping.js";

/** A DCAT data service (the linked-data API, the SPARQL endpoint); also schema:WebAPI. */
export const dataServiceMapping = defineMapping<DataService>({
  type: "DataService",
  schema: DataServiceSchema,
  kinds: ["service"],
  classes: [dcat.DataService, schema.WebAPI],
  fields: [
    // A schema:WebAPI is a Service, not a CreativeWork: its publisher is its provider, and its licence the terms of
    // its use (schema.org has no publisher or license for a Service).
    ...dcatCommonFields().map((f) =>
      f.field === "publisher"
        ? field("publisher", [dcterms.publisher, ref()], [schema.provider, ref()])
        : f.field === "license"
          ? field("license", [dcterms.license, iri()], [schema.termsOfService, iri()])
          : f,
    ),
    field("url", [dcat.landingPage, iri()], [schema.url, iri()]),
    field("endpointUrl", [dcat.endpointURL, siteUrl()]),
    field("endpointDescription", [dcat.endpointDescription, siteUrl()]),
    fieldList("servesDatasets", [dcat.servesDataset, ref()]),
    fieldList("conformsTo", [dcterms.conformsTo, iri()]),
    themesField,
  ],
  derivedVocabulary: [dcterms.identifier, dcterms.Standard, dcterms.title],
  derived: (item, env) => {
    emitIdentifier(env);
    emitStandards(item.conformsTo, env);
  },
});
