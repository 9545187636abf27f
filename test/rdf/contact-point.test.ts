import { describe, it } from "vitest";
import { ContactPointSchema } from "../../src/model/contact-point.js";
import { toDataset } from "../../src/rdf/to-dataset.js";
import { expectIsomorphic } from "../helpers/rdf.js";

describe("rdf/contact-point", () => {
  it("maps telephone, e-mail, postal and visiting address to vCard and schema.org", () => {
    const cp = ContactPointSchema.parse({
      type: "ContactPoint",
      slug: "c",
      title: { nb: "Avdeling" },
      telephone: "+47 22 24 70 01",
      email: "post@example.org",
      postalAddress: {
        streetAddress: "Postboks 8112 Dep.",
        postalCode: "0032",
        locality: "Oslo",
        country: "NO",
      },
      visitingAddress: { streetAddress: "Akersgata 59", locality: "Oslo", country: "NO" },
    });
    expectIsomorphic(
      toDataset([cp]),
      `
      @prefix c: <http://localhost:3000/id/contact-point/c#> .
      base:doc\\/contact-point\\/c a foaf:Document, schema:WebPage; foaf:primaryTopic base:id\\/contact-point\\/c; schema:mainEntity base:id\\/contact-point\\/c .
      base:id\\/contact-point\\/c a vcard:Organization, schema:ContactPoint ;
        vcard:fn "Avdeling"@nb ; schema:name "Avdeling"@nb ;
        schema:telephone "+47 22 24 70 01" ; vcard:hasTelephone <tel:+4722247001> ;
        schema:email "post@example.org" ; vcard:hasEmail <mailto:post@example.org> ;
        schema:address c:postal-address ; vcard:hasAddress c:postal-address, c:visiting-address ;
        schema:location c:visiting-place .
      c:postal-address a schema:PostalAddress, vcard:Address ;
        schema:streetAddress "Postboks 8112 Dep." ; vcard:street-address "Postboks 8112 Dep." ;
        schema:postalCode "0032" ; vcard:postal-code "0032" ;
        schema:addressLocality "Oslo" ; vcard:locality "Oslo" ;
        schema:addressCountry "NO" ; vcard:country-name "NO" .
      c:visiting-place a schema:Place ; schema:address c:visiting-address .
      c:visiting-address a schema:PostalAddress, vcard:Address ;
        schema:streetAddress "Akersgata 59" ; vcard:street-address "Akersgata 59" ;
        schema:addressLocality "Oslo" ; vcard:locality "Oslo" ;
        schema:addressCountry "NO" ; vcard:country-name "NO" .
      `,
    );
  });
});
