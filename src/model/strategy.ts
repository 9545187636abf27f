import { z } from "zod";
import { BaseContentShape, RefSchema } from "./common.js";

/** A government strategy, or a page that introduces several (`parts`). */
export const StrategySchema = z.strictObject({
  type: z.literal("Strategy"),
  ...BaseContentShape,
  /** The policy areas the strategy is about. */
  policyAreas: z.array(RefSchema).min(1),
  /** Who issued it. */
  publisher: RefSchema.optional(),
  /** Strategies this one introduces or collects. */
  parts: z.array(RefSchema).optional(),
});
/** A strategy, normalised. */
export type Strategy = z.output<typeof StrategySchema>;
/** A strategy as written in content files. */
export type StrategyInput = z.input<typeof StrategySchema>;
