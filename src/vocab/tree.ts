import { createVocabulary } from "./namespace.js";

/** The `tree:` vocabulary (<https://w3id.org/tree#>). */
export const tree = createVocabulary("https://w3id.org/tree#", [
  "Node",
  "Relation",
  "GreaterThanOrEqualToRelation",
  "LessThanRelation",
  "relation",
  "node",
  "path",
  "value",
  "member",
  "view",
  "shape",
] as const);
