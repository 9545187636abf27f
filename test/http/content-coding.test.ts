import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  CONTENT_CODINGS,
  type ContentCoding,
  chooseContentCoding,
  ENCODERS,
} from "../../src/http/content-coding.js";

function whenAcceptEncoding(header: string | undefined, expected: ContentCoding | undefined): void {
  it(`answers Accept-Encoding: ${header === undefined ? "(none)" : JSON.stringify(header)} with ${expected ?? "identity"}`, () => {
    expect(chooseContentCoding(header)).toBe(expected);
  });
}

describe("http/content-coding", () => {
  describe("chooseContentCoding", () => {
    // DESIGN §8: never a coding the client did not ask for.
    whenAcceptEncoding(undefined, undefined);
    whenAcceptEncoding("", undefined);
    whenAcceptEncoding("identity", undefined);
    whenAcceptEncoding("gzip", "gzip");
    whenAcceptEncoding("GZip", "gzip");
    whenAcceptEncoding("deflate", "deflate");
    whenAcceptEncoding("br", "br");
    // Equal weights: our order, whatever the client's (browsers list gzip first, curl deflate).
    whenAcceptEncoding("gzip, deflate, br, zstd", "br");
    whenAcceptEncoding("deflate, gzip", "gzip");
    whenAcceptEncoding("*", "br");
    // Weights decide first.
    whenAcceptEncoding("br;q=0.5, gzip", "gzip");
    whenAcceptEncoding("gzip;q=0.2, deflate;q=0.4", "deflate");
    whenAcceptEncoding("br;q=0, *", "gzip");
    whenAcceptEncoding("*;q=0.5, gzip;q=0", "br");
    whenAcceptEncoding("gzip;q=0", undefined);
    whenAcceptEncoding("compress, zstd", undefined);
    // Identity wins only when weighed higher; it is acceptable unless excluded.
    whenAcceptEncoding("gzip;q=0.5, identity", undefined);
    whenAcceptEncoding("gzip;q=0.5, identity;q=0.5", "gzip");
    whenAcceptEncoding("identity;q=0, gzip;q=0.1", "gzip");
    whenAcceptEncoding("*;q=0.3, gzip;q=0.2", "br");
    // Malformed elements are left out, the rest kept; a coding named twice counts once, the first time.
    whenAcceptEncoding("g zip, br;q=0.1", "br");
    whenAcceptEncoding("gzip;q=0.1, gzip", "gzip");
    whenAcceptEncoding(" , ;q=1, gzip ; q=0.8 ", "gzip");
  });

  it("answers any header, however malformed, with one of our codings or identity", () => {
    for (const header of ["gzip;q=bogus, *;q=", "gzip;q=2, deflate", ";;;", "q=1", "*;q=-1", "\u0000gzip"])
      expect([...CONTENT_CODINGS, undefined]).toContain(chooseContentCoding(header));
  });

  describe("ENCODERS", () => {
    it("encodes in every coding, read back by the matching decoder", async () => {
      const text = Buffer.from(
        "<https://data.example.gov/id/x> a <http://www.w3.org/ns/dcat#Dataset> .\n".repeat(200),
      );
      const decode: Record<ContentCoding, (b: Buffer) => Buffer> = {
        br: brotliDecompressSync,
        gzip: gunzipSync,
        deflate: inflateSync,
      };
      for (const coding of CONTENT_CODINGS) {
        const encoder = ENCODERS[coding](text.byteLength);
        const chunks: Buffer[] = [];
        encoder.on("data", (c: Buffer) => chunks.push(c));
        const ended = new Promise((resolve) => encoder.on("end", resolve));
        encoder.end(text);
        await ended;
        const coded = Buffer.concat(chunks);
        expect(coded.byteLength, coding).toBeLessThan(text.byteLength);
        expect(decode[coding](coded).equals(text), coding).toBe(true);
      }
    });
  });
});
