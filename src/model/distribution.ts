import { z } from "zod";
import { BaseContentShape, IriSchema, RefSchema, SiteUrlSchema } from "./common.js";

/** A DCAT distribution: one file or access point of a dataset. */
export const DistributionSchema = z.strictObject({
  type: z.literal("Distribution"),
  ...BaseContentShape,
  /** Where it can be accessed; a path (`/dump.nq`) is resolved against the base IRI. */
  accessUrl: SiteUrlSchema,
  downloadUrl: SiteUrlSchema.optional(),
  /** IANA media type, e.g. "application/n-quads". */
  mediaType: z
    .string()
    .regex(/^[a-z]+\/[a-z0-9.+-]+$/, { message: "must be an IANA media type such as text/turtle" }),
  /** File type from the EU file-type table. */
  format: IriSchema.optional(),
  license: IriSchema.optional(),
  /** The data service that gives access to it. */
  accessService: RefSchema.optional(),
});
/** A distribution, normalised. */
export type Distribution = z.output<typeof DistributionSchema>;
/** A distribution as written in content files. */
export type DistributionInput = z.input<typeof DistributionSchema>;
