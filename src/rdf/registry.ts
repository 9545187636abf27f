import type { Kind } from "../model/common.js";
import type { ContentItem } from "../model/index.js";
import { catalogMapping } from "./catalog.js";
import { contactPointMapping } from "./contact-point.js";
import { dataServiceMapping } from "./data-service.js";
import { datasetMapping } from "./dataset.js";
import { distributionMapping } from "./distribution.js";
import type { ContentMapping, MappingRegistry } from "./mapping.js";
import { newsItemMapping } from "./news-item.js";
import { organisationMapping } from "./organisation.js";
import { policyAreaMapping } from "./policy-area.js";
import { reportMapping } from "./report.js";
import { strategyMapping } from "./strategy.js";

/** Every content type's mapping, by discriminator. Adding a type adds one line here. */
export const MAPPINGS: MappingRegistry = Object.freeze({
  PolicyArea: policyAreaMapping as ContentMapping,
  Strategy: strategyMapping as ContentMapping,
  Report: reportMapping as ContentMapping,
  NewsItem: newsItemMapping as ContentMapping,
  Organisation: organisationMapping as ContentMapping,
  ContactPoint: contactPointMapping as ContentMapping,
  Catalog: catalogMapping as ContentMapping,
  Dataset: datasetMapping as ContentMapping,
  Distribution: distributionMapping as ContentMapping,
  DataService: dataServiceMapping as ContentMapping,
});

/** The mapping for an item's type. */
export function mappingFor(item: ContentItem): ContentMapping {
  return MAPPINGS[item.type];
}

/** The mapping that owns a kind (`news` → NewsItem). */
export function mappingForKind(kind: Kind): ContentMapping | undefined {
  return Object.values(MAPPINGS).find((m) => m.kinds.includes(kind));
}
