import { describe, it } from "vitest";
import { NewsItemSchema } from "../../src/model/news-item.js";
import { toDataset } from "../../src/rdf/to-dataset.js";
import { expectIsomorphic } from "../helpers/rdf.js";

describe("rdf/news-item", () => {
  it("maps a news item to schema:NewsArticle with DCTERMS alongside, its image as a hash node", () => {
    const item = NewsItemSchema.parse({
      type: "NewsItem",
      slug: "n",
      title: { nb: "Tittel", en: "Title" },
      published: "2021-06-30T00:00:00+02:00",
      publisher: "organization/kmd",
      authors: ["organization/kmd"],
      mentions: ["organization/esa"],
      about: ["report/r"],
      policyAreas: ["policy-area/p"],
      image: { caption: { nb: "Narvik" }, url: "https://example.org/narvik.jpg" },
    });
    expectIsomorphic(
      toDataset([item]),
      `
      base:doc\\/news\\/n a foaf:Document, schema:WebPage; foaf:primaryTopic base:id\\/news\\/n; schema:mainEntity base:id\\/news\\/n .
      base:id\\/news\\/n a schema:NewsArticle ;
        schema:headline "Tittel"@nb, "Title"@en ; dcterms:title "Tittel"@nb, "Title"@en ;
        schema:datePublished "2021-06-30T00:00:00+02:00"^^schema:Date ;
        dcterms:issued "2021-06-30T00:00:00+02:00"^^xsd:dateTime ;
        schema:publisher base:id\\/organization\\/kmd ; dcterms:publisher base:id\\/organization\\/kmd ;
        schema:author base:id\\/organization\\/kmd ; dcterms:creator base:id\\/organization\\/kmd ;
        schema:mentions base:id\\/organization\\/esa ; dcterms:references base:id\\/organization\\/esa ;
        schema:about base:id\\/report\\/r ;
        dcterms:subject base:id\\/policy-area\\/p ;
        schema:image <http://localhost:3000/id/news/n#image> .
      <http://localhost:3000/id/news/n#image> a schema:ImageObject ;
        schema:caption "Narvik"@nb ;
        schema:contentUrl <https://example.org/narvik.jpg> ; schema:url <https://example.org/narvik.jpg> .
      `,
    );
  });
});
