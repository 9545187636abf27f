/**
 * The Express adapter of govlod: a router that serves a site as linked data.
 * @module
 */
export { createLodRouter } from "./router.js";
export type { LodRouterOptions } from "./router.js";
