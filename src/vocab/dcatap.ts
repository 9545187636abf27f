import { createVocabulary } from "./namespace.js";

/** The `dcatap:` vocabulary (<http://data.europa.eu/r5r/>). */
export const dcatap = createVocabulary("http://data.europa.eu/r5r/", [
  "applicableLegislation",
  "availability",
] as const);
