import { createVocabulary } from "./namespace.js";

/** The `hydra:` vocabulary (<http://www.w3.org/ns/hydra/core#>). */
export const hydra = createVocabulary("http://www.w3.org/ns/hydra/core#", [
  "Collection",
  "PagedCollection",
  "PartialCollectionView",
  "totalItems",
  "member",
  "view",
  "first",
  "last",
  "next",
  "previous",
  "nextPage",
  "previousPage",
  "firstPage",
  "lastPage",
  "itemsPerPage",
] as const);
