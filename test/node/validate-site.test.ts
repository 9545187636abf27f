/**
 * `graphHash` keys the validation and fingerprints a build records in its manifest: its value must stay what
 * earlier builds recorded (the SHA-256 of the quads' lines joined by newlines), however it is computed, or every
 * rebuild after an upgrade would start from nothing.
 */
import { createHash } from "node:crypto";
import { DataFactory } from "n3";
import { describe, expect, it } from "vitest";
import { graphHash } from "../../src/node/validate-site.js";

const { namedNode, literal, quad, blankNode } = DataFactory;

/** The definition: one line per quad, in the given order. */
function byDefinition(quads: ReturnType<typeof quad>[]): string {
  const line = (q: ReturnType<typeof quad>) =>
    [q.subject, q.predicate, q.object, q.graph]
      .map((t) =>
        t.termType === "Literal"
          ? `"${t.value}"@${t.language}^^${t.datatype.value}`
          : t.termType === "BlankNode"
            ? `_:${t.value}`
            : t.termType === "DefaultGraph"
              ? ""
              : t.value,
      )
      .join(" ");
  return createHash("sha256").update(quads.map(line).join("\n")).digest("hex");
}

describe("graphHash", () => {
  // Long literals, so the text is handed to the hash in several pieces.
  const quads = Array.from({ length: 3_000 }, (_, i) =>
    quad(
      i % 7 === 0 ? blankNode(`b${i}`) : namedNode(`https://example.org/id/thing-${i % 50}`),
      namedNode("http://purl.org/dc/terms/title"),
      i % 3 === 0
        ? literal(`Tittel ${i} ${"å".repeat(i % 40)}`, "nb")
        : literal(String(i), namedNode("http://www.w3.org/2001/XMLSchema#integer")),
      i % 5 === 0 ? namedNode("https://example.org/doc/x") : DataFactory.defaultGraph(),
    ),
  );

  it("is the SHA-256 of the quads' lines joined by newlines, in the order given", () => {
    expect(graphHash(quads)).toBe(byDefinition(quads));
    expect(graphHash(quads.slice(0, 1))).toBe(byDefinition(quads.slice(0, 1)));
    expect(graphHash([])).toBe(createHash("sha256").update("").digest("hex"));
  });

  it("changes with the order and with any one term", () => {
    const swapped = [quads[1], quads[0], ...quads.slice(2)] as typeof quads;
    expect(graphHash(swapped)).not.toBe(graphHash(quads));
    const edited = [...quads];
    edited[2_500] = quad(
      namedNode("https://example.org/id/thing-0"),
      namedNode("http://purl.org/dc/terms/title"),
      literal("changed", "nb"),
    );
    expect(graphHash(edited)).not.toBe(graphHash(quads));
  });
});
