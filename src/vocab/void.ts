import { createVocabulary } from "./namespace.js";

/** The `void:` vocabulary (exported as `voiD`, since `void` is a keyword) (<http://rdfs.org/ns/void#>). */
export const voiD = createVocabulary("http://rdfs.org/ns/void#", [
  "Dataset",
  "triples",
  "entities",
  "dataDump",
  "sparqlEndpoint",
  "exampleResource",
  "uriSpace",
  "vocabulary",
  "feature",
  "rootResource",
] as const);
