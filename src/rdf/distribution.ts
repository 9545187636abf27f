import type { Distribution } from "../model/distribution.js";
import { DistributionSchema } from "../model/distribution.js";
import { dcat, dcterms, schema } from "../vocab/index.js";
import { emitIdentifier } from "./dcat-fields.js";
import { date, defineMapping, field, iri, plain, prefixedIri, ref, siteUrl, text } from "./mapping.js";

/** A DCAT distribution (also schema:DataDownload); the media type as its IANA IRI (DCAT-AP). */
export const distributionMapping = defineMapping<Distribution>({
  type: "Distribution",
  schema: DistributionSchema,
  kinds: ["distribution"],
  classes: [dcat.Distribution, schema.DataDownload],
  fields: [
    field("title", [dcterms.title, text()], [schema.name, text()]),
    field("description", [dcterms.description, text()], [schema.description, text()]),
    field("published", [dcterms.issued, date()]),
    field("modified", [dcterms.modified, date()]),
    field("url", [schema.url, iri()]),
    field("accessUrl", [dcat.accessURL, siteUrl()]),
    field("downloadUrl", [dcat.downloadURL, siteUrl()], [schema.contentUrl, siteUrl()]),
    field(
      "mediaType",
      [schema.encodingFormat, plain()],
      [dcat.mediaType, prefixedIri("https://www.iana.org/assignments/media-types/")],
    ),
    field("format", [dcterms.format, iri()]),
    field("license", [dcterms.license, iri()], [schema.license, iri()]),
    field("accessService", [dcat.accessService, ref()]),
  ],
  derivedVocabulary: [dcterms.identifier],
  derived: (_item, env) => emitIdentifier(env),
});
