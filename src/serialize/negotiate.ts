import { type Format, findFormat } from "./formats.js";

/** The outcome of content negotiation. */
export type Choice =
  | { ok: true; format: Format; negotiated: boolean }
  | { ok: false; reason: "unknown_format" | "not_acceptable"; supported: readonly Format[] };

/** One media range of an `Accept` header (RFC 9110 §12.5.1), lower-cased, with its weight. */
export interface MediaRange {
  /** `text`, or `*`. */
  readonly type: string;
  /** `turtle`, or `*`. */
  readonly subtype: string;
  /** Media type parameters before the weight; names lower-cased, values unquoted. */
  readonly params: Readonly<Record<string, string>>;
  /** The weight, 0 to 1. */
  readonly q: number;
}

/** Something offered in negotiation: a media type, the other types it also answers, the profiles it satisfies. */
interface Offer {
  mediaType: string;
  aliases: readonly string[];
  profiles: readonly string[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Splits a header list on commas (or another separator) outside quoted strings. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === "\\" && i + 1 < text.length) {
      current += c + (text[++i] as string);
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string | undefined {
  if (!value.startsWith('"')) return TOKEN.test(value) ? value : undefined;
  if (value.length < 2 || !value.endsWith('"')) return undefined;
  return value.slice(1, -1).replace(/\\(.)/g, "$1");
}

/**
 * Parses an `Accept` header into media ranges (RFC 9110 §12.5.1). Never throws: a malformed range (no `/`,
 * `*∕json`, a bad parameter or weight) is left out, the rest is kept; anything after the weight (`accept-ext`) is
 * ignored.
 */
export function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const element of splitOutsideQuotes(header, ",")) {
    const [head, ...rest] = splitOutsideQuotes(element, ";").map((s) => s.trim());
    if (!head) continue;
    const slash = head.indexOf("/");
    const type = head.slice(0, slash).toLowerCase();
    const subtype = head.slice(slash + 1).toLowerCase();
    if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === "*" && subtype !== "*")) continue;
    const params: Record<string, string> = {};
    let q = 1;
    let valid = true;
    for (const p of rest) {
      const eq = p.indexOf("=");
      const name = p.slice(0, eq).trim().toLowerCase();
      const raw = p.slice(eq + 1).trim();
      const value = unquote(raw);
      if (eq < 1 || !TOKEN.test(name) || value === undefined) {
        valid = false;
        break;
      }
      if (name === "q") {
        if (!QVALUE.test(value)) valid = false;
        else q = Number(value);
        break; // RFC 9110: the weight ends the media range's parameters.
      }
      params[name] = value;
    }
    if (valid) ranges.push({ type, subtype, params, q });
  }
  return ranges;
}

/** How specifically `range` names `offer`; undefined when it does not match. */
function specificity(range: MediaRange, offer: Offer): number | undefined {
  const [type, subtype] = offer.mediaType.split("/") as [string, string];
  let s: number;
  if (range.type === "*") s = 1;
  else if (range.subtype === "*") {
    // Only a format's own type: `application/*` is not an ask for Turtle because Turtle is also TriG.
    if (range.type !== type) return undefined;
    s = 2;
  } else if (range.type === type && range.subtype === subtype) s = 4;
  else if (offer.aliases.includes(`${range.type}/${range.subtype}`)) s = 3;
  else return undefined;
  const names = Object.keys(range.params);
  if (names.length === 0) return s;
  for (const name of names) {
    const value = range.params[name] as string;
    // Everything we send is UTF-8; a profile must be one our output satisfies; other parameters we do not have.
    if (name === "charset" && value.toLowerCase() === "utf-8") continue;
    if (
      name === "profile" &&
      value
        .split(/\s+/)
        .filter(Boolean)
        .every((p) => offer.profiles.includes(p))
    )
      continue;
    return undefined;
  }
  return s + 0.5;
}

/**
 * Orders offers by the client's preference: the weight of the most specific matching range (RFC 9110 §12.5.1:
 * "the most specific reference has precedence"), then that range's specificity, then our order. Offers the client
 * excludes (`q=0`) or does not mention are left out.
 */
function rank(ranges: readonly MediaRange[], offers: readonly Offer[]): number[] {
  const scored: { index: number; q: number; s: number }[] = [];
  offers.forEach((offer, index) => {
    let best: { q: number; s: number } | undefined;
    for (const r of ranges) {
      const s = specificity(r, offer);
      if (s === undefined) continue;
      if (!best || s > best.s || (s === best.s && r.q > best.q)) best = { q: r.q, s };
    }
    if (best && best.q > 0) scored.push({ index, ...best });
  });
  scored.sort((a, b) => b.q - a.q || b.s - a.s || a.index - b.index);
  return scored.map((x) => x.index);
}

function rangesOf(accept: string | undefined): MediaRange[] {
  // RFC 9110 §12.5.1: no Accept means */*. A header with no valid range at all is disregarded the same way
  // (the server "can disregard the header field"), which answers sloppy clients instead of failing them.
  const ranges = accept === undefined ? [] : parseAccept(accept);
  return ranges.length > 0 ? ranges : [{ type: "*", subtype: "*", params: {}, q: 1 }];
}

/**
 * Picks one of `offered` media types for an `Accept` header, or undefined when none is acceptable. Ties go to
 * the earlier offer.
 * @example
 * negotiateMediaType("text/*;q=0.5, text/html", ["text/plain", "text/html"]); // "text/html"
 */
export function negotiateMediaType(
  accept: string | undefined,
  offered: readonly string[],
): string | undefined {
  const offers = offered.map((m) => ({ mediaType: m.toLowerCase(), aliases: [], profiles: [] }));
  const first = rank(rangesOf(accept), offers)[0];
  return first === undefined ? undefined : offered[first];
}

/**
 * Picks a representation: an explicit format (`?format=` or file extension; an id like `ttl` or a media type) wins
 * over `Accept`; otherwise the client's preferences decide (RFC 9110 §12.5.1: weights, specificity, wildcards,
 * `q=0` exclusions, parameters, case-insensitive) and our registry order breaks ties. No `Accept` or `*∕*` gives
 * the first format (Turtle); `application/json` is answered with JSON-LD. Pure; never throws.
 * @example
 * chooseFormat("application/ld+json;q=0.9, text/turtle;q=0.8", undefined, DEFAULT_FORMATS); // JSON-LD
 */
export function chooseFormat(
  accept: string | undefined,
  formatParam: string | undefined,
  formats: readonly Format[],
): Choice {
  if (formatParam !== undefined && formatParam.trim() !== "") {
    const f = findFormat(formatParam, formats);
    return f
      ? { ok: true, format: f, negotiated: false }
      : { ok: false, reason: "unknown_format", supported: formats };
  }
  const offers = formats.map((f) => ({
    mediaType: f.mediaType,
    aliases: f.aliases ?? [],
    profiles: f.profiles ?? [],
  }));
  const first = rank(rangesOf(accept), offers)[0];
  const format = first === undefined ? undefined : formats[first];
  return format
    ? { ok: true, format, negotiated: true }
    : { ok: false, reason: "not_acceptable", supported: formats };
}

const LANGUAGE_RANGE = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/;
/** ISO 639: `no` (Norwegian) is the macrolanguage of Bokmål and Nynorsk. */
const MACROLANGUAGES: Readonly<Record<string, readonly string[]>> = { no: ["nb", "nn"] };

/**
 * Picks the language of a human-readable page from `Accept-Language` (RFC 9110 §12.5.4, RFC 4647 matching):
 * `nb-NO` matches `nb`, `en` matches `en-GB`, `no` matches `nb` and `nn`, `*` anything, `q=0` excludes. Ties go
 * to the earlier of `available`; when nothing matches, the first available language (the header is advisory).
 * Never throws.
 * @param available the languages the content has, in our order of preference; not empty.
 */
export function chooseLanguage(acceptLanguage: string | undefined, available: readonly string[]): string {
  const fallback = available[0] ?? "nb";
  if (!acceptLanguage) return fallback;
  const ranges: { tag: string; q: number }[] = [];
  for (const element of acceptLanguage.split(",")) {
    const [tagPart, ...params] = element.split(";").map((s) => s.trim());
    const tag = (tagPart ?? "").toLowerCase();
    if (!LANGUAGE_RANGE.test(tag)) continue;
    let q = 1;
    const weight = params.find((p) => /^q\s*=/i.test(p));
    if (weight !== undefined) {
      const value = weight.replace(/^q\s*=\s*/i, "");
      if (!QVALUE.test(value)) continue;
      q = Number(value);
    }
    ranges.push({ tag, q });
  }
  let best: { index: number; q: number; s: number } | undefined;
  available.forEach((language, index) => {
    const lang = language.toLowerCase();
    let match: { q: number; s: number } | undefined;
    for (const r of ranges) {
      const s =
        r.tag === lang
          ? 4
          : r.tag.startsWith(`${lang}-`) || lang.startsWith(`${r.tag}-`)
            ? 3
            : MACROLANGUAGES[r.tag]?.includes(lang.split("-")[0] as string)
              ? 2
              : r.tag === "*"
                ? 1
                : 0;
      if (s > 0 && (!match || s > match.s || (s === match.s && r.q > match.q))) match = { q: r.q, s };
    }
    if (match && match.q > 0 && (!best || match.q > best.q)) best = { index, ...match };
  });
  return best ? (available[best.index] as string) : fallback;
}
