import { createVocabulary } from "./namespace.js";

/** The `adms:` vocabulary (<http://www.w3.org/ns/adms#>). */
export const adms = createVocabulary("http://www.w3.org/ns/adms#", [
  "identifier",
  "Identifier",
  "status",
  "versionNotes",
] as const);
