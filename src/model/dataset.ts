import { z } from "zod";
import { BaseContentShape, IriSchema, LangStringListSchema, LangStringSchema, RefSchema } from "./common.js";

/** A DCAT dataset. */
export const DatasetSchema = z.strictObject({
  type: z.literal("Dataset"),
  ...BaseContentShape,
  description: LangStringSchema,
  publisher: RefSchema,
  contactPoint: RefSchema.optional(),
  /** EU data themes and LOS themes. */
  themes: z.array(IriSchema).min(1),
  /** Keywords by language. */
  keywords: LangStringListSchema.optional(),
  distributions: z.array(RefSchema).optional(),
  license: IriSchema.optional(),
  accessRights: IriSchema.optional(),
  languages: z.array(IriSchema).optional(),
  policyAreas: z.array(RefSchema).optional(),
});
/** A dataset, normalised. */
export type Dataset = z.output<typeof DatasetSchema>;
/** A dataset as written in content files. */
export type DatasetInput = z.input<typeof DatasetSchema>;
