import { createVocabulary } from "./namespace.js";

/** The `skos:` vocabulary (<http://www.w3.org/2004/02/skos/core#>). */
export const skos = createVocabulary("http://www.w3.org/2004/02/skos/core#", [
  "Concept",
  "ConceptScheme",
  "prefLabel",
  "altLabel",
  "definition",
  "note",
  "scopeNote",
  "inScheme",
  "hasTopConcept",
  "topConceptOf",
  "exactMatch",
  "closeMatch",
  "broadMatch",
  "broader",
  "narrower",
  "related",
  "notation",
] as const);
