import { beforeAll, describe, expect, it } from "vitest";
import { loadShapes } from "../../src/node/load-shapes.js";
import { type Shapes, validate } from "../../src/validate/index.js";
import { parseTurtle } from "../helpers/rdf.js";

type Found = { code: string; path: string; severity: string }[];

async function check(shapes: Shapes, turtle: string): Promise<Found> {
  const { issues } = await validate(parseTurtle(turtle), { shapes });
  return issues.map((i) => ({ code: i.code, path: String(i.path[0] ?? ""), severity: i.severity }));
}

const has = (found: Found, path: string, severity: string, code?: string) =>
  found.some((f) => f.path === path && f.severity === severity && (code === undefined || f.code === code));

const S = "http://schema.org/";

describe("shapes/profile-search-engines.ttl", () => {
  let shapes: Shapes;
  beforeAll(async () => {
    shapes = await loadShapes(undefined, { include: (f) => f === "profile-search-engines.ttl" });
  });

  it("accepts a complete NewsArticle without findings", async () => {
    const found = await check(
      shapes,
      `ex:a a schema:NewsArticle ; schema:headline "Nyhet"@nb ; schema:image ex:img ;
         schema:datePublished "2021-05-05T00:00:00+02:00"^^schema:Date ; schema:dateModified "2021-05-06T10:00:00Z"^^schema:Date ;
         schema:author ex:org .
       ex:img a schema:ImageObject ; schema:url <https://example.org/a.jpg> .
       ex:org a schema:GovernmentOrganization ; schema:name "Dep"@nb ; schema:url <https://example.org/> .`,
    );
    expect(found).toEqual([]);
  });

  it("rejects a non-ISO date and warns on missing recommended properties and a missing time zone", async () => {
    const found = await check(
      shapes,
      `ex:a a schema:NewsArticle ; schema:datePublished "05.05.2021" ; schema:dateModified "2021-05-06T10:00:00" .`,
    );
    expect(has(found, `${S}datePublished`, "violation", "NodeConstraintComponent")).toBe(true);
    expect(has(found, `${S}dateModified`, "violation")).toBe(false);
    expect(has(found, `${S}dateModified`, "warning", "NodeConstraintComponent")).toBe(true);
    for (const p of ["headline", "image", "author"])
      expect(has(found, `${S}${p}`, "warning", "MinCountConstraintComponent")).toBe(true);
  });

  it("warns when an image has no crawlable URL, and when an author is neither a Person nor an Organization", async () => {
    const found = await check(
      shapes,
      `ex:a a schema:Article ; schema:headline "x" ; schema:image ex:img ; schema:author ex:thing ;
         schema:datePublished "2021-05-05"^^schema:Date ; schema:dateModified "2021-05-05"^^schema:Date .
       ex:img a schema:ImageObject ; schema:caption "Narvik"@nb .
       ex:thing a schema:Thing .`,
    );
    expect(found.some((f) => f.code === "OrConstraintComponent" && f.severity === "warning")).toBe(true);
    expect(has(found, `${S}author`, "warning", "NodeConstraintComponent")).toBe(true);
    expect(found.every((f) => f.severity === "warning")).toBe(true);
  });

  it("requires a Dataset's name and a description of 50 to 5000 characters", async () => {
    const short = await check(shapes, `ex:d a schema:Dataset ; schema:description "Too short."@en .`);
    expect(has(short, `${S}name`, "violation", "MinCountConstraintComponent")).toBe(true);
    expect(has(short, `${S}description`, "violation", "MinLengthConstraintComponent")).toBe(true);
    const good = await check(
      shapes,
      `ex:d a schema:Dataset ; schema:name "Data"@en ; schema:description "${"A description long enough for Google. ".repeat(2)}"@en ;
         schema:url <https://example.org/d> ; schema:creator ex:o ; schema:license <https://example.org/l> ; schema:keywords "k"@en ;
         schema:distribution ex:dl ; schema:includedInDataCatalog ex:c ; schema:spatialCoverage "Norway" ;
         schema:temporalCoverage "2021" ; schema:isAccessibleForFree true .
       ex:dl a schema:DataDownload ; schema:contentUrl <https://example.org/d.ttl> ; schema:encodingFormat "text/turtle" .`,
    );
    expect(good).toEqual([]);
  });

  it("requires breadcrumbs as ListItems with a position and a name", async () => {
    const found = await check(
      shapes,
      `ex:b a schema:BreadcrumbList ; schema:itemListElement ex:i1 .
       ex:i1 a schema:ListItem ; schema:position "one" .`,
    );
    expect(has(found, `${S}position`, "violation", "DatatypeConstraintComponent")).toBe(true);
    expect(has(found, `${S}name`, "violation", "MinCountConstraintComponent")).toBe(true);
    expect(has(found, `${S}itemListElement`, "warning", "MinCountConstraintComponent")).toBe(true);
    const empty = await check(shapes, `ex:b a schema:BreadcrumbList .`);
    expect(has(empty, `${S}itemListElement`, "violation", "MinCountConstraintComponent")).toBe(true);
    const good = await check(
      shapes,
      `ex:b a schema:BreadcrumbList ; schema:itemListElement ex:i1, ex:i2 .
       ex:i1 a schema:ListItem ; schema:position 1 ; schema:name "Forside" ; schema:item <https://example.org/> .
       ex:i2 a schema:ListItem ; schema:position 2 ; schema:name "Nyheter" ; schema:item <https://example.org/n> .`,
    );
    expect(good).toEqual([]);
  });
});

describe("shapes/profile-dcat-ap-no.ttl", () => {
  let shapes: Shapes;
  beforeAll(async () => {
    shapes = await loadShapes(undefined, { include: (f) => f === "profile-dcat-ap-no.ttl" });
  });
  const V = "http://www.w3.org/2006/vcard/ns#";
  const D = "http://www.w3.org/ns/dcat#";

  it("requires a contact point's e-mail or contact page", async () => {
    const without = await check(shapes, `ex:k a vcard:Organization ; vcard:fn "Avdeling"@nb .`);
    expect(without.some((f) => f.code === "OrConstraintComponent" && f.severity === "violation")).toBe(true);
    const withUrl = await check(
      shapes,
      `ex:k a vcard:Organization ; vcard:fn "Avdeling"@nb ; vcard:hasURL <https://example.org/k> .`,
    );
    expect(withUrl).toEqual([]);
    const badMail = await check(
      shapes,
      `ex:k a vcard:Kind ; vcard:fn "A"@nb ; vcard:hasEmail <https://example.org/> .`,
    );
    expect(has(badMail, `${V}hasEmail`, "violation", "PatternConstraintComponent")).toBe(true);
  });

  it("requires at least one EU data theme on a dataset, and only EU or LOS themes", async () => {
    const base = `ex:p a foaf:Agent ; foaf:name "P"@nb ; dcterms:identifier "972417858" ; dcterms:type <http://purl.org/adms/publishertype/NationalAuthority> .
       ex:k a vcard:Organization ; vcard:fn "K"@nb ; vcard:hasURL <https://example.org/k> .
       ex:d a dcat:Dataset ; dcterms:title "D"@nb ; dcterms:description "D"@nb ; dcterms:publisher ex:p ; dcat:contactPoint ex:k ;`;
    const losOnly = await check(
      shapes,
      `${base} dcat:theme <https://psi.norge.no/los/ord/regional-planlegging> .`,
    );
    expect(has(losOnly, `${D}theme`, "violation", "QualifiedMinCountConstraintComponent")).toBe(true);
    const other = await check(
      shapes,
      `${base} dcat:theme <http://publications.europa.eu/resource/authority/data-theme/REGI>, <https://example.org/theme> .`,
    );
    expect(has(other, `${D}theme`, "violation", "PatternConstraintComponent")).toBe(true);
    const ok = await check(
      shapes,
      `${base} dcat:theme <http://publications.europa.eu/resource/authority/data-theme/REGI> .`,
    );
    expect(ok.filter((f) => f.severity === "violation")).toEqual([]);
  });

  it("checks an agent's organisation number and publisher type by pattern", async () => {
    const found = await check(
      shapes,
      `ex:p a foaf:Agent ; foaf:name "P"@nb ; dcterms:identifier "97241785" ; dcterms:type <https://example.org/ministry> .`,
    );
    expect(has(found, "http://purl.org/dc/terms/identifier", "violation", "PatternConstraintComponent")).toBe(
      true,
    );
    expect(has(found, "http://purl.org/dc/terms/type", "violation", "PatternConstraintComponent")).toBe(true);
  });
});
