import { createVocabulary } from "./namespace.js";

/** The `owl:` vocabulary (<http://www.w3.org/2002/07/owl#>). */
export const owl = createVocabulary("http://www.w3.org/2002/07/owl#", [
  "sameAs",
  "Ontology",
  "Class",
  "ObjectProperty",
  "DatatypeProperty",
] as const);
