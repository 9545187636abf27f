import Negotiator from "negotiator";
import type { Format } from "./formats.js";

/** The outcome of content negotiation. */
export type Choice =
  | { ok: true; format: Format; negotiated: boolean }
  | { ok: false; reason: "unknown_format" | "not_acceptable"; supported: readonly Format[] };

/**
 * Picks a representation: an explicit format (`?format=` or file extension) wins over `Accept`; otherwise the
 * client's preferences (RFC 9110 §12.5.1: q-values, specificity, wildcards, `q=0`) decide and our registry order
 * breaks ties. No Accept header means `*∕*`, answered with the first format (Turtle).
 */
export function chooseFormat(
  accept: string | undefined,
  formatParam: string | undefined,
  formats: readonly Format[],
): Choice {
  if (formatParam !== undefined) {
    const f = formats.find((x) => x.id === formatParam.toLowerCase());
    return f ? { ok: true, format: f, negotiated: false } : { ok: false, reason: "unknown_format", supported: formats };
  }
  const header = accept === undefined || accept.trim() === "" ? "*/*" : accept;
  const available = formats.map((f) => f.mediaType);
  // application/json is answered with JSON-LD, which is JSON.
  const jsonLd = formats.find((f) => f.mediaType === "application/ld+json");
  const offered = jsonLd ? [...available, "application/json"] : available;
  let preferred: string[];
  try {
    preferred = new Negotiator({ headers: { accept: header } }).mediaTypes(offered);
  } catch {
    preferred = [];
  }
  const first = preferred[0];
  if (first === undefined) return { ok: false, reason: "not_acceptable", supported: formats };
  const format = first === "application/json" ? jsonLd : formats.find((f) => f.mediaType === first);
  return format ? { ok: true, format, negotiated: true } : { ok: false, reason: "not_acceptable", supported: formats };
}
