import type { Transform } from "node:stream";
import { constants, createBrotliCompress, createDeflate, createGzip } from "node:zlib";
import Negotiator from "negotiator";

/** The content codings the router compresses with, in our order of preference among equal weights. */
export const CONTENT_CODINGS = Object.freeze(["br", "gzip", "deflate"] as const);

/** A content coding of {@link CONTENT_CODINGS}. */
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/**
 * Bodies shorter than this are sent as they are: a coding's header and dictionary outweigh what it saves (the
 * threshold of Express's `compression` middleware).
 */
export const COMPRESSION_THRESHOLD = 1024;

/**
 * Picks the content coding of a response from `Accept-Encoding` with `negotiator` (the negotiation Express's
 * `accepts` and the `compression` middleware use; RFC 9110 §12.5.3): the coding of ours the client weighs highest,
 * ties going to our order (brotli, gzip, deflate); none (identity) without the header or with an empty one
 * (DESIGN §8: never a coding the client did not ask for), when nothing of ours is acceptable, or when the client
 * weighs identity higher. Never throws.
 * @example
 * chooseContentCoding("gzip, deflate, br"); // "br"
 * chooseContentCoding("gzip;q=0.5, identity"); // undefined
 */
export function chooseContentCoding(header: string | undefined): ContentCoding | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  // (negotiator 1 takes the preferred order; its types, written for 0.6, do not say so.)
  const negotiator = new Negotiator({ headers: { "accept-encoding": header } }) as Negotiator & {
    encoding(available: string[], options: { preferred: string[] }): string | undefined;
  };
  const chosen = negotiator.encoding([...CONTENT_CODINGS, "identity"], { preferred: [...CONTENT_CODINGS] });
  return CONTENT_CODINGS.find((c) => c === chosen);
}

/** A stream that encodes `length` bytes in a coding (brotli at quality 4, as Express's `compression` does: fast). */
export const ENCODERS: Readonly<Record<ContentCoding, (length: number) => Transform>> = Object.freeze({
  br: (length: number) =>
    createBrotliCompress({
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: length,
      },
    }),
  gzip: () => createGzip(),
  deflate: () => createDeflate(),
});
