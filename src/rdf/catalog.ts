import type { Catalog } from "../model/catalog.js";
import { CatalogSchema } from "../model/catalog.js";
import { dcat, dcterms, foaf, schema } from "../vocab/index.js";
import { dcatCommonFields, emitHomepageDocument, emitIdentifier } from "./dcat-fields.js";
import { defineMapping, field, fieldList, iri, ref } from "./mapping.js";

/** The site's catalog: dcat:Catalog and schema:DataCatalog. */
export const catalogMapping = defineMapping<Catalog>({
  type: "Catalog",
  schema: CatalogSchema,
  kinds: ["catalog"],
  classes: [dcat.Catalog, schema.DataCatalog],
  fields: [
    ...dcatCommonFields(),
    field("url", [foaf.homepage, iri()], [schema.url, iri()]),
    fieldList("languages", [dcterms.language, iri()]),
    fieldList("themeTaxonomies", [dcat.themeTaxonomy, iri()]),
    // DCAT lists every dataset, reports with distributions too; schema:dataset (range Dataset) only the datasets,
    // so that a report is not a Dataset for search engines.
    fieldList("datasets", [dcat.dataset, ref()], [schema.dataset, ref(["dataset"])]),
    fieldList("services", [dcat.service, ref()]),
  ],
  derivedVocabulary: [dcterms.identifier, foaf.Document],
  derived: (item, env) => {
    emitIdentifier(env);
    emitHomepageDocument(item.url, env);
  },
});
