/**
 * Node.js adapters of govlod: loading content folders, shapes and the ontology from disk.
 * @module
 */
export { loadContentDir, safeLoadContentDir } from "./load-content.js";
export type { LoadedItem, LoadResult } from "./load-content.js";
export { loadSite } from "./load-site.js";
export { BUNDLED_SHAPES_DIR, loadShapes } from "./load-shapes.js";
export type { LoadShapesOptions } from "./load-shapes.js";
export { documentStates, feedLogPathFor, hashDocumentQuads, readFeedLog, updateFeedLog } from "./feed-log.js";
export {
  FDK_ACCEPTS,
  formatDoctorReport,
  isQNameSplittable,
  MAX_HARVEST_BYTES,
  parseRdf,
  runDoctor,
} from "./doctor.js";
export type { DoctorFinding, DoctorOptions, DoctorReport, DoctorSeverity, Harvester } from "./doctor.js";
