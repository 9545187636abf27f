import { createVocabulary } from "./namespace.js";

/** The `rdfs:` vocabulary (<http://www.w3.org/2000/01/rdf-schema#>). */
export const rdfs = createVocabulary("http://www.w3.org/2000/01/rdf-schema#", [
  "label",
  "comment",
  "subClassOf",
  "subPropertyOf",
  "seeAlso",
  "isDefinedBy",
  "Class",
  "Literal",
] as const);
