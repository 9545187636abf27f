/**
 * The Express adapter of govlod: a router that serves a site as linked data.
 * @module
 */

export type { ErrorBody, OnError } from "./error-handler.js";
export { createErrorHandler, LOD_ERROR_STATUS, sendError, statusOf } from "./error-handler.js";
export type { FeedRoutesOptions } from "./feed.js";
export { createFeedRoutes } from "./feed.js";
export type { LodRouterOptions } from "./router.js";
export { createLodRouter } from "./router.js";
export type { SparqlRouteOptions } from "./sparql.js";
export { createSparqlRouter } from "./sparql.js";
