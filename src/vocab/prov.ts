import { createVocabulary } from "./namespace.js";

/** The `prov:` vocabulary (<http://www.w3.org/ns/prov#>). */
export const prov = createVocabulary("http://www.w3.org/ns/prov#", [
  "Entity",
  "wasAttributedTo",
  "generatedAtTime",
  "qualifiedAttribution",
  "Attribution",
  "agent",
  "hadRole",
] as const);
