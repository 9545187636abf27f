import { z } from "zod";
import { BaseContentShape, IriSchema, LangStringSchema, RefSchema } from "./common.js";

/** A policy area such as "Regional- og distriktspolitikk": a concept, and the page that collects its content. */
export const PolicyAreaSchema = z.strictObject({
  type: z.literal("PolicyArea"),
  ...BaseContentShape,
  /** The goal of the policy, one sentence. */
  goal: LangStringSchema.optional(),
  /** The ministry responsible. */
  publisher: RefSchema,
  /** Who to contact about the policy area. */
  contactPoint: RefSchema.optional(),
  /** Concepts in other schemes that mean the same (skos:exactMatch). */
  exactMatch: z.array(IriSchema).optional(),
  /** Concepts in other schemes that mean nearly the same, e.g. EU data theme REGI or a LOS word (skos:closeMatch). */
  closeMatch: z.array(IriSchema).optional(),
});
/** A policy area, normalised. */
export type PolicyArea = z.output<typeof PolicyAreaSchema>;
/** A policy area as written in content files. */
export type PolicyAreaInput = z.input<typeof PolicyAreaSchema>;
