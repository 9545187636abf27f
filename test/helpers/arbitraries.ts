import fc from "fast-check";
import { hasControlCharacters } from "../../src/model/common.js";
import { type ContentItem, ContentItemSchema } from "../../src/model/index.js";
import { ORGANISATION_CLASSIFICATIONS } from "../../src/model/organisation.js";
import { refOf } from "../../src/rdf/to-dataset.js";

const slug = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}$/);
const text = fc
  .string({ minLength: 1, maxLength: 40, unit: "grapheme" })
  .filter((s) => s.trim().length > 0 && !hasControlCharacters(s));
const langString = fc
  .record({ nb: text, nn: text, en: text }, { requiredKeys: [] })
  .filter((v) => Object.keys(v).length > 0);
const externalIri = fc.stringMatching(/^[a-z]{1,8}$/).map((s) => `https://example.org/${s}`);
const ref = (kinds: string[]) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...kinds), slug).map(([k, s]) => `${k}/${s}`),
    externalIri,
  );
const pad = (n: number) => String(n).padStart(2, "0");
const date = fc
  .record({
    y: fc.integer({ min: 1990, max: 2030 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    zone: fc.constantFrom("Z", "+01:00", "+02:00", "-05:30"),
    withTime: fc.boolean(),
  })
  .map(({ y, m, d, h, zone, withTime }) =>
    withTime ? `${y}-${pad(m)}-${pad(d)}T${pad(h)}:00:00${zone}` : `${y}-${pad(m)}-${pad(d)}${zone}`,
  );
const list = <T>(a: fc.Arbitrary<T>) =>
  fc.uniqueArray(a, { minLength: 1, maxLength: 3, selector: (x) => JSON.stringify(x) });
const base = { slug, title: langString };
const optional = { description: langString, url: externalIri, published: date, modified: date };
const address = fc.record(
  {
    streetAddress: text,
    postalCode: fc.stringMatching(/^[0-9]{4}$/),
    locality: text,
    country: fc.constantFrom("NO", "SE"),
  },
  { requiredKeys: ["locality", "country"] },
);

const orgRef = ref(["organization"]);
const areaRef = ref(["policy-area"]);

/** Arbitrary valid content items of every type (input form). */
export const contentInput = fc.oneof(
  fc.record(
    {
      type: fc.constant("PolicyArea"),
      ...base,
      ...optional,
      goal: langString,
      publisher: orgRef,
      contactPoint: ref(["contact-point"]),
      exactMatch: list(externalIri),
      closeMatch: list(externalIri),
    },
    { requiredKeys: ["type", "slug", "title", "publisher"] },
  ),
  fc.record(
    {
      type: fc.constant("Strategy"),
      ...base,
      ...optional,
      policyAreas: list(areaRef),
      publisher: orgRef,
      parts: list(ref(["strategy"])),
    },
    { requiredKeys: ["type", "slug", "title", "policyAreas"] },
  ),
  fc.record(
    {
      type: fc.constant("Report"),
      ...base,
      ...optional,
      alternateName: langString,
      reportNumber: fc.stringMatching(/^NOU 20[0-9]{2}: [1-9][0-9]?$/),
      series: fc.record({ slug, title: langString }),
      genre: langString,
      authors: list(orgRef),
      publisher: orgRef,
      policyAreas: list(areaRef),
      distributions: list(ref(["distribution"])),
      themes: list(externalIri),
    },
    { requiredKeys: ["type", "slug", "title"] },
  ),
  fc.record(
    {
      type: fc.constant("NewsItem"),
      ...base,
      ...optional,
      published: date,
      authors: list(orgRef),
      publisher: orgRef,
      about: list(ref(["report", "document", "strategy"])),
      mentions: list(ref(["organization", "report"])),
      policyAreas: list(areaRef),
      image: fc.record({ url: externalIri, caption: langString }, { requiredKeys: ["caption"] }),
    },
    { requiredKeys: ["type", "slug", "title", "published", "publisher"] },
  ),
  fc.record(
    {
      type: fc.constant("Organisation"),
      ...base,
      ...optional,
      classification: fc.constantFrom(...ORGANISATION_CLASSIFICATIONS),
      alternateName: langString,
      parent: orgRef,
      organisationNumber: fc.stringMatching(/^[89][0-9]{8}$/),
      contactPoint: ref(["contact-point"]),
      sameAs: list(externalIri),
    },
    { requiredKeys: ["type", "slug", "title", "classification"] },
  ),
  fc.record(
    {
      type: fc.constant("ContactPoint"),
      ...base,
      ...optional,
      telephone: fc.stringMatching(/^\+47 [0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}$/),
      email: fc.stringMatching(/^[a-z]{1,8}@example\.org$/),
      postalAddress: address,
      visitingAddress: address,
    },
    { requiredKeys: ["type", "slug", "title"] },
  ),
  fc.record(
    {
      type: fc.constant("Catalog"),
      ...base,
      ...optional,
      publisher: orgRef,
      contactPoint: ref(["contact-point"]),
      license: externalIri,
      languages: list(externalIri),
      themeTaxonomies: list(externalIri),
      datasets: list(ref(["dataset"])),
      services: list(ref(["service"])),
    },
    { requiredKeys: ["type", "slug", "title", "publisher", "license", "languages", "themeTaxonomies"] },
  ),
  fc.record(
    {
      type: fc.constant("Dataset"),
      ...base,
      ...optional,
      description: langString,
      publisher: orgRef,
      contactPoint: ref(["contact-point"]),
      themes: list(externalIri),
      keywords: fc.record({ nb: list(text), nn: list(text), en: list(text) }, { requiredKeys: ["nb"] }),
      distributions: list(ref(["distribution"])),
      license: externalIri,
      accessRights: externalIri,
      languages: list(externalIri),
      policyAreas: list(areaRef),
    },
    { requiredKeys: ["type", "slug", "title", "description", "publisher", "themes"] },
  ),
  fc.record(
    {
      type: fc.constant("Distribution"),
      ...base,
      ...optional,
      accessUrl: fc.oneof(externalIri, fc.stringMatching(/^\/[a-z]{1,8}\.nq$/)),
      downloadUrl: fc.oneof(externalIri, fc.stringMatching(/^\/[a-z]{1,8}\.ttl$/)),
      mediaType: fc.constantFrom("text/turtle", "application/n-quads", "application/pdf"),
      format: externalIri,
      license: externalIri,
      accessService: ref(["service"]),
    },
    { requiredKeys: ["type", "slug", "title", "accessUrl", "mediaType"] },
  ),
  fc.record(
    {
      type: fc.constant("DataService"),
      ...base,
      ...optional,
      endpointUrl: fc.oneof(externalIri, fc.constant("/sparql")),
      endpointDescription: externalIri,
      servesDatasets: list(ref(["dataset"])),
      publisher: orgRef,
      contactPoint: ref(["contact-point"]),
      license: externalIri,
      conformsTo: list(externalIri),
      themes: list(externalIri),
    },
    { requiredKeys: ["type", "slug", "title", "endpointUrl", "publisher"] },
  ),
);

/** Arbitrary lists of valid items with unique references. */
export const contentItems: fc.Arbitrary<ContentItem[]> = fc
  .array(contentInput, { minLength: 1, maxLength: 8 })
  .map((inputs) => {
    const byRef = new Map<string, ContentItem>();
    for (const input of inputs) {
      const item = ContentItemSchema.parse(input);
      byRef.set(refOf(item), item);
    }
    // Two organisations with the same number would be one agent: keep numbers unique.
    const seen = new Set<string>();
    return [...byRef.values()].filter((i) => {
      if (i.type !== "Organisation" || !i.organisationNumber) return true;
      if (seen.has(i.organisationNumber)) return false;
      seen.add(i.organisationNumber);
      return true;
    });
  });
