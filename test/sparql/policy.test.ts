import { describe, expect, it } from "vitest";
import { isLodError, ParseError } from "../../src/errors.js";
import { QueryRefusedError } from "../../src/sparql/errors.js";
import { inspectQuery } from "../../src/sparql/policy.js";

function refusal(query: string): string | undefined {
  try {
    inspectQuery(query);
    return undefined;
  } catch (e) {
    return e instanceof QueryRefusedError ? e.reason : isLodError(e) ? e.code : String(e);
  }
}

describe("sparql/policy", () => {
  it("names the form of each query", () => {
    expect(inspectQuery("SELECT * { ?s ?p ?o }").form).toBe("SELECT");
    expect(inspectQuery("ASK { ?s ?p ?o }").form).toBe("ASK");
    expect(inspectQuery("CONSTRUCT WHERE { ?s ?p ?o }").form).toBe("CONSTRUCT");
    expect(inspectQuery("DESCRIBE <http://example.org/x>").form).toBe("DESCRIBE");
  });

  it.each([
    "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <http://e/g>",
    "LOAD <http://127.0.0.1:1/data.ttl>",
    "CREATE GRAPH <http://e/g>",
    "PREFIX e: <http://e/> DELETE { ?s e:p ?o } INSERT { ?s e:q ?o } WHERE { ?s e:p ?o }",
  ])("refuses the update %s", (q) => {
    expect(refusal(q)).toBe("update");
  });

  it.each([
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
    "SELECT * { { SELECT ?s { OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } } } }",
    "SELECT * { { ?s ?p ?o } UNION { GRAPH ?g { MINUS { SERVICE ?endpoint { ?s ?p ?o } } } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "ASK { BIND(1 AS ?x) SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
  ])("refuses SERVICE wherever it is: %s", (q) => {
    expect(refusal(q)).toBe("service");
  });

  it("does not mistake the word service in a literal or IRI for SERVICE", () => {
    expect(refusal('SELECT * { ?s <http://e/service> "SERVICE <http://x/> { }" }')).toBeUndefined();
  });

  it("throws ParseError with the parser's message and its line on a syntax error", () => {
    try {
      inspectQuery("SELECT * WHERE {\n  ?s ?p \n}");
      expect.fail("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).message).toMatch(/Parse error on line \d+/);
      expect((e as ParseError).message).toContain(`on line ${(e as ParseError).line}:`);
    }
  });

  it("refuses an empty request as a usage error", () => {
    expect(refusal("  \n")).toBe("usage_error");
  });

  it("caps the result size with LIMIT, keeping smaller limits untouched", () => {
    const capped = inspectQuery("SELECT * { ?s ?p ?o }", { maxResults: 100 });
    expect(capped.rewritten).toBe(true);
    expect(capped.text).toMatch(/LIMIT 101\s*$/);
    const small = inspectQuery("SELECT * { ?s ?p ?o } LIMIT 5", { maxResults: 100 });
    expect(small).toMatchObject({ rewritten: false, text: "SELECT * { ?s ?p ?o } LIMIT 5" });
    expect(inspectQuery("SELECT * { ?s ?p ?o } LIMIT 500", { maxResults: 100 }).text).toMatch(
      /LIMIT 101\s*$/,
    );
    expect(inspectQuery("ASK { ?s ?p ?o }", { maxResults: 1 }).rewritten).toBe(false);
    expect(inspectQuery("CONSTRUCT WHERE { ?s ?p ?o }", { maxResults: 7 }).text).toMatch(/LIMIT 8\s*$/);
  });

  it("says whether the query names its own dataset", () => {
    expect(inspectQuery("SELECT * FROM <http://e/g> { ?s ?p ?o }").hasDataset).toBe(true);
    expect(inspectQuery("SELECT * FROM NAMED <http://e/g> { GRAPH ?g { ?s ?p ?o } }").hasDataset).toBe(true);
    expect(inspectQuery("SELECT * { ?s ?p ?o }").hasDataset).toBe(false);
  });

  it("resolves relative IRIs against the base IRI", () => {
    const { text } = inspectQuery("SELECT * { <doc/news/x> ?p ?o }", {
      baseIri: "http://localhost:3000/",
      maxResults: 10,
    });
    expect(text).toContain("<http://localhost:3000/doc/news/x>");
  });
});
