/**
 * Node.js adapters of govlod: loading content folders, shapes and the ontology from disk.
 * @module
 */

export type {
  EmbeddedEngineOptions,
  ExecuteOptions,
  QueryExecutor,
  QueryLimits,
  QueryOptions,
  SparqlEngine,
} from "../sparql/engine.js";
export {
  createEmbeddedEngine,
  createQueryEngine,
  DEFAULT_QUERY_LIMITS,
  siteQuads,
} from "../sparql/engine.js";
export type { Challenge, Credentials, FetchLike } from "../store/auth.js";
export { createAuthFetch, digestAuthorization, parseChallenges } from "../store/auth.js";
export type { GraphStoreClient, SparqlClient, StoreRequestOptions } from "../store/clients.js";
export { createGraphStoreClient, createSparqlClient } from "../store/clients.js";
export type { Manifest } from "../store/manifest.js";
export { graphHash, manifestGraphIri, readManifest, readManifestVersion } from "../store/manifest.js";
export type { PushOptions, PushReport } from "../store/push.js";
export { pushSite } from "../store/push.js";
export type { NextHandler, SiteSource, StoreSource, StoreSourceOptions } from "../store/source.js";
export { createSiteSwitch, createStoreEngine, createStoreSource } from "../store/source.js";
export type {
  Builder,
  BuildManifest,
  BuildOptions,
  BuildProgress,
  BuildSummary,
  ManifestDocument,
  ManifestFile,
} from "./build.js";
export {
  BUILD_HISTORY_FILES,
  BUILD_META_DIR,
  buildSiblings,
  buildSite,
  CATALOG_PAGES_DIR,
  createBuilder,
  documentFingerprints,
  readBuildManifest,
  recoverOutput,
} from "./build.js";
export { FULL_COLLECTION_MIN_HEAP_BYTES, v8FullCollection } from "./collect-garbage.js";
export type { DoctorFinding, DoctorOptions, DoctorReport, DoctorSeverity, Harvester } from "./doctor.js";
export {
  FDK_ACCEPTS,
  formatDoctorReport,
  isQNameSplittable,
  MAX_HARVEST_BYTES,
  parseRdf,
  runDoctor,
} from "./doctor.js";
export { documentStates, feedLogPathFor, hashDocumentQuads, readFeedLog, updateFeedLog } from "./feed-log.js";
export type { LoadContentOptions, LoadedItem, LoadResult } from "./load-content.js";
export { ContentCache, loadContentDir, safeLoadContentDir } from "./load-content.js";
export type { LoadShapesOptions } from "./load-shapes.js";
export { BUNDLED_SHAPES_DIR, loadShapes } from "./load-shapes.js";
export { type LoadSiteOptions, loadSite } from "./load-site.js";
