import { describe, expect, it } from "vitest";
import { ParseError } from "../../src/errors.js";
import {
  parseJsonResults,
  RESULTS_CSV,
  RESULTS_JSON,
  RESULTS_TSV,
  RESULTS_XML,
  type TabularResult,
} from "../../src/sparql/results.js";

const XSD = "http://www.w3.org/2001/XMLSchema#";

const result: TabularResult = {
  form: "SELECT",
  vars: ["s", "label", "n"],
  solutions: [
    {
      s: { type: "uri", value: "http://e/a" },
      label: { type: "literal", value: 'Byer, "kyst"\nog fjell', "xml:lang": "nb" },
      n: { type: "literal", value: "2", datatype: `${XSD}integer` },
    },
    { s: { type: "bnode", value: "b0" }, label: { type: "literal", value: "tab\there & <there>" } },
  ],
};

describe("sparql/results", () => {
  it("writes SPARQL Results JSON that reads back to the same result", () => {
    const text = RESULTS_JSON.write(result);
    expect(JSON.parse(text).head.vars).toEqual(["s", "label", "n"]);
    expect(parseJsonResults(text)).toEqual(result);
    expect(parseJsonResults(RESULTS_JSON.write({ form: "ASK", boolean: true }))).toEqual({
      form: "ASK",
      boolean: true,
    });
  });

  it("reads the typed-literal type and drops xsd:string, as older servers send them", () => {
    const text = JSON.stringify({
      head: { vars: ["x", "y"] },
      results: {
        bindings: [
          {
            x: { type: "typed-literal", value: "1", datatype: `${XSD}integer` },
            y: { type: "literal", value: "a", datatype: `${XSD}string` },
          },
        ],
      },
    });
    expect(parseJsonResults(text)).toEqual({
      form: "SELECT",
      vars: ["x", "y"],
      solutions: [
        { x: { type: "literal", value: "1", datatype: `${XSD}integer` }, y: { type: "literal", value: "a" } },
      ],
    });
  });

  it("rejects a document that is not a results document", () => {
    expect(() => parseJsonResults("<html>")).toThrow(ParseError);
    expect(() => parseJsonResults('{"head":{}}')).toThrow(ParseError);
    expect(() =>
      parseJsonResults('{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"pointer"}}]}}'),
    ).toThrow(ParseError);
  });

  it("writes SPARQL Results XML with escaped text and language and datatype attributes", () => {
    expect(RESULTS_XML.write(result)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n' +
        '<head><variable name="s"/><variable name="label"/><variable name="n"/></head>\n<results>\n' +
        '<result><binding name="s"><uri>http://e/a</uri></binding><binding name="label"><literal xml:lang="nb">Byer, &quot;kyst&quot;\nog fjell</literal></binding><binding name="n"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">2</literal></binding></result>\n' +
        '<result><binding name="s"><bnode>b0</bnode></binding><binding name="label"><literal>tab\there &amp; &lt;there&gt;</literal></binding></result>\n' +
        "</results>\n</sparql>\n",
    );
    expect(RESULTS_XML.write({ form: "ASK", boolean: false })).toContain("<boolean>false</boolean>");
  });

  it("writes SPARQL 1.1 CSV: plain values, RFC 4180 quoting, empty for unbound, CRLF", () => {
    expect(RESULTS_CSV.write(result)).toBe(
      's,label,n\r\nhttp://e/a,"Byer, ""kyst""\nog fjell",2\r\n_:b0,tab\there & <there>,\r\n',
    );
  });

  it("writes SPARQL 1.1 TSV: terms in Turtle syntax with escapes, ?-prefixed header", () => {
    expect(RESULTS_TSV.write(result)).toBe(
      '?s\t?label\t?n\n<http://e/a>\t"Byer, \\"kyst\\"\\nog fjell"@nb\t"2"^^<http://www.w3.org/2001/XMLSchema#integer>\n_:b0\t"tab\\there & <there>"\t\n',
    );
  });
});
