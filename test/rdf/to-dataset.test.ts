import { describe, expect, it } from "vitest";
import { NewsItemSchema } from "../../src/model/news-item.js";
import { createMappingContext, toItemQuads } from "../../src/rdf/to-dataset.js";
import { expectSameGraph } from "../helpers/rdf.js";

describe("rdf/to-dataset", () => {
  const news = NewsItemSchema.parse({
    type: "NewsItem",
    slug: "n",
    title: { nb: "Samme", nn: "Samme" },
    published: "2021-05-05T00:00:00+02:00",
    publisher: "organization/x",
    authors: ["organization/x", "organization/x"],
    mentions: ["organization/y", "organization/x", "organization/y"],
  });

  it("writes every triple of an item once, even when the content repeats a value", () => {
    const quads = toItemQuads(news, createMappingContext([news]));
    const keys = quads.map(
      (q) =>
        `${q.subject.value} ${q.predicate.value} ${q.object.termType} ${q.object.value} ${"language" in q.object ? q.object.language : ""}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expectSameGraph(quads, [...quads, ...toItemQuads(news, createMappingContext([news]))]);
  });

  it("keeps literals that differ only in language", () => {
    const quads = toItemQuads(news, createMappingContext([news]));
    const names = quads.filter(
      (q) =>
        q.predicate.value === "http://schema.org/headline" || q.predicate.value === "http://schema.org/name",
    );
    const languages = new Set(names.map((q) => (q.object.termType === "Literal" ? q.object.language : "")));
    expect(languages).toEqual(new Set(["nb", "nn"]));
  });

  it("keeps the order in which the mapping wrote the triples (first occurrence)", () => {
    const quads = toItemQuads(news, createMappingContext([news]));
    const mentions = quads
      .filter((q) => q.predicate.value === "http://schema.org/mentions")
      .map((q) => q.object.value);
    expect(mentions).toEqual([
      "http://localhost:3000/id/organization/y",
      "http://localhost:3000/id/organization/x",
    ]);
  });

  it("drops repeats among many objects of one predicate, keeping first-occurrence order", () => {
    // Past a handful of objects the repeats are found by key, not by comparing terms (a catalog lists every
    // dataset): the result must not change at that switch.
    const orgs = Array.from({ length: 40 }, (_, i) => `organization/o${i}`);
    const many = NewsItemSchema.parse({
      type: "NewsItem",
      slug: "m",
      title: { nb: "Mange" },
      published: "2021-05-05T00:00:00+02:00",
      publisher: "organization/o0",
      mentions: [...orgs, ...orgs.slice().reverse(), orgs[3]],
    });
    const mentions = toItemQuads(many, createMappingContext([many]))
      .filter((q) => q.predicate.value === "http://schema.org/mentions")
      .map((q) => q.object.value);
    expect(mentions).toEqual(orgs.map((o) => `http://localhost:3000/id/${o}`));
  });
});
