import type { NewsItem } from "../model/news-item.js";
import { NewsItemSchema } from "../model/news-item.js";
import { dcterms, schema } from "../vocab/index.js";
import { type Codec, defineMapping, field, fieldList, iri, node, ref, text } from "./mapping.js";
import { commonFields } from "./shared-fields.js";

const image = node(
  {
    classes: [schema.ImageObject],
    fields: [
      field("caption", [schema.caption, text()]),
      field("url", [schema.contentUrl, iri()], [schema.url, iri()]),
    ],
  },
  "image",
) as Codec;

/** News item: schema:NewsArticle; its policy areas also as dcterms:subject (DESIGN §2). */
export const newsItemMapping = defineMapping<NewsItem>({
  type: "NewsItem",
  schema: NewsItemSchema,
  kinds: ["news"],
  classes: [schema.NewsArticle],
  fields: [
    ...commonFields({ titleAs: "headline" }),
    field("url", [schema.url, iri()]),
    fieldList("authors", [schema.author, ref()], [dcterms.creator, ref()]),
    field("publisher", [schema.publisher, ref()], [dcterms.publisher, ref()]),
    fieldList("about", [schema.about, ref()]),
    fieldList("mentions", [schema.mentions, ref()], [dcterms.references, ref()]),
    fieldList("policyAreas", [dcterms.subject, ref()]),
    field("image", [schema.image, image]),
  ],
});
