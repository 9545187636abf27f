import type { Quad } from "@rdfjs/types";
import { DataFactory } from "n3";
import { describe, expect, it } from "vitest";
import { groupText, joinInPieces } from "../../src/serialize/pieces.js";

const { namedNode, literal, quad } = DataFactory;

describe("serialize/pieces", () => {
  it("joinInPieces hands out the join in pieces of a given number of parts", () => {
    const parts = ["a", "b", "c", "d", "e"];
    const pieces = [...joinInPieces(parts, ",", 2)];
    expect(pieces).toEqual(["a,b", ",c,d", ",e"]);
    expect(pieces.join("")).toBe(parts.join(","));
    expect([...joinInPieces([], ",", 2)]).toEqual([]);
  });

  it("groupText makes a group's text once per array and form, not per equal array", () => {
    const group: Quad[] = [
      quad(namedNode("http://example.org/s"), namedNode("http://example.org/p"), literal("o")),
    ];
    let made = 0;
    const make = () => `text ${++made}`;
    expect(groupText(group, "ttl", make)).toBe("text 1");
    expect(groupText(group, "ttl", make)).toBe("text 1");
    // Another form of the same group, and an equal group in another array, are made again.
    expect(groupText(group, "jsonld", make)).toBe("text 2");
    expect(groupText([...group], "ttl", make)).toBe("text 3");
    expect(made).toBe(3);
  });
});
