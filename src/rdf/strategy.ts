import type { Strategy } from "../model/strategy.js";
import { StrategySchema } from "../model/strategy.js";
import { dcterms, gov, schema } from "../vocab/index.js";
import { defineMapping, field, fieldList, hierarchical, iri, ref } from "./mapping.js";
import { commonFields } from "./shared-fields.js";
import { siteQuad } from "./terms.js";

/** Strategy: schema:CreativeWork with genre "strategi", and our gov:Strategy (a subclass of it). */
export const strategyMapping = defineMapping<Strategy>({
  type: "Strategy",
  schema: StrategySchema,
  kinds: ["strategy"],
  classes: [gov.Strategy, schema.CreativeWork],
  fields: [
    ...commonFields(),
    field("url", [schema.url, iri()]),
    fieldList("policyAreas", [schema.about, ref()], [dcterms.subject, ref()]),
    field("publisher", [schema.publisher, ref()], [dcterms.publisher, ref()]),
    hierarchical(fieldList("parts", [schema.hasPart, ref()], [dcterms.hasPart, ref()])),
  ],
  derivedVocabulary: [schema.genre],
  derived: (_item, env) => {
    env.emit(siteQuad(env.subject, schema.genre, env.ctx.literal("strategi", "nb")));
  },
});
