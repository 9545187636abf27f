import { createVocabulary } from "./namespace.js";

/** The `vcard:` vocabulary (<http://www.w3.org/2006/vcard/ns#>). */
export const vcard = createVocabulary("http://www.w3.org/2006/vcard/ns#", [
  "Kind",
  "Organization",
  "Individual",
  "Address",
  "Voice",
  "Work",
  "fn",
  "hasTelephone",
  "hasEmail",
  "hasURL",
  "hasAddress",
  "street-address",
  "post-office-box",
  "postal-code",
  "locality",
  "country-name",
  "organization-name",
  "hasValue",
] as const);
