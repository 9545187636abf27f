import { z } from "zod";

/** The languages content may be written in (DESIGN §1): Bokmål, Nynorsk, English. */
export const LANGUAGES = Object.freeze(["nb", "nn", "en"] as const);
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/** The kinds that appear in IRIs: `{base}id/{kind}/{slug}` (DESIGN §3). */
export const KINDS = Object.freeze([
  "policy-area",
  "strategy",
  "report",
  "document",
  "news",
  "organization",
  "contact-point",
  "dataset",
  "distribution",
  "service",
  "catalog",
] as const);
/** One of {@link KINDS}. */
export type Kind = (typeof KINDS)[number];

const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;

/** An absolute IRI (RFC 3987): scheme, colon, no spaces or characters Turtle forbids. */
export const IriSchema = z
  .string()
  .regex(ABSOLUTE_IRI, { message: "must be an absolute IRI such as https://example.org/x" });

/** A slug: lowercase letters, digits and single hyphens; it becomes part of the IRI and never changes. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "must be lowercase letters, digits and single hyphens" })
  .max(120);

const REF = new RegExp(`^(${KINDS.join("|")})/([a-z0-9]+(?:-[a-z0-9]+)*)$`);

/** A reference to other content as `"{kind}/{slug}"`, or to an external thing by absolute IRI. */
export const RefSchema = z.string().refine((s) => REF.test(s) || (ABSOLUTE_IRI.test(s) && s.includes("//")), {
  message: `must be "{kind}/{slug}" with kind one of ${KINDS.join(", ")}, or an absolute IRI`,
});

/** Splits a `"{kind}/{slug}"` reference; `undefined` for absolute IRIs. */
export function parseRef(ref: string): { kind: Kind; slug: string } | undefined {
  const m = REF.exec(ref);
  return m ? { kind: m[1] as Kind, slug: m[2] as string } : undefined;
}

/** A URL on this site (`/dump.nq`, resolved against the base IRI) or an absolute IRI. */
export const SiteUrlSchema = z.union([
  IriSchema,
  z.string().regex(/^\/[^\s<>"{}|\\^`]*$/, { message: "must be an absolute IRI or a path starting with /" }),
]);

// Control characters other than tab, line feed and carriage return break XML 1.0 and confuse every reader.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** True when text contains a control character other than tab, line feed or carriage return. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** One text value: non-empty after trimming, no control characters, at most 20 000 characters. */
export const TextSchema = z
  .string()
  .max(20_000)
  .refine((s) => s.trim().length > 0, { message: "must not be empty" })
  .refine((s) => !hasControlCharacters(s), { message: "must not contain control characters" });

/** Text in one or more of `nb`, `nn`, `en`, e.g. `{ "nb": "Distriktspolitikk", "en": "District policy" }`. */
export const LangStringSchema = z
  .strictObject({ nb: TextSchema.optional(), nn: TextSchema.optional(), en: TextSchema.optional() })
  .refine((v) => v.nb !== undefined || v.nn !== undefined || v.en !== undefined, {
    message: "needs text in at least one of nb, nn, en",
  });
/** Text by language. */
export type LangString = z.output<typeof LangStringSchema>;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-](\d{2}):(\d{2}))$/;

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** True when `s` is an ISO 8601 date-time, or an XSD date, that carries a time zone. */
export function isZonedDate(s: string): boolean {
  const dt = DATE_TIME.exec(s);
  if (dt) {
    const [, y, mo, d, h, mi, sec, , zh, zm] = dt;
    return (
      isRealDate(Number(y), Number(mo), Number(d)) &&
      Number(h) < 24 &&
      Number(mi) < 60 &&
      Number(sec ?? 0) < 60 &&
      Number(zh ?? 0) <= 14 &&
      Number(zm ?? 0) < 60
    );
  }
  const da = DATE.exec(s);
  if (da) {
    const [, y, mo, d, , zh, zm] = da;
    return isRealDate(Number(y), Number(mo), Number(d)) && Number(zh ?? 0) <= 14 && Number(zm ?? 0) < 60;
  }
  return false;
}

/** True when the value is a date-time (with a time part) rather than a date. */
export function isDateTime(s: string): boolean {
  return s.includes("T");
}

/**
 * A date with its time zone: `2021-05-05T00:00:00+02:00` (date-time) or `2021-05-05+02:00` (date).
 * A time zone is required so that search engines and harvesters read the same instant.
 */
export const DateLikeSchema = z.string().refine(isZonedDate, {
  message: "must be an ISO 8601 date-time with time zone, e.g. 2021-05-05T00:00:00+02:00",
});

/** Fields every content item has. */
export const BaseContentShape = {
  /** Stable identifier inside its kind; part of the IRI. */
  slug: SlugSchema,
  /** Name or title. */
  title: LangStringSchema,
  /** Summary or body text. */
  description: LangStringSchema.optional(),
  /** The item's page on the ministry's own web site, when known. */
  url: IriSchema.optional(),
  /** When the item was first published. */
  published: DateLikeSchema.optional(),
  /** When the item last changed. */
  modified: DateLikeSchema.optional(),
} as const;

/** Several words per language, e.g. keywords: `{ "nb": ["distriktspolitikk", "regionalpolitikk"] }`. */
export const LangStringListSchema = z
  .strictObject({
    nb: z.array(TextSchema).min(1).optional(),
    nn: z.array(TextSchema).min(1).optional(),
    en: z.array(TextSchema).min(1).optional(),
  })
  .refine((v) => v.nb !== undefined || v.nn !== undefined || v.en !== undefined, {
    message: "needs words in at least one of nb, nn, en",
  });
/** Words by language. */
export type LangStringList = z.output<typeof LangStringListSchema>;
