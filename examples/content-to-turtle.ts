// Content → quads → Turtle, with the pure API only (no files, no server).
// Run: npx tsx examples/content-to-turtle.ts
import { NewsItemSchema, OrganisationSchema, safeParseContent, serialize, toDataset } from "govlod";

const ministry = OrganisationSchema.parse({
  type: "Organisation",
  slug: "kommunal-og-moderniseringsdepartementet",
  classification: "ministry",
  title: { nb: "Kommunal- og moderniseringsdepartementet" },
  organisationNumber: "972417858",
});

const news = NewsItemSchema.parse({
  type: "NewsItem",
  slug: "regionale-utviklingstrekk-2021",
  title: { nb: "Regionale utviklingstrekk 2021", en: "Regional development trends 2021" },
  published: "2021-05-05T00:00:00+02:00",
  publisher: "organization/kommunal-og-moderniseringsdepartementet",
});

const quads = toDataset([ministry, news], { baseIri: "https://data.example.gov/" });
console.log(serialize(quads, "text/turtle"));

// Bad content is a value, not an exception:
const bad = safeParseContent({ type: "NewsItem", slug: "x", title: { nb: "x" }, published: "05.05.2021" });
if (bad.success) throw new Error("expected the bad date to be rejected");
for (const issue of bad.issues) console.log(`${issue.path.join(".")}: ${issue.message} (${issue.code})`);
