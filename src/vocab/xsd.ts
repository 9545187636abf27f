import { createVocabulary } from "./namespace.js";

/** The `xsd:` vocabulary (<http://www.w3.org/2001/XMLSchema#>). */
export const xsd = createVocabulary("http://www.w3.org/2001/XMLSchema#", [
  "string",
  "date",
  "dateTime",
  "integer",
  "nonNegativeInteger",
  "decimal",
  "boolean",
  "anyURI",
  "gYear",
  "duration",
] as const);
