/**
 * Node.js adapters of govlod: loading content folders, shapes and the ontology from disk.
 * @module
 */
export { loadContentDir, safeLoadContentDir } from "./load-content.js";
export type { LoadedItem, LoadResult } from "./load-content.js";
export { loadSite } from "./load-site.js";
export { BUNDLED_SHAPES_DIR, loadShapes } from "./load-shapes.js";
export type { LoadShapesOptions } from "./load-shapes.js";
