import type { Dataset } from "../model/dataset.js";
import { DatasetSchema } from "../model/dataset.js";
import { dcat, dcterms, schema } from "../vocab/index.js";
import {
  DATASET_IDENTIFIER_VOCABULARY,
  dcatCommonFields,
  emitDatasetIdentifier,
  emitFreeAccess,
  themesField,
} from "./dcat-fields.js";
import { defineMapping, field, fieldList, iri, ref, textList } from "./mapping.js";

/** A DCAT dataset (also schema:Dataset). */
export const datasetMapping = defineMapping<Dataset>({
  type: "Dataset",
  schema: DatasetSchema,
  kinds: ["dataset"],
  classes: [dcat.Dataset, schema.Dataset],
  fields: [
    ...dcatCommonFields(),
    field("url", [dcat.landingPage, iri()], [schema.url, iri()]),
    themesField,
    field("keywords", [dcat.keyword, textList()], [schema.keywords, textList()]),
    fieldList("distributions", [dcat.distribution, ref()], [schema.distribution, ref()]),
    field("accessRights", [dcterms.accessRights, iri()]),
    fieldList("languages", [dcterms.language, iri()]),
    fieldList("policyAreas", [dcterms.subject, ref()], [schema.about, ref()]),
  ],
  derivedVocabulary: [...DATASET_IDENTIFIER_VOCABULARY, schema.isAccessibleForFree],
  derived: (item, env) => {
    emitDatasetIdentifier(env);
    emitFreeAccess(item.accessRights, env);
  },
});
