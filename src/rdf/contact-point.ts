import type { ContactPoint } from "../model/contact-point.js";
import { ContactPointSchema } from "../model/contact-point.js";
import { dcterms, schema, vcard } from "../vocab/index.js";
import {
  type Codec,
  date,
  defineMapping,
  field,
  iri,
  type NodeMapping,
  node,
  plain,
  prefixedIri,
  text,
} from "./mapping.js";

const address: NodeMapping = {
  classes: [schema.PostalAddress, vcard.Address],
  fields: [
    field("streetAddress", [schema.streetAddress, plain()], [vcard["street-address"], plain()]),
    field("postalCode", [schema.postalCode, plain()], [vcard["postal-code"], plain()]),
    field("locality", [schema.addressLocality, plain()], [vcard.locality, plain()]),
    field("country", [schema.addressCountry, plain()], [vcard["country-name"], plain()]),
  ],
};

/** The visiting address is a schema:Place whose address is the PostalAddress (DESIGN §2). */
const visitingPlace: NodeMapping = {
  classes: [schema.Place],
  fields: [
    field("address", [
      schema.address,
      node(address, (_v, env) => `${env.subject.value.replace(/#.*$/, "")}#visiting-address`) as Codec,
    ]),
  ],
};

/** Wraps the visiting address in its Place node and unwraps it when reading. */
function visiting(): Codec<Record<string, unknown>> {
  const inner = node(visitingPlace, "visiting-place");
  return {
    ...(inner.vocabulary ? { vocabulary: inner.vocabulary } : {}),
    write: (value, env) => inner.write({ address: value }, env),
    read: (terms, env) => inner.read(terms, env)?.address as Record<string, unknown> | undefined,
  };
}

/** The vCard address node of the visiting address, so vCard clients see both addresses. */
function visitingVcard(): Codec<Record<string, unknown>> {
  return {
    write: (_value, env) => [env.ctx.named(`${env.subject.value}#visiting-address`)],
    read: () => undefined,
  };
}

/** Contact point: vcard:Organization (a vcard:Kind, as DCAT's contactPoint needs) and schema:ContactPoint. */
export const contactPointMapping = defineMapping<ContactPoint>({
  type: "ContactPoint",
  schema: ContactPointSchema,
  kinds: ["contact-point"],
  classes: [vcard.Organization, schema.ContactPoint],
  fields: [
    field("title", [vcard.fn, text()], [schema.name, text()]),
    field("description", [schema.description, text()]),
    field("published", [dcterms.issued, date()]),
    field("modified", [dcterms.modified, date()]),
    field(
      "telephone",
      [schema.telephone, plain()],
      [vcard.hasTelephone, prefixedIri("tel:", (v) => v.replace(/ /g, ""))],
    ),
    field("email", [schema.email, plain()], [vcard.hasEmail, prefixedIri("mailto:")]),
    field("url", [schema.url, iri()], [vcard.hasURL, iri()]),
    field(
      "postalAddress",
      [schema.address, node(address, "postal-address") as Codec],
      [vcard.hasAddress, node(address, "postal-address") as Codec],
    ),
    field(
      "visitingAddress",
      [schema.location, visiting() as Codec],
      [vcard.hasAddress, visitingVcard() as Codec],
    ),
  ],
});
