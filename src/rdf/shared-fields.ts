import { dcterms, schema } from "../vocab/index.js";
import { date, type FieldMapping, field, schemaDate, text } from "./mapping.js";

/** Title, description and dates as most content types write them: schema.org and DCTERMS side by side. */
export function commonFields(options: { titleAs?: "name" | "headline" } = {}): FieldMapping[] {
  const titlePredicate = options.titleAs === "headline" ? schema.headline : schema.name;
  return [
    field("title", [titlePredicate, text()], [dcterms.title, text()]),
    field("description", [schema.description, text()], [dcterms.description, text()]),
    field("published", [schema.datePublished, schemaDate()], [dcterms.issued, date()]),
    field("modified", [schema.dateModified, schemaDate()], [dcterms.modified, date()]),
  ];
}
