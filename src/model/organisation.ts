import { z } from "zod";
import { BaseContentShape, IriSchema, LangStringSchema, RefSchema } from "./common.js";

/** What kind of body an organisation is. */
export const ORGANISATION_CLASSIFICATIONS = Object.freeze([
  "ministry",
  "department",
  "committee",
  "advisory-panel",
  "agency",
  "other",
] as const);

/** A ministry, a department of it, a public committee, an advisory panel, or another organisation. */
export const OrganisationSchema = z.strictObject({
  type: z.literal("Organisation"),
  ...BaseContentShape,
  classification: z.enum(ORGANISATION_CLASSIFICATIONS),
  /** A short name or acronym, e.g. "ESA". */
  alternateName: LangStringSchema.optional(),
  /** The organisation this one is part of. */
  parent: RefSchema.optional(),
  /** The 9-digit number in Enhetsregisteret (the Norwegian Register of Legal Entities). */
  organisationNumber: z
    .string()
    .regex(/^\d{9}$/, { message: "must be the 9-digit organisation number" })
    .optional(),
  contactPoint: RefSchema.optional(),
  /** The same organisation elsewhere (Wikidata, its own site). */
  sameAs: z.array(IriSchema).optional(),
});
/** An organisation, normalised. */
export type Organisation = z.output<typeof OrganisationSchema>;
/** An organisation as written in content files. */
export type OrganisationInput = z.input<typeof OrganisationSchema>;
