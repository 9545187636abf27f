import { describe, it } from "vitest";
import { OrganisationSchema } from "../../src/model/organisation.js";
import { toDataset } from "../../src/rdf/to-dataset.js";
import { expectIsomorphic } from "../helpers/rdf.js";

describe("rdf/organisation", () => {
  it("gives a ministry with an organisation number the national agent IRI, dct:identifier and the ADMS type NationalAuthority", () => {
    const ministry = OrganisationSchema.parse({
      type: "Organisation",
      slug: "kmd",
      classification: "ministry",
      title: { nb: "Departementet" },
      organisationNumber: "972417858",
    });
    const department = OrganisationSchema.parse({
      type: "Organisation",
      slug: "avd",
      classification: "department",
      title: { nb: "Avdelingen" },
      parent: "organization/kmd",
    });
    expectIsomorphic(
      toDataset([ministry, department]),
      `
      @prefix fdk: <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/> .
      base:doc\\/organization\\/kmd a foaf:Document, schema:WebPage; foaf:primaryTopic fdk:972417858; schema:mainEntity fdk:972417858 .
      fdk:972417858 a foaf:Agent, org:Organization, gov:Ministry, schema:GovernmentOrganization, org:FormalOrganization ;
        schema:name "Departementet"@nb ; foaf:name "Departementet"@nb ; dcterms:title "Departementet"@nb ;
        dcterms:identifier "972417858" ; schema:identifier "972417858" ;
        dcterms:type <http://purl.org/adms/publishertype/NationalAuthority> .
      base:doc\\/organization\\/avd a foaf:Document, schema:WebPage; foaf:primaryTopic base:id\\/organization\\/avd; schema:mainEntity base:id\\/organization\\/avd .
      base:id\\/organization\\/avd a foaf:Agent, org:Organization, gov:Department, schema:GovernmentOrganization, org:OrganizationalUnit ;
        schema:name "Avdelingen"@nb ; foaf:name "Avdelingen"@nb ; dcterms:title "Avdelingen"@nb ;
        schema:parentOrganization fdk:972417858 ; org:subOrganizationOf fdk:972417858 ; org:unitOf fdk:972417858 .
      `,
    );
  });
});
