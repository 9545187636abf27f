import { z } from "zod";
import { BaseContentShape, IriSchema, LangStringSchema, RefSchema, SlugSchema } from "./common.js";

/** The series an official document belongs to, e.g. NOU (Norges offentlige utredninger). */
export const ReportSeriesSchema = z.strictObject({
  /** Stable identifier of the series; its IRI is `{base}id/series/{slug}`. */
  slug: SlugSchema,
  title: LangStringSchema,
});
/** A report series. */
export type ReportSeries = z.output<typeof ReportSeriesSchema>;

/**
 * A report, guidance or official document. A report with a `reportNumber` (such as "NOU 2020: 15") is an
 * official document and lives under the kind `document`; others under `report`.
 */
export const ReportSchema = z.strictObject({
  type: z.literal("Report"),
  ...BaseContentShape,
  /** A short or alternative name, e.g. "RUT 2021". */
  alternateName: LangStringSchema.optional(),
  /** The number in its series, e.g. "NOU 2020: 15". */
  reportNumber: z
    .string()
    .regex(/^\S(.*\S)?$/, { message: "must not start or end with spaces" })
    .optional(),
  /** The series, e.g. NOU. */
  series: ReportSeriesSchema.optional(),
  /** What kind of document this is, in words ("veileder", "råd"). */
  genre: LangStringSchema.optional(),
  /** Authors: a committee, a panel, a department. */
  authors: z.array(RefSchema).optional(),
  /** Who published it. */
  publisher: RefSchema.optional(),
  /** The policy areas it belongs to. */
  policyAreas: z.array(RefSchema).optional(),
  /** Files (PDF, data) of the report; with these it is also a dcat:Dataset. */
  distributions: z.array(RefSchema).optional(),
  /** Themes from the EU data-theme table and LOS, used when the report is a dataset. */
  themes: z.array(IriSchema).optional(),
});
/** A report, normalised. */
export type Report = z.output<typeof ReportSchema>;
/** A report as written in content files. */
export type ReportInput = z.input<typeof ReportSchema>;
