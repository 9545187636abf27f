export { adms } from "./adms.js";
export { dcat } from "./dcat.js";
export { dcatap } from "./dcatap.js";
export { dcterms } from "./dcterms.js";
export { foaf } from "./foaf.js";
export { gov } from "./gov.js";
export { hydra } from "./hydra.js";
export { ldes } from "./ldes.js";
export type { Vocabulary } from "./namespace.js";
export { createVocabulary } from "./namespace.js";
export { org } from "./org.js";
export { owl } from "./owl.js";
export { prov } from "./prov.js";
export { rdf } from "./rdf.js";
export { rdfs } from "./rdfs.js";
export { schema } from "./schema.js";
export { skos } from "./skos.js";
export { tree } from "./tree.js";
export { vcard } from "./vcard.js";
export { voiD } from "./void.js";
export { xsd } from "./xsd.js";

/** Turtle prefixes used by our serializers, in a stable order. */
export const PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  owl: "http://www.w3.org/2002/07/owl#",
  dcat: "http://www.w3.org/ns/dcat#",
  dcterms: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  schema: "http://schema.org/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  org: "http://www.w3.org/ns/org#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  prov: "http://www.w3.org/ns/prov#",
  adms: "http://www.w3.org/ns/adms#",
  dcatap: "http://data.europa.eu/r5r/",
  hydra: "http://www.w3.org/ns/hydra/core#",
  void: "http://rdfs.org/ns/void#",
  tree: "https://w3id.org/tree#",
  ldes: "https://w3id.org/ldes#",
  gov: "https://w3id.org/govlod/ns#",
});
