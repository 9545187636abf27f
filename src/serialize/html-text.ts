import { LANGUAGES, type LangString, type Language } from "../model/common.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape: no new string then (pages escape every label and IRI they show).
  return ESCAPED.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string) : text;
}

const ESCAPED = /[&<>"']/;

/** URL schemes a link may use; anything else (`javascript:`, `data:`) is shown as text, never as a link. */
const SAFE_SCHEMES = /^(https?:|mailto:|tel:)/i;

/** True when an IRI may become an `href`: http(s), mailto or tel, and no characters that break out of it. */
export function isSafeHref(iri: string): boolean {
  return SAFE_SCHEMES.test(iri) && !UNSAFE_IN_HREF.test(iri);
}

/** White space, quotes, angle brackets, backtick and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const UNSAFE_IN_HREF = /[\s<>"'`\u0000-\u001f\u007f]/;

/** The UI languages; content may be in any of {@link LANGUAGES}. */
export type UiLanguage = Language;

/** Text picked from a language map: the value and the language it is in. */
export interface PickedText {
  readonly value: string;
  readonly lang: Language;
}

/**
 * Picks the text in `lang`, else the first of Bokmål, Nynorsk, English that exists (Bokmål and Nynorsk readers
 * read each other's written standard; English last).
 */
export function pickText(text: LangString | undefined, lang: Language): PickedText | undefined {
  if (!text) return undefined;
  for (const l of [lang, ...LANGUAGES]) {
    const v = text[l];
    if (v !== undefined) return { value: v, lang: l };
  }
  return undefined;
}

/**
 * The languages a resource's pages are written in: those its title is given in, in our order ({@link LANGUAGES});
 * `["nb"]` when it has none. The first is the page at `….html`, each other one a page at `….{lang}.html` whose
 * `<html lang>` is that language (what {@link pageLanguage} picks for it). Texts of other things a page shows (the
 * English title of a standard a service conforms to) make no page of their own.
 */
export function titleLanguages(title: LangString | undefined): Language[] {
  const found = title ? LANGUAGES.filter((l) => title[l] !== undefined) : [];
  return found.length > 0 ? found : ["nb"];
}

/** The page language for a preference: the preferred language when the content has it, else the content's own. */
export function pageLanguage(title: LangString, preferred: string | undefined): Language {
  const wanted = (LANGUAGES as readonly string[]).includes(preferred ?? "") ? (preferred as Language) : "nb";
  return pickText(title, wanted)?.lang ?? "nb";
}

const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * Formats a zoned ISO 8601 date as people read it, on the calendar day it names in its own time zone:
 * `30.06.2021` in Norwegian, `30 June 2021` in English.
 */
export function formatDate(iso: string, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return lang === "en" ? `${Number(d)} ${MONTHS_EN[Number(mo) - 1] ?? mo} ${y}` : `${d}.${mo}.${y}`;
}

/** Words of the page, by UI language. */
const LABELS = {
  skip: { nb: "Hopp til hovedinnhold", nn: "Hopp til hovudinnhaldet", en: "Skip to main content" },
  breadcrumb: { nb: "Brødsmulesti", nn: "Brødsmulesti", en: "Breadcrumb" },
  goal: { nb: "Mål", nn: "Mål", en: "Goal" },
  strategies: { nb: "Strategier", nn: "Strategiar", en: "Strategies" },
  panels: { nb: "Råd og utvalg", nn: "Råd og utval", en: "Panels and committees" },
  reports: { nb: "Rapporter og råd", nn: "Rapportar og råd", en: "Reports and advice" },
  news: { nb: "Aktuelt nå", nn: "Aktuelt no", en: "News" },
  documents: { nb: "Dokumenter", nn: "Dokument", en: "Documents" },
  contact: { nb: "Kontakt", nn: "Kontakt", en: "Contact" },
  telephone: { nb: "Telefon", nn: "Telefon", en: "Telephone" },
  email: { nb: "E-post", nn: "E-post", en: "E-mail" },
  postalAddress: { nb: "Adresse", nn: "Adresse", en: "Postal address" },
  visitingAddress: { nb: "Besøksadresse", nn: "Besøksadresse", en: "Visiting address" },
  published: { nb: "Publisert", nn: "Publisert", en: "Published" },
  modified: { nb: "Sist endret", nn: "Sist endra", en: "Last modified" },
  publisher: { nb: "Utgiver", nn: "Utgjevar", en: "Publisher" },
  authors: { nb: "Forfatter", nn: "Forfattar", en: "Author" },
  about: { nb: "Handler om", nn: "Handlar om", en: "About" },
  mentions: { nb: "Nevner", nn: "Nemner", en: "Mentions" },
  policyAreas: { nb: "Politikkområde", nn: "Politikkområde", en: "Policy area" },
  parts: { nb: "Består av", nn: "Består av", en: "Consists of" },
  partOf: { nb: "Del av", nn: "Del av", en: "Part of" },
  series: { nb: "Serie", nn: "Serie", en: "Series" },
  reportNumber: { nb: "Nummer", nn: "Nummer", en: "Number" },
  genre: { nb: "Sjanger", nn: "Sjanger", en: "Genre" },
  alternateName: { nb: "Kortnavn", nn: "Kortnamn", en: "Short name" },
  image: { nb: "Bilde", nn: "Bilete", en: "Image" },
  parent: { nb: "Overordnet", nn: "Overordna", en: "Part of" },
  subOrganisations: { nb: "Underenheter", nn: "Undereiningar", en: "Units" },
  organisationNumber: { nb: "Organisasjonsnummer", nn: "Organisasjonsnummer", en: "Organisation number" },
  sameAs: { nb: "Samme som", nn: "Same som", en: "Same as" },
  website: { nb: "Nettside", nn: "Nettside", en: "Web page" },
  contactFor: { nb: "Kontaktpunkt for", nn: "Kontaktpunkt for", en: "Contact point for" },
  datasets: { nb: "Datasett", nn: "Datasett", en: "Datasets" },
  services: { nb: "Datatjenester", nn: "Datatenester", en: "Data services" },
  distributions: { nb: "Distribusjoner", nn: "Distribusjonar", en: "Distributions" },
  download: { nb: "Last ned", nn: "Last ned", en: "Download" },
  access: { nb: "Tilgang", nn: "Tilgang", en: "Access" },
  mediaType: { nb: "Medietype", nn: "Medietype", en: "Media type" },
  format: { nb: "Format", nn: "Format", en: "Format" },
  license: { nb: "Lisens", nn: "Lisens", en: "Licence" },
  keywords: { nb: "Emneord", nn: "Emneord", en: "Keywords" },
  themes: { nb: "Tema", nn: "Tema", en: "Themes" },
  endpoint: { nb: "Endepunkt", nn: "Endepunkt", en: "Endpoint" },
  endpointDescription: {
    nb: "Beskrivelse av endepunktet",
    nn: "Skildring av endepunktet",
    en: "Endpoint description",
  },
  servesDatasets: { nb: "Gir tilgang til", nn: "Gjev tilgang til", en: "Serves" },
  conformsTo: { nb: "Følger standard", nn: "Følgjer standard", en: "Conforms to" },
  languages: { nb: "Språk", nn: "Språk", en: "Languages" },
  accessRights: { nb: "Tilgangsnivå", nn: "Tilgangsnivå", en: "Access rights" },
  matches: { nb: "Tilsvarer", nn: "Svarer til", en: "Matches" },
  related: { nb: "Lenker hit", nn: "Lenkjer hit", en: "Linked from" },
  linkedData: { nb: "Lenkede data", nn: "Lenka data", en: "Linked data" },
  linkedDataIntro: {
    nb: "Denne siden finnes også som maskinlesbare data:",
    nn: "Denne sida finst òg som maskinlesbare data:",
    en: "This page is also available as machine-readable data:",
  },
  otherLanguages: { nb: "Andre språk", nn: "Andre språk", en: "Other languages" },
  identifier: { nb: "Identifikator", nn: "Identifikator", en: "Identifier" },
  statements: { nb: "Utsagn", nn: "Utsegner", en: "Statements" },
} as const satisfies Record<string, Record<Language, string>>;

/** A word of the page. */
export type LabelKey = keyof typeof LABELS;

/** True for a key of the page's words. */
export function isLabelKey(key: string): key is LabelKey {
  return Object.hasOwn(LABELS, key);
}

/** A word of the page in a UI language. */
export function label(key: LabelKey, lang: Language): string {
  return LABELS[key][lang];
}

/** What a page of each kind is called, shown above the title. */
const KIND_LABELS: Record<string, Record<Language, string>> = {
  "policy-area": { nb: "Politikkområde", nn: "Politikkområde", en: "Policy area" },
  strategy: { nb: "Strategi", nn: "Strategi", en: "Strategy" },
  report: { nb: "Rapport", nn: "Rapport", en: "Report" },
  document: { nb: "Offentlig dokument", nn: "Offentleg dokument", en: "Official document" },
  news: { nb: "Nyhet", nn: "Nyheit", en: "News" },
  organization: { nb: "Organisasjon", nn: "Organisasjon", en: "Organisation" },
  "contact-point": { nb: "Kontaktpunkt", nn: "Kontaktpunkt", en: "Contact point" },
  dataset: { nb: "Datasett", nn: "Datasett", en: "Dataset" },
  distribution: { nb: "Distribusjon", nn: "Distribusjon", en: "Distribution" },
  service: { nb: "Datatjeneste", nn: "Datateneste", en: "Data service" },
  catalog: { nb: "Datakatalog", nn: "Datakatalog", en: "Data catalogue" },
};

/** The name of a kind of page (`news` → "Nyhet"). */
export function kindLabel(kind: string, lang: Language): string {
  return KIND_LABELS[kind]?.[lang] ?? kind;
}

/** Names of the languages, each in its own language (for language switch links). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = Object.freeze({
  nb: "Norsk bokmål",
  nn: "Norsk nynorsk",
  en: "English",
});
