import type { PolicyArea } from "../model/policy-area.js";
import { PolicyAreaSchema } from "../model/policy-area.js";
import { dcterms, gov, schema, skos } from "../vocab/index.js";
import { date, defineMapping, field, fieldList, iri, ref, schemaDate, text } from "./mapping.js";

/** Policy area: a skos:Concept and schema:DefinedTerm; its page is a schema:CollectionPage (DESIGN §2). */
export const policyAreaMapping = defineMapping<PolicyArea>({
  type: "PolicyArea",
  schema: PolicyAreaSchema,
  kinds: ["policy-area"],
  classes: [skos.Concept, schema.DefinedTerm],
  pageClass: schema.CollectionPage,
  fields: [
    field("title", [skos.prefLabel, text()], [schema.name, text()], [dcterms.title, text()]),
    field(
      "description",
      [skos.definition, text()],
      [schema.description, text()],
      [dcterms.description, text()],
    ),
    // The goal sentence reaches the pages' JSON-LD too (DESIGN §1): schema.org's short text that tells this
    // policy area from others (a subproperty of description).
    field("goal", [gov.goal, text()], [schema.disambiguatingDescription, text()]),
    field("published", [dcterms.issued, date()], [schema.datePublished, schemaDate()]),
    field("modified", [dcterms.modified, date()], [schema.dateModified, schemaDate()]),
    field("url", [schema.url, iri()]),
    field("publisher", [dcterms.publisher, ref()]),
    field("contactPoint", [schema.contactPoint, ref()]),
    fieldList("exactMatch", [skos.exactMatch, iri()]),
    fieldList("closeMatch", [skos.closeMatch, iri()]),
  ],
});
