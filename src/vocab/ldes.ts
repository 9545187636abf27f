import { createVocabulary } from "./namespace.js";

/** The `ldes:` vocabulary (<https://w3id.org/ldes#>). */
export const ldes = createVocabulary("https://w3id.org/ldes#", [
  "EventStream",
  "timestampPath",
  "versionOfPath",
  "retentionPolicy",
  "LatestVersionSubset",
  "amount",
] as const);
