import { createVocabulary } from "./namespace.js";

/** The `gov:` vocabulary (<https://w3id.org/govlod/ns#>). */
export const gov = createVocabulary("https://w3id.org/govlod/ns#", [
  "Strategy",
  "Committee",
  "AdvisoryPanel",
  "Ministry",
  "Department",
  "goal",
] as const);
