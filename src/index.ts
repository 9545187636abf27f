/**
 * govlod: publish a government's web content as linked open data. This entry is pure (no Node.js I/O, no
 * Express): the content model, the RDF mapping, serializers and negotiation.
 * @module
 */

export type { Issue, IssueSeverity, IssueSource, LodErrorCode } from "./errors.js";
export {
  formatIssue,
  IoError,
  isLodError,
  LodError,
  NotAcceptableError,
  NotFoundError,
  ParseError,
  ValidationError,
} from "./errors.js";
export type { DocumentState, FeedEvent, FeedOperation } from "./feed/events.js";
export { diffDocuments, initialEvents, latestVersions } from "./feed/events.js";
export type { FeedOptions, FeedView } from "./feed/ldes.js";
export {
  DEFAULT_FEED_PAGE_SIZE,
  DEFAULT_FEED_RETENTION,
  durationBefore,
  feedIris,
  feedMember,
  feedPage,
  feedRoot,
  memberQuads,
} from "./feed/ldes.js";
export type { Catalog, CatalogInput } from "./model/catalog.js";
export { CatalogSchema } from "./model/catalog.js";
export type { Kind, LangString, Language } from "./model/common.js";
export {
  DateLikeSchema,
  IriSchema,
  isZonedDate,
  KINDS,
  LANGUAGES,
  LangStringSchema,
  parseRef,
  RefSchema,
  SiteUrlSchema,
  SlugSchema,
} from "./model/common.js";
export type { Address, ContactPoint, ContactPointInput } from "./model/contact-point.js";
export { AddressSchema, ContactPointSchema } from "./model/contact-point.js";
export type { DataService, DataServiceInput } from "./model/data-service.js";
export { DataServiceSchema } from "./model/data-service.js";
export type { Dataset, DatasetInput } from "./model/dataset.js";
export { DatasetSchema } from "./model/dataset.js";
export type { Distribution, DistributionInput } from "./model/distribution.js";
export { DistributionSchema } from "./model/distribution.js";
export type { ContentItem, ContentItemInput, ContentType } from "./model/index.js";
export { ContentItemSchema } from "./model/index.js";
export type { Image, NewsItem, NewsItemInput } from "./model/news-item.js";
export { ImageSchema, NewsItemSchema } from "./model/news-item.js";
export type { Organisation, OrganisationInput } from "./model/organisation.js";
export { ORGANISATION_CLASSIFICATIONS, OrganisationSchema } from "./model/organisation.js";
export { issuesFromZod, parseContent, safeParseContent } from "./model/parse.js";
export type { PolicyArea, PolicyAreaInput } from "./model/policy-area.js";
export { PolicyAreaSchema } from "./model/policy-area.js";
export type { Report, ReportInput, ReportSeries } from "./model/report.js";
export { ReportSchema, ReportSeriesSchema } from "./model/report.js";
export type { Strategy, StrategyInput } from "./model/strategy.js";
export { StrategySchema } from "./model/strategy.js";
export { fromDataset } from "./rdf/from-dataset.js";
export type { Codec, ContentMapping, FieldMapping, MappingContext } from "./rdf/mapping.js";
export { agentIri } from "./rdf/organisation.js";
export { MAPPINGS, mappingFor, mappingForKind } from "./rdf/registry.js";
export type { SiteOptions } from "./rdf/to-dataset.js";
export {
  createMappingContext,
  DEFAULT_BASE_IRI,
  documentIri,
  refOf,
  thingIri,
  toDataset,
  toItemQuads,
} from "./rdf/to-dataset.js";
export type { CatalogQuery, CatalogView } from "./serialize/catalog-page.js";
export {
  CATALOG_PAGE_SIZE,
  catalogQueryString,
  catalogView,
  parseCatalogQuery,
} from "./serialize/catalog-page.js";
export type { Format, WriteContext } from "./serialize/formats.js";
export {
  contentTypeOf,
  DEFAULT_FORMATS,
  findFormat,
  HTML,
  JSON_LD,
  N_QUADS,
  N_TRIPLES,
  RDF_FORMATS,
  RDF_XML,
  serialize,
  TURTLE,
  writeChunksOf,
} from "./serialize/formats.js";
export {
  escapeHtml,
  triplesHtmlChunks,
  writeDocumentHtml,
  writeHtml,
  writeTriplesHtml,
} from "./serialize/html.js";
export { breadcrumbJsonLd, breadcrumbTrail, htmlPageUrl } from "./serialize/html-breadcrumbs.js";
export { HTML_CONTENT_SECURITY_POLICY, HTML_STYLE_HASH, HTML_STYLESHEET } from "./serialize/html-style.js";
export {
  createJsonLdContext,
  type JsonLdContext,
  type JsonLdWriteOptions,
  jsonLdChunks,
  toCompactJsonLd,
  writeJsonLd,
} from "./serialize/jsonld.js";
export type { Choice, MediaRange } from "./serialize/negotiate.js";
export { chooseFormat, chooseLanguage, negotiateMediaType, parseAccept } from "./serialize/negotiate.js";
export type { NginxConfigOptions, NginxOffer, NginxOptions, NginxVariant } from "./serialize/nginx.js";
export { acceptMap, createNginxConfig, createNginxMaps, createNginxServer } from "./serialize/nginx.js";
export type { RdfXmlWriteOptions } from "./serialize/rdfxml.js";
export { rdfXmlChunks, splitPredicate, writeRdfXml } from "./serialize/rdfxml.js";
export type {
  DocumentLoader,
  LoadedDocument,
  SchemaContextDocument,
  SchemaTermDefinition,
} from "./serialize/schema-context.js";
export {
  createSchemaContext,
  createSchemaDocumentLoader,
  parseSchemaJsonLd,
  SCHEMA_ORG_CONTEXT_URL,
  schemaCoercionOf,
  schemaTermsOf,
} from "./serialize/schema-context.js";
export type { JsonLdObject, JsonValue } from "./serialize/schema-jsonld.js";
export {
  compactSchemaGraph,
  escapeJsonForScript,
  isSchemaQuad,
  jsonLdScriptOf,
  schemaGraphOf,
  schemaQuadsOf,
  toJsonLd,
  toJsonLdScript,
} from "./serialize/schema-jsonld.js";
export type { SitemapPage } from "./serialize/sitemap.js";
export {
  pageLastModified,
  sitemapChunks,
  sitemapPages,
  writeRobotsTxt,
  writeSitemap,
} from "./serialize/sitemap.js";
export {
  nQuadsChunks,
  nTriplesChunks,
  turtleChunks,
  writeNQuads,
  writeNTriples,
  writeTurtle,
} from "./serialize/turtle.js";
export type {
  LazyResource,
  RenderSiteOptions,
  Resource,
  ResourceKind,
  ResourceSpec,
  SiteVariants,
  Variant,
  VariantPieces,
  VariantPlan,
} from "./serialize/variants.js";
export {
  createVariant,
  entityTagOf,
  languagesOf,
  planResourceVariants,
  renderDocumentResource,
  renderResource,
  renderResourceVariants,
  renderSite,
  renderSiteResources,
  siteResourcesLazily,
  variantPath,
  voidQuads,
  writeSiteNQuads,
} from "./serialize/variants.js";
export type { DocumentDistributionFormat } from "./site/catalog-content.js";
export {
  createDatasetDefaults,
  DOCUMENT_DISTRIBUTION_FORMATS,
  deriveCatalogItems,
} from "./site/catalog-content.js";
export type { Site, SiteDocument } from "./site/site.js";
export { catalogQuads, createSite } from "./site/site.js";
export type { RefusalReason } from "./sparql/errors.js";
export { QueryRefusedError, QueryTimeoutError, ResultTooLargeError } from "./sparql/errors.js";
export type { InspectedQuery, InspectOptions, QueryForm } from "./sparql/policy.js";
export { inspectQuery } from "./sparql/policy.js";
export type { QueryResult, ResultFormat, ResultTerm, Solution, TabularResult } from "./sparql/results.js";
export {
  parseJsonResults,
  RESULT_FORMATS,
  RESULTS_CSV,
  RESULTS_JSON,
  RESULTS_TSV,
  RESULTS_XML,
} from "./sparql/results.js";
export type {
  ContentValidationResult,
  DocumentValidationOptions,
  FileMap,
  Locator,
  Provenance,
  ReportFormat,
  ReportOptions,
  ShaclResult,
  Shapes,
  ShapesInput,
  ValidateOptions,
  ValidationResult,
} from "./validate/index.js";
export {
  assertValid,
  compact,
  createLocator,
  createShapes,
  documentGraph,
  formatReport,
  hintFor,
  issueOf,
  validate,
  validateContent,
  validateDocument,
  validateDocuments,
  validateDocumentsByRef,
  validateShacl,
  validateShaclResults,
} from "./validate/index.js";
export { PREFIXES } from "./vocab/index.js";
