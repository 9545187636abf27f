import { z } from "zod";
import { BaseContentShape, DateLikeSchema, IriSchema, LangStringSchema, RefSchema } from "./common.js";

/** An image shown with content; the seed names images by caption only, so the URL is optional. */
export const ImageSchema = z.strictObject({
  /** The image file, when known. */
  url: IriSchema.optional(),
  /** Caption or alternative text. */
  caption: LangStringSchema,
});
/** An image. */
export type Image = z.output<typeof ImageSchema>;

/** A news item on the policy area's page. */
export const NewsItemSchema = z.strictObject({
  type: z.literal("NewsItem"),
  ...BaseContentShape,
  /** When it was published, with time zone. */
  published: DateLikeSchema,
  /** Who wrote it. */
  authors: z.array(RefSchema).optional(),
  /** Who published it. */
  publisher: RefSchema,
  /** What the news is about (a report, a scheme). */
  about: z.array(RefSchema).optional(),
  /** Things named in the text. */
  mentions: z.array(RefSchema).optional(),
  /** The policy areas it belongs to. */
  policyAreas: z.array(RefSchema).optional(),
  image: ImageSchema.optional(),
});
/** A news item, normalised. */
export type NewsItem = z.output<typeof NewsItemSchema>;
/** A news item as written in content files. */
export type NewsItemInput = z.input<typeof NewsItemSchema>;
