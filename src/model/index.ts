import { z } from "zod";
import { CatalogSchema } from "./catalog.js";
import { ContactPointSchema } from "./contact-point.js";
import { DataServiceSchema } from "./data-service.js";
import { DatasetSchema } from "./dataset.js";
import { DistributionSchema } from "./distribution.js";
import { NewsItemSchema } from "./news-item.js";
import { OrganisationSchema } from "./organisation.js";
import { PolicyAreaSchema } from "./policy-area.js";
import { ReportSchema } from "./report.js";
import { StrategySchema } from "./strategy.js";

/** Any content item; `type` picks the schema. */
export const ContentItemSchema = z.discriminatedUnion("type", [
  PolicyAreaSchema,
  StrategySchema,
  ReportSchema,
  NewsItemSchema,
  OrganisationSchema,
  ContactPointSchema,
  CatalogSchema,
  DatasetSchema,
  DistributionSchema,
  DataServiceSchema,
]);
/** Any content item, normalised. */
export type ContentItem = z.output<typeof ContentItemSchema>;
/** Any content item as written in content files. */
export type ContentItemInput = z.input<typeof ContentItemSchema>;
/** The discriminator values. */
export type ContentType = ContentItem["type"];
