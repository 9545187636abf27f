import { z } from "zod";
import { BaseContentShape, TextSchema } from "./common.js";

/** A postal or visiting address. */
export const AddressSchema = z.strictObject({
  /** Street and number, or "Postboks 8112 Dep.". */
  streetAddress: TextSchema.optional(),
  postalCode: z
    .string()
    .regex(/^[A-Z0-9 -]{2,10}$/i, { message: "must be a postal code" })
    .optional(),
  locality: TextSchema,
  /** ISO 3166-1 alpha-2 country code, e.g. "NO". */
  country: z.string().regex(/^[A-Z]{2}$/, { message: "must be an ISO 3166-1 alpha-2 code such as NO" }),
});
/** An address. */
export type Address = z.output<typeof AddressSchema>;

/** How to reach a department: telephone, e-mail, web page, postal and visiting address. */
export const ContactPointSchema = z.strictObject({
  type: z.literal("ContactPoint"),
  ...BaseContentShape,
  /** International form with spaces, e.g. "+47 22 24 70 01". */
  telephone: z
    .string()
    .regex(/^\+[1-9][0-9 ]{5,20}[0-9]$/, { message: 'must be in international form, e.g. "+47 22 24 70 01"' })
    .optional(),
  email: z.email({ message: "must be an e-mail address" }).optional(),
  postalAddress: AddressSchema.optional(),
  visitingAddress: AddressSchema.optional(),
});
/** A contact point, normalised. */
export type ContactPoint = z.output<typeof ContactPointSchema>;
/** A contact point as written in content files. */
export type ContactPointInput = z.input<typeof ContactPointSchema>;
