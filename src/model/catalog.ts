import { z } from "zod";
import { BaseContentShape, IriSchema, RefSchema } from "./common.js";

/** The site's DCAT catalog. */
export const CatalogSchema = z.strictObject({
  type: z.literal("Catalog"),
  ...BaseContentShape,
  publisher: RefSchema,
  contactPoint: RefSchema.optional(),
  /** Licence from the EU licence table, e.g. NLOD 2.0. */
  license: IriSchema,
  /** Languages from the EU language table. */
  languages: z.array(IriSchema).min(1),
  /** Theme taxonomies: the EU data themes and LOS. */
  themeTaxonomies: z.array(IriSchema).min(1),
  /** The datasets listed; content that is a dataset (reports with files) is added automatically. */
  datasets: z.array(RefSchema).optional(),
  services: z.array(RefSchema).optional(),
});
/** A catalog, normalised. */
export type Catalog = z.output<typeof CatalogSchema>;
/** A catalog as written in content files. */
export type CatalogInput = z.input<typeof CatalogSchema>;
