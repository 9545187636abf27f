/**
 * Synthetic content for benchmarks: a realistic government site of N items in the shape of the seed in `data/`
 * (policy areas, strategies, reports and NOUs, news, organisations with and without organisation numbers,
 * contact points, datasets, distributions, data services and one catalog), with text in nb, nn and en and
 * references between items that all resolve. Deterministic for a given `--seed`.
 *
 * Everything here is invented: names, organisation numbers (valid MOD11 check digits, but any coincidence with a
 * real entity is chance), telephone numbers and addresses. Vocabulary IRIs (EU data themes, LOS words, EU file
 * types and licences) are real entries of those tables.
 *
 * Usage: `npm run synth -- --items 10000 --out /tmp/site [--seed 1]`
 * @module
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ContentItemInput } from "../src/model/index.js";

/** Options of {@link generateSite}. */
export interface SynthOptions {
  /** How many content items, at least {@link MIN_ITEMS}. */
  items: number;
  /** The random seed; the same seed and size give byte-identical output. Default 1. */
  seed?: number;
}

/** One generated content file: `{kind}/{slug}.json` holding `item`. */
export interface SynthFile {
  /** The kind folder the file goes in (`news`, `document`, …). */
  kind: string;
  slug: string;
  item: ContentItemInput;
}

/** The smallest site the generator makes: every kind at least once, with room for news. */
export const MIN_ITEMS = 40;

type Lang = "nb" | "nn" | "en";
type Text = Partial<Record<Lang, string>>;

interface Topic {
  nb: string;
  nn: string;
  en: string;
  los: string;
  theme: string;
}

const EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/";
const LOS = "https://psi.norge.no/los/ord/";
const NLOD = "http://publications.europa.eu/resource/authority/licence/NLOD_2_0";
const FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/";
const LANGUAGE = "http://publications.europa.eu/resource/authority/language/";

// Real LOS words and EU data themes, so theme IRIs resolve in the official tables.
const TOPICS: readonly Topic[] = [
  {
    nb: "distriktspolitikk",
    nn: "distriktspolitikk",
    en: "district policy",
    los: "regional-planlegging",
    theme: "REGI",
  },
  { nb: "akvakultur", nn: "akvakultur", en: "aquaculture", los: "akvakultur", theme: "AGRI" },
  { nb: "klima", nn: "klima", en: "climate", los: "klima", theme: "ENVI" },
  { nb: "sykehus", nn: "sjukehus", en: "hospitals", los: "sykehus", theme: "HEAL" },
  {
    nb: "barnehageplasser",
    nn: "barnehageplassar",
    en: "kindergarten places",
    los: "barnehageplass",
    theme: "EDUC",
  },
  {
    nb: "arbeidsmarkedstiltak",
    nn: "arbeidsmarknadstiltak",
    en: "labour market measures",
    los: "arbeidsmarkedstiltak",
    theme: "ECON",
  },
  {
    nb: "fornybar energi",
    nn: "fornybar energi",
    en: "renewable energy",
    los: "fornybar-energi",
    theme: "ENER",
  },
  { nb: "grunnskolen", nn: "grunnskulen", en: "primary education", los: "grunnskole", theme: "EDUC" },
  { nb: "eiendomsskatt", nn: "eigedomsskatt", en: "property tax", los: "eiendomsskatt", theme: "ECON" },
  { nb: "luftfart", nn: "luftfart", en: "air transport", los: "fly-og-helikopter", theme: "TRAN" },
  { nb: "idrettsanlegg", nn: "idrettsanlegg", en: "sports facilities", los: "idrettsanlegg", theme: "SOCI" },
  { nb: "hjemmesykepleie", nn: "heimesjukepleie", en: "home nursing", los: "hjemmesykepleie", theme: "HEAL" },
  {
    nb: "introduksjonsprogrammet",
    nn: "introduksjonsprogrammet",
    en: "the introduction programme",
    los: "introduksjonsprogram-for-innvandrere",
    theme: "SOCI",
  },
  { nb: "fritidsfiske", nn: "fritidsfiske", en: "recreational fishing", los: "fritidsfiske", theme: "AGRI" },
  {
    nb: "forurenset grunn",
    nn: "forureina grunn",
    en: "contaminated land",
    los: "forurenset-grunn",
    theme: "ENVI",
  },
  { nb: "energibruk", nn: "energibruk", en: "energy use", los: "energibruk", theme: "ENER" },
  {
    nb: "boligfinansiering",
    nn: "bustadfinansiering",
    en: "housing finance",
    los: "boligfinansiering",
    theme: "ECON",
  },
  {
    nb: "høyere utdanning",
    nn: "høgare utdanning",
    en: "higher education",
    los: "hogskole-og-universitet",
    theme: "EDUC",
  },
];

const PLACES = [
  "Narvik",
  "Bodø",
  "Tromsø",
  "Alta",
  "Vardø",
  "Lillehammer",
  "Røros",
  "Førde",
  "Molde",
  "Kristiansund",
  "Arendal",
  "Hamar",
  "Steinkjer",
  "Namsos",
  "Harstad",
  "Kirkenes",
  "Voss",
  "Odda",
  "Mo i Rana",
  "Hammerfest",
  "Flekkefjord",
  "Sogndal",
  "Tynset",
  "Vadsø",
] as const;

/** A small, fast, well-distributed PRNG (mulberry32): the same seed gives the same sequence everywhere. */
function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const chance = (p: number) => next() < p;
  const sample = <T>(xs: readonly T[], n: number): T[] => {
    const out = new Set<T>();
    const want = Math.min(n, xs.length);
    while (out.size < want) out.add(pick(xs));
    return [...out];
  };
  return { next, int, pick, chance, sample };
}
type Random = ReturnType<typeof createRandom>;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Turns Norwegian text into a slug: æ→ae, ø→o, å→a, other runs of non-alphanumerics → "-". */
export function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
}

/** A 9-digit organisation number with a valid MOD11 check digit, as Enhetsregisteret issues them. */
function organisationNumber(rnd: Random, used: Set<string>): string {
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const digits = [9, ...Array.from({ length: 7 }, () => rnd.int(0, 9))];
    const sum = digits.reduce((s, d, i) => s + d * (weights[i] as number), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const n = `${digits.join("")}${check === 11 ? 0 : check}`;
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
}

/** Text in nb always, nn and en sometimes, like a ministry's site that translates part of its pages. */
function multilingual(rnd: Random, make: (lang: Lang) => string, pNn = 0.3, pEn = 0.4): Text {
  const out: Text = { nb: make("nb") };
  if (rnd.chance(pNn)) out.nn = make("nn");
  if (rnd.chance(pEn)) out.en = make("en");
  return out;
}

function sentences(lang: Lang, topic: Topic, place: string, year: number): readonly string[] {
  const t = topic[lang];
  const templates: Record<Lang, readonly string[]> = {
    nb: [
      `Regjeringen legger fram en ny satsing på ${t} i ${place}.`,
      `Utviklingen innen ${t} har vært ulik i ulike deler av landet siden ${year}.`,
      `Kommunene i regionen rundt ${place} har fått tilskudd til ${t}.`,
      `Tiltakene skal styrke ${t} og bidra til likeverdige levekår i hele landet.`,
      `Departementet har sendt et forslag om ${t} på høring med frist i ${year + 1}.`,
    ],
    nn: [
      `Regjeringa legg fram ei ny satsing på ${t} i ${place}.`,
      `Utviklinga innan ${t} har vore ulik i ulike delar av landet sidan ${year}.`,
      `Kommunane i regionen rundt ${place} har fått tilskot til ${t}.`,
      `Tiltaka skal styrkje ${t} og bidra til likeverdige levekår i heile landet.`,
    ],
    en: [
      `The Government presents a new initiative on ${t} in ${place}.`,
      `Developments in ${t} have differed across the country since ${year}.`,
      `Municipalities around ${place} have received grants for ${t}.`,
      `The measures strengthen ${t} and support equal living conditions across the country.`,
    ],
  };
  return templates[lang];
}

/** `n` different sentences (fewer when the language has fewer templates). */
function paragraph(rnd: Random, lang: Lang, topic: Topic, place: string, year: number, n: number): string {
  return rnd.sample(sentences(lang, topic, place, year), n).join(" ");
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** A zoned date-time in Norwegian time (CET in winter, CEST in summer, approximately by month). */
function dateTime(rnd: Random, fromYear: number, toYear: number): { value: string; year: number } {
  const year = rnd.int(fromYear, toYear);
  const month = rnd.int(1, 12);
  const day = rnd.int(1, 28);
  const offset = month >= 4 && month <= 10 ? "+02:00" : "+01:00";
  return {
    value: `${year}-${pad(month)}-${pad(day)}T${pad(rnd.int(7, 18))}:${pad(rnd.int(0, 59))}:00${offset}`,
    year,
  };
}

function laterDateTime(rnd: Random, from: string): string {
  const year = Number(from.slice(0, 4)) + rnd.int(0, 2);
  const month = rnd.int(1, 12);
  const stamp = `${year}-${pad(month)}-${pad(rnd.int(1, 28))}T${pad(rnd.int(7, 18))}:00:00${month >= 4 && month <= 10 ? "+02:00" : "+01:00"}`;
  return stamp > from ? stamp : from;
}

/** How many items of each kind a site of `n` items has; news fills the rest. */
function plan(n: number) {
  const policyAreas = Math.max(2, Math.floor(n * 0.005));
  const organisations = Math.max(8, Math.floor(n * 0.05));
  const ministries = Math.max(2, Math.floor(organisations * 0.1));
  const departments = Math.max(2, Math.floor(organisations * 0.3));
  const contactPoints = ministries + departments;
  const datasets = Math.max(2, Math.floor(n * 0.02));
  const strategies = Math.max(3, Math.floor(n * 0.06));
  const reports = Math.max(6, Math.floor(n * 0.18));
  const reportsWithFiles = Math.max(1, Math.floor(reports * 0.1));
  const distributions = datasets * 2 + reportsWithFiles;
  const fixed =
    1 + 2 + policyAreas + organisations + contactPoints + datasets + strategies + reports + distributions;
  return {
    policyAreas,
    organisations,
    ministries,
    departments,
    contactPoints,
    datasets,
    strategies,
    reports,
    reportsWithFiles,
    distributions,
    news: n - fixed,
  };
}

/**
 * Generates a synthetic site of exactly `options.items` items. Pure and deterministic.
 * @example
 * const files = generateSite({ items: 1000, seed: 7 });
 */
export function generateSite(options: SynthOptions): SynthFile[] {
  const n = Math.floor(options.items);
  if (!Number.isFinite(n) || n < MIN_ITEMS)
    throw new RangeError(`items must be a number ≥ ${MIN_ITEMS}, got ${options.items}`);
  const rnd = createRandom(options.seed ?? 1);
  const p = plan(n);
  if (p.news < 1) throw new RangeError(`items ${n} leaves no room for news`);
  const files: SynthFile[] = [];
  const add = (kind: string, item: ContentItemInput & { slug: string }) =>
    files.push({ kind, slug: item.slug, item });
  const orgNumbers = new Set<string>();
  const topicOf = () => rnd.pick(TOPICS);
  const placeOf = () => rnd.pick(PLACES);

  // Contact points first: ministries and departments each have one.
  const contactRefs: string[] = [];
  const makeContact = (nbName: string, i: number): string => {
    const slug = `${slugify(nbName)}-${i}`;
    const place = placeOf();
    const box = rnd.int(1000, 9999);
    add("contact-point", {
      type: "ContactPoint",
      slug,
      title: { nb: nbName },
      telephone: `+47 ${rnd.int(21, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)}`,
      email: `postmottak@${slug}.example.no`,
      postalAddress: {
        streetAddress: `Postboks ${box} Dep.`,
        postalCode: pad(rnd.int(1, 9989), 4),
        locality: "Oslo",
        country: "NO",
      },
      ...(rnd.chance(0.7)
        ? {
            visitingAddress: { streetAddress: `Storgata ${rnd.int(1, 120)}`, locality: place, country: "NO" },
          }
        : {}),
    });
    const ref = `contact-point/${slug}`;
    contactRefs.push(ref);
    return ref;
  };

  // Organisations: ministries and agencies with organisation numbers, departments under ministries, committees,
  // advisory panels, municipalities (half of them with a number).
  const ministries: string[] = [];
  const departments: string[] = [];
  const committees: string[] = [];
  const panels: string[] = [];
  const others: string[] = [];
  const addOrg = (
    slugBase: string,
    i: number,
    body: Omit<Extract<ContentItemInput, { type: "Organisation" }>, "type" | "slug">,
  ) => {
    const slug = `${slugify(slugBase)}-${i}`;
    add("organization", { type: "Organisation", slug, ...body });
    return `organization/${slug}`;
  };
  let orgIndex = 0;
  for (let i = 0; i < p.ministries; i++, orgIndex++) {
    const topic = TOPICS[i % TOPICS.length] as Topic;
    const title = {
      nb: `Departementet for ${topic.nb}`,
      nn: `Departementet for ${topic.nn}`,
      en: `Ministry of ${capitalise(topic.en)}`,
    };
    const cp = makeContact(`Postmottak ${title.nb}`, orgIndex);
    ministries.push(
      addOrg(title.nb, orgIndex, {
        classification: "ministry",
        title,
        organisationNumber: organisationNumber(rnd, orgNumbers),
        contactPoint: cp,
        url: `https://www.example.no/dep/${slugify(topic.nb)}-${orgIndex}`,
      }),
    );
  }
  for (let i = 0; i < p.departments; i++, orgIndex++) {
    const topic = topicOf();
    const title = multilingual(rnd, (l) =>
      l === "en" ? `Department of ${capitalise(topic.en)}` : `Avdeling for ${topic[l]}`,
    );
    const cp = makeContact(`Avdeling for ${topic.nb}`, orgIndex);
    departments.push(
      addOrg(`avdeling for ${topic.nb}`, orgIndex, {
        classification: "department",
        title,
        parent: rnd.pick(ministries),
        contactPoint: cp,
      }),
    );
  }
  const remaining = p.organisations - p.ministries - p.departments;
  for (let i = 0; i < remaining; i++, orgIndex++) {
    const topic = topicOf();
    const place = placeOf();
    const year = rnd.int(2012, 2024);
    const k = i % 4;
    if (k === 0) {
      const title = multilingual(rnd, (l) =>
        l === "en" ? `Directorate for ${capitalise(topic.en)}` : `Direktoratet for ${topic[l]}`,
      );
      others.push(
        addOrg(`direktoratet for ${topic.nb}`, orgIndex, {
          classification: "agency",
          title,
          parent: rnd.pick(ministries),
          organisationNumber: organisationNumber(rnd, orgNumbers),
        }),
      );
    } else if (k === 1) {
      const title = multilingual(rnd, (l) =>
        l === "en" ? `Committee on ${topic.en} (${year})` : `Utvalget for ${topic[l]} (${year})`,
      );
      committees.push(
        addOrg(`utvalget for ${topic.nb} ${year}`, orgIndex, {
          classification: "committee",
          title,
          description: multilingual(rnd, (l) => paragraph(rnd, l, topic, place, year, 2)),
        }),
      );
    } else if (k === 2) {
      const title = multilingual(rnd, (l) =>
        l === "en"
          ? `Youth panel for ${place}`
          : l === "nn"
            ? `Ungdomspanelet for ${place}`
            : `Ungdomspanelet for ${place}`,
      );
      panels.push(
        addOrg(`ungdomspanelet for ${place}`, orgIndex, {
          classification: "advisory-panel",
          title,
          parent: rnd.pick(ministries),
        }),
      );
    } else {
      const title = multilingual(rnd, (l) => (l === "en" ? `${place} Municipality` : `${place} kommune`));
      others.push(
        addOrg(`${place} kommune`, orgIndex, {
          classification: "other",
          title,
          alternateName: { nb: place },
          ...(rnd.chance(0.5) ? { organisationNumber: organisationNumber(rnd, orgNumbers) } : {}),
        }),
      );
    }
  }
  const publishers = [...ministries, ...others.filter((_, i) => i % 2 === 0)];

  // Policy areas.
  const policyAreas: string[] = [];
  for (let i = 0; i < p.policyAreas; i++) {
    const a = TOPICS[i % TOPICS.length] as Topic;
    const b = TOPICS[(i * 7 + 3) % TOPICS.length] as Topic;
    const place = placeOf();
    const title = multilingual(rnd, (l) => `${capitalise(a[l])} og ${b[l]}`, 0.5, 0.6);
    const slug = `${slugify(title.nb as string)}-${i}`;
    add("policy-area", {
      type: "PolicyArea",
      slug,
      title,
      description: multilingual(rnd, (l) => paragraph(rnd, l, a, place, 2020, 3), 0.5, 0.6),
      goal: multilingual(rnd, (l) =>
        l === "en"
          ? `The goal is equal living conditions and strong ${a.en} in every region.`
          : l === "nn"
            ? `Målet er likeverdige levekår og sterk satsing på ${a.nn} i heile landet.`
            : `Målet er likeverdige levekår og sterk satsing på ${a.nb} i hele landet.`,
      ),
      publisher: rnd.pick(ministries),
      contactPoint: rnd.pick(contactRefs),
      closeMatch: [`${EU_THEME}${a.theme}`, `${LOS}${a.los}`],
    });
    policyAreas.push(`policy-area/${slug}`);
  }

  // Data services and datasets with distributions. Dataset 0 is the whole site, like the seed's.
  const services = ["service/lenkede-data", "service/sparql"];
  const datasetRefs: string[] = [];
  const distributionFiles: SynthFile[] = [];
  let distIndex = 0;
  const addDistribution = (title: Text, accessUrl: string, mediaType: string, format: string): string => {
    const slug = `${slugify(title.nb as string)}-${distIndex++}`;
    distributionFiles.push({
      kind: "distribution",
      slug,
      item: {
        type: "Distribution",
        slug,
        title,
        accessUrl,
        downloadUrl: accessUrl,
        mediaType,
        format,
        license: NLOD,
        ...(accessUrl.startsWith("/") ? { accessService: services[0] as string } : {}),
      },
    });
    return `distribution/${slug}`;
  };
  for (let i = 0; i < p.datasets; i++) {
    const topic = i === 0 ? (TOPICS[0] as Topic) : topicOf();
    const place = placeOf();
    const year = rnd.int(2015, 2024);
    const title: Text =
      i === 0
        ? { nb: "Hele nettstedet som lenkede data", en: "The whole site as linked data" }
        : multilingual(rnd, (l) =>
            l === "en" ? `Statistics on ${topic.en} in ${place}` : `Statistikk om ${topic[l]} i ${place}`,
          );
    const slug = `${slugify(title.nb as string)}-${i}`;
    const distributions =
      i === 0
        ? [
            addDistribution(
              { nb: "Hele nettstedet som N-Quads" },
              "/dump.nq",
              "application/n-quads",
              `${FILE_TYPE}RDF_N_QUADS`,
            ),
            addDistribution(
              { nb: "Hele nettstedet som Turtle" },
              "/dump.ttl",
              "text/turtle",
              `${FILE_TYPE}RDF_TURTLE`,
            ),
          ]
        : [
            addDistribution(
              { nb: `${title.nb} (CSV)` },
              `https://data.example.no/filer/${slug}.csv`,
              "text/csv",
              `${FILE_TYPE}CSV`,
            ),
            addDistribution(
              { nb: `${title.nb} (JSON)` },
              `https://data.example.no/filer/${slug}.json`,
              "application/json",
              `${FILE_TYPE}JSON`,
            ),
          ];
    add("dataset", {
      type: "Dataset",
      slug,
      title,
      description: multilingual(rnd, (l) => paragraph(rnd, l, topic, place, year, 2)),
      publisher: rnd.pick(publishers),
      contactPoint: rnd.pick(contactRefs),
      themes: [`${EU_THEME}${topic.theme}`, `${LOS}${topic.los}`],
      keywords: {
        nb: [topic.nb, place],
        ...(title.nn ? { nn: [topic.nn] } : {}),
        ...(title.en ? { en: [topic.en] } : {}),
      },
      distributions,
      license: NLOD,
      languages: [
        `${LANGUAGE}NOB`,
        ...(title.nn ? [`${LANGUAGE}NNO`] : []),
        ...(title.en ? [`${LANGUAGE}ENG`] : []),
      ],
      accessRights: "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
      policyAreas: rnd.sample(policyAreas, rnd.int(1, 2)),
    });
    datasetRefs.push(`dataset/${slug}`);
  }
  add("service", {
    type: "DataService",
    slug: "lenkede-data",
    title: { nb: "Lenkede data-API", en: "Linked data API" },
    description: { nb: "Hver ressurs som Turtle, JSON-LD, N-Triples, N-Quads, RDF/XML og HTML." },
    endpointUrl: "/",
    endpointDescription: "/.well-known/void",
    servesDatasets: [datasetRefs[0] as string],
    publisher: ministries[0] as string,
    contactPoint: contactRefs[0] as string,
    license: NLOD,
  });
  add("service", {
    type: "DataService",
    slug: "sparql",
    title: { nb: "SPARQL-endepunkt", en: "SPARQL endpoint" },
    endpointUrl: "/sparql",
    servesDatasets: [datasetRefs[0] as string],
    publisher: ministries[0] as string,
    contactPoint: contactRefs[0] as string,
    license: NLOD,
    conformsTo: ["https://www.w3.org/TR/sparql11-protocol/"],
  });

  // Strategies; some introduce earlier ones (parts only point backwards, so the hierarchy has no cycles).
  const strategies: string[] = [];
  for (let i = 0; i < p.strategies; i++) {
    const topic = topicOf();
    const place = placeOf();
    const year = rnd.int(2015, 2025);
    const title = multilingual(rnd, (l) =>
      l === "en"
        ? `Strategy for ${topic.en} in ${place} ${year}`
        : `Strategi for ${topic[l]} i ${place} ${year}`,
    );
    const slug = `${slugify(title.nb as string)}-${i}`;
    const parts =
      i >= 3 && rnd.chance(0.2) ? rnd.sample(strategies.slice(Math.max(0, i - 50)), rnd.int(2, 3)) : [];
    add("strategy", {
      type: "Strategy",
      slug,
      title,
      ...(rnd.chance(0.7)
        ? { description: multilingual(rnd, (l) => paragraph(rnd, l, topic, place, year, rnd.int(1, 3))) }
        : {}),
      policyAreas: rnd.sample(policyAreas, rnd.int(1, 2)),
      publisher: rnd.pick(ministries),
      published: `${year}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}+01:00`,
      ...(parts.length > 0 ? { parts } : {}),
    });
    strategies.push(`strategy/${slug}`);
  }

  // Reports: a quarter are numbered NOUs (kind "document"), a tenth carry a file and are datasets too.
  const reports: string[] = [];
  const nouNumbers = new Map<number, number>();
  for (let i = 0; i < p.reports; i++) {
    const topic = topicOf();
    const place = placeOf();
    const year = rnd.int(2010, 2025);
    const numbered = i % 4 === 0;
    const withFile = i % 10 === 5 && i / 10 < p.reportsWithFiles;
    const title = multilingual(rnd, (l) =>
      l === "en"
        ? `${capitalise(topic.en)} in ${place} ${year}`
        : `${capitalise(topic[l])} i ${place} ${year}`,
    );
    const slugBase = numbered ? `nou ${year} ${(nouNumbers.get(year) ?? 0) + 1}` : (title.nb as string);
    const slug = `${slugify(slugBase)}-${i}`;
    let reportNumber: string | undefined;
    if (numbered) {
      const number = (nouNumbers.get(year) ?? 0) + 1;
      nouNumbers.set(year, number);
      reportNumber = `NOU ${year}: ${number}`;
    }
    const distributions = withFile
      ? [
          addDistribution(
            { nb: `${title.nb} (PDF)` },
            `https://www.example.no/dokumenter/${slug}.pdf`,
            "application/pdf",
            `${FILE_TYPE}PDF`,
          ),
        ]
      : [];
    add(numbered ? "document" : "report", {
      type: "Report",
      slug,
      title,
      description: multilingual(rnd, (l) => paragraph(rnd, l, topic, place, year, rnd.int(2, 4))),
      published: `${year}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}+01:00`,
      ...(numbered
        ? {
            reportNumber,
            series: {
              slug: "nou",
              title: { nb: "Norges offentlige utredninger", en: "Official Norwegian Reports" },
            },
            authors: [rnd.pick(committees.length > 0 ? committees : departments)],
          }
        : {
            ...(rnd.chance(0.5)
              ? { genre: rnd.pick([{ nb: "rapport" }, { nb: "veileder" }, { nb: "råd", nn: "råd" }]) }
              : {}),
            authors: rnd.sample(departments, rnd.int(1, 2)),
            ...(rnd.chance(0.2)
              ? { alternateName: { nb: `${topic.nb.slice(0, 3).toUpperCase()} ${year}` } }
              : {}),
          }),
      publisher: rnd.pick(publishers),
      policyAreas: rnd.sample(policyAreas, rnd.int(1, 2)),
      ...(distributions.length > 0
        ? { distributions, themes: [`${EU_THEME}${topic.theme}`, `${LOS}${topic.los}`] }
        : {}),
    });
    reports.push(`${numbered ? "document" : "report"}/${slug}`);
  }

  // News: dated, about reports, mentioning organisations and reports.
  const mentionable = [...reports, ...others, ...committees, ...panels];
  for (let i = 0; i < p.news; i++) {
    const topic = topicOf();
    const place = placeOf();
    const { value: published, year } = dateTime(rnd, 2015, 2025);
    const title = multilingual(rnd, (l) =>
      l === "en"
        ? `New initiative on ${topic.en} in ${place}`
        : l === "nn"
          ? `Ny satsing på ${topic.nn} i ${place}`
          : `Ny satsing på ${topic.nb} i ${place}`,
    );
    const slug = `${slugify(title.nb as string)}-${year}-${i}`;
    const publisher = rnd.pick(ministries);
    add("news", {
      type: "NewsItem",
      slug,
      title,
      published,
      ...(rnd.chance(0.2) ? { modified: laterDateTime(rnd, published) } : {}),
      description: multilingual(rnd, (l) => paragraph(rnd, l, topic, place, year, rnd.int(2, 5))),
      publisher,
      authors: [rnd.chance(0.5) ? publisher : rnd.pick(departments)],
      ...(rnd.chance(0.5) ? { about: rnd.sample(reports, rnd.int(1, 2)) } : {}),
      ...(rnd.chance(0.6) ? { mentions: rnd.sample(mentionable, rnd.int(1, 3)) } : {}),
      policyAreas: rnd.sample(policyAreas, rnd.int(1, 2)),
      ...(rnd.chance(0.4)
        ? {
            image: {
              caption: multilingual(rnd, () => place, 0, 0),
              ...(rnd.chance(0.5) ? { url: `https://www.example.no/bilder/${slugify(place)}-${i}.jpg` } : {}),
            },
          }
        : {}),
    });
  }

  files.push(...distributionFiles);
  add("catalog", {
    type: "Catalog",
    slug: "nettstedet",
    title: { nb: "Nettstedet – lenkede åpne data", en: "The site – linked open data" },
    description: {
      nb: "Katalog over lenkede åpne data fra nettstedet: politikkområder, strategier, rapporter og nyheter.",
    },
    publisher: ministries[0] as string,
    contactPoint: contactRefs[0] as string,
    license: NLOD,
    languages: [`${LANGUAGE}NOB`, `${LANGUAGE}NNO`, `${LANGUAGE}ENG`],
    themeTaxonomies: [
      "http://publications.europa.eu/resource/authority/data-theme",
      "https://psi.norge.no/los/struktur",
    ],
    datasets: datasetRefs,
    services,
  });
  if (files.length !== n) throw new Error(`internal: generated ${files.length} items, wanted ${n}`);
  return files;
}

/**
 * Writes a synthetic site into `dir` as `{kind}/{slug}.json`, like `data/`. Refuses a folder that is not empty.
 * @example
 * await writeSite("/tmp/site", { items: 10_000 });
 */
export async function writeSite(dir: string, options: SynthOptions): Promise<SynthFile[]> {
  const files = generateSite(options);
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`${dir} is not empty; give a new or empty folder`);
  const kinds = new Set(files.map((f) => f.kind));
  for (const k of kinds) await mkdir(join(dir, k), { recursive: true });
  // A few writes in flight at a time: fast on 100k files without exhausting file descriptors.
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.pop(); f; f = queue.pop()) {
      await writeFile(join(dir, f.kind, `${f.slug}.json`), `${JSON.stringify(f.item, null, 2)}\n`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return files;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      items: { type: "string", default: "1000" },
      out: { type: "string" },
      seed: { type: "string", default: "1" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || !values.out) {
    process.stderr.write("usage: npm run synth -- --items N --out DIR [--seed S]\n");
    return values.help ? 0 : 2;
  }
  const items = Number(values.items);
  const seed = Number(values.seed);
  if (!Number.isInteger(items) || items < MIN_ITEMS || !Number.isInteger(seed)) {
    process.stderr.write(`--items must be an integer ≥ ${MIN_ITEMS} and --seed an integer\n`);
    return 2;
  }
  const started = performance.now();
  const files = await writeSite(values.out, { items, seed });
  const counts = new Map<string, number>();
  for (const f of files) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  process.stdout.write(
    `wrote ${files.length} items to ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${[
      ...counts,
    ]
      .map(([k, c]) => `${k} ${c}`)
      .join(", ")}\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
