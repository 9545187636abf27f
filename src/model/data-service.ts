import { z } from "zod";
import { BaseContentShape, IriSchema, RefSchema, SiteUrlSchema } from "./common.js";

/** A DCAT data service: the linked-data API or the SPARQL endpoint. */
export const DataServiceSchema = z.strictObject({
  type: z.literal("DataService"),
  ...BaseContentShape,
  endpointUrl: SiteUrlSchema,
  endpointDescription: SiteUrlSchema.optional(),
  servesDatasets: z.array(RefSchema).optional(),
  publisher: RefSchema,
  contactPoint: RefSchema.optional(),
  license: IriSchema.optional(),
  conformsTo: z.array(IriSchema).optional(),
  themes: z.array(IriSchema).optional(),
});
/** A data service, normalised. */
export type DataService = z.output<typeof DataServiceSchema>;
/** A data service as written in content files. */
export type DataServiceInput = z.input<typeof DataServiceSchema>;
