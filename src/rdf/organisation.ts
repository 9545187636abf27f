import { DataFactory } from "n3";
import type { Organisation } from "../model/organisation.js";
import { OrganisationSchema } from "../model/organisation.js";
import { dcterms, foaf, gov, org, rdf, schema } from "../vocab/index.js";
import {
  defineMapping,
  enumClasses,
  field,
  fieldList,
  hierarchical,
  iri,
  plain,
  ref,
  text,
} from "./mapping.js";
import { commonFields } from "./shared-fields.js";
import { siteQuad } from "./terms.js";

const NATIONAL_AUTHORITY = "http://purl.org/adms/publishertype/NationalAuthority";

/** The national agent IRI data.norge.no uses for an organisation number (DESIGN §2). */
export function agentIri(organisationNumber: string): string {
  return `https://organization-catalog.fellesdatakatalog.digdir.no/organizations/${organisationNumber}`;
}

const classification = enumClasses({
  ministry: [gov.Ministry, schema.GovernmentOrganization, org.FormalOrganization],
  department: [gov.Department, schema.GovernmentOrganization, org.OrganizationalUnit],
  committee: [gov.Committee, schema.GovernmentOrganization],
  "advisory-panel": [gov.AdvisoryPanel, schema.Organization],
  agency: [schema.GovernmentOrganization, org.FormalOrganization],
  other: [schema.Organization],
});

/**
 * Organisation: foaf:Agent, org:Organization and a schema.org organisation. One with an organisation number
 * takes the national agent IRI and carries `dct:identifier` with the number.
 */
export const organisationMapping = defineMapping<Organisation>({
  type: "Organisation",
  schema: OrganisationSchema,
  kinds: ["organization"],
  subjectOf: (o) => (o.organisationNumber ? agentIri(o.organisationNumber) : undefined),
  classes: [foaf.Agent, org.Organization],
  fields: [
    field("classification", [rdf.type, classification]),
    ...commonFields().map((f) =>
      f.field === "title"
        ? field("title", [schema.name, text()], [foaf.name, text()], [dcterms.title, text()])
        : f,
    ),
    field("alternateName", [schema.alternateName, text()]),
    field("url", [schema.url, iri()], [foaf.homepage, iri()]),
    field("organisationNumber", [dcterms.identifier, plain()], [schema.identifier, plain()]),
    hierarchical(field("parent", [schema.parentOrganization, ref()], [org.subOrganizationOf, ref()])),
    field("contactPoint", [schema.contactPoint, ref()]),
    fieldList("sameAs", [schema.sameAs, iri()]),
  ],
  derivedVocabulary: [org.unitOf, dcterms.type],
  derived: (item, env) => {
    // DCAT-AP recommends the agent's type from the ADMS publisher types: a ministry is a national authority.
    if (item.classification === "ministry") {
      env.emit(siteQuad(env.subject, dcterms.type, DataFactory.namedNode(NATIONAL_AUTHORITY)));
    }
    // ORG: a department is an org:OrganizationalUnit, and org:unitOf names the organisation it belongs to.
    if (item.classification === "department" && item.parent) {
      env.emit(siteQuad(env.subject, org.unitOf, env.ctx.resolveRef(item.parent)));
    }
  },
});
