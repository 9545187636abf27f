import { createVocabulary } from "./namespace.js";

/** The `foaf:` vocabulary (<http://xmlns.com/foaf/0.1/>). */
export const foaf = createVocabulary("http://xmlns.com/foaf/0.1/", [
  "Agent",
  "Organization",
  "Document",
  "name",
  "homepage",
  "page",
  "primaryTopic",
  "isPrimaryTopicOf",
] as const);
