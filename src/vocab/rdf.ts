import { createVocabulary } from "./namespace.js";

/** The `rdf:` vocabulary (<http://www.w3.org/1999/02/22-rdf-syntax-ns#>). */
export const rdf = createVocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#", [
  "type",
  "langString",
  "first",
  "rest",
  "nil",
  "Property",
] as const);
