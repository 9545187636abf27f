import type { NamedNode } from "@rdfjs/types";
import type { Report, ReportSeries } from "../model/report.js";
import { ReportSchema } from "../model/report.js";
import { dcat, dcterms, schema } from "../vocab/index.js";
import {
  DATASET_IDENTIFIER_VOCABULARY,
  emitDatasetIdentifier,
  emitFreeAccess,
  PUBLIC_ACCESS,
} from "./dcat-fields.js";
import {
  type Codec,
  defineMapping,
  field,
  fieldList,
  iri,
  plain,
  readFields,
  ref,
  text,
  vocabularyOf,
  writeNode,
} from "./mapping.js";
import { commonFields } from "./shared-fields.js";
import { siteQuad } from "./terms.js";

const seriesFields = [field("title", [schema.name, text()], [dcterms.title, text()])];

/** A report series node at `{base}id/series/{slug}`, shared by every report in the series. */
function series(): Codec<ReportSeries> {
  const prefix = (base: string) => `${base}id/series/`;
  return {
    vocabulary: vocabularyOf({ classes: [schema.CreativeWorkSeries], fields: seriesFields }),
    write: (value, env) => {
      const subject = env.ctx.named(prefix(env.ctx.baseIri) + value.slug);
      writeNode([schema.CreativeWorkSeries], seriesFields, value, { ...env, subject });
      return [subject];
    },
    read: (terms, env) => {
      const t = terms.find((x): x is NamedNode => x.termType === "NamedNode");
      if (!t?.value.startsWith(prefix(env.ctx.baseIri))) return undefined;
      const rest = readFields(seriesFields, { ...env, subject: t });
      return { slug: t.value.slice(prefix(env.ctx.baseIri).length), ...rest } as ReportSeries;
    },
  };
}

const isDataset = (r: Report) => (r.distributions?.length ?? 0) > 0;

/**
 * Report and official document: schema:Report with reportNumber, series and authors; with files it is also a
 * dcat:Dataset. Numbered reports (NOU) live under the kind `document`.
 */
export const reportMapping = defineMapping<Report>({
  type: "Report",
  schema: ReportSchema,
  kinds: ["report", "document"],
  kindOf: (r) => (r.reportNumber ? "document" : "report"),
  classes: [schema.Report],
  conditionalClasses: [{ when: isDataset, classes: [dcat.Dataset] }],
  fields: [
    ...commonFields(),
    field("url", [schema.url, iri()], [dcat.landingPage, iri()]),
    field("alternateName", [schema.alternateName, text()], [dcterms.alternative, text()]),
    field("reportNumber", [schema.reportNumber, plain()]),
    field("series", [schema.isPartOf, series() as Codec]),
    field("genre", [schema.genre, text()]),
    fieldList("authors", [schema.author, ref()], [dcterms.creator, ref()]),
    field("publisher", [schema.publisher, ref()], [dcterms.publisher, ref()]),
    fieldList("policyAreas", [schema.about, ref()], [dcterms.subject, ref()]),
    fieldList("distributions", [dcat.distribution, ref()]),
    fieldList("themes", [dcat.theme, iri()]),
  ],
  derivedVocabulary: [...DATASET_IDENTIFIER_VOCABULARY, dcterms.accessRights, schema.isAccessibleForFree],
  derived: (item, env) => {
    if (!isDataset(item)) return;
    emitDatasetIdentifier(env);
    // A report is published on the site for anyone to read: its dataset's access rights are public (DCAT-AP-NO
    // recommends saying so; the EU access-right table's PUBLIC), so it is free to use.
    env.emit(siteQuad(env.subject, dcterms.accessRights, env.ctx.named(PUBLIC_ACCESS)));
    emitFreeAccess(PUBLIC_ACCESS, env);
  },
});
