import { createVocabulary } from "./namespace.js";

/** The `org:` vocabulary (<http://www.w3.org/ns/org#>). */
export const org = createVocabulary("http://www.w3.org/ns/org#", [
  "Organization",
  "FormalOrganization",
  "OrganizationalUnit",
  "unitOf",
  "hasUnit",
  "subOrganizationOf",
  "hasSubOrganization",
  "identifier",
  "classification",
] as const);
