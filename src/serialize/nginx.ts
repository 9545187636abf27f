/**
 * nginx configuration for a static `govlod build`: the router's content negotiation, `303` redirects and
 * headers, expressed as nginx `map`s and `location`s so that any nginx (no scripting module) serves the
 * built files the way `createLodRouter()` serves memory.
 * @module
 */

/** A representation the static site offers: file extension and media type, in preference order. */
export interface NginxVariant {
  /** The file extension (`ttl`), also the `?format=` value. */
  readonly id: string;
  /** The media type without parameters (`text/turtle`). */
  readonly mediaType: string;
  /** Whether the Content-Type carries `; charset=utf-8`. */
  readonly charset: boolean;
  /** Other media types it answers, less specifically (`application/json` for JSON-LD). */
  readonly aliases?: readonly string[];
  /** `profile` parameter values it satisfies. */
  readonly profiles?: readonly string[];
}

/** Options of {@link createNginxServer} and {@link createNginxConfig}. */
export interface NginxOptions {
  /** Absolute path of the build output folder (`root`). */
  root: string;
  /** The site's base IRI; `303` Locations and `Link` targets are absolute under it, like the router's. */
  baseIri: string;
  /** The document variants in preference order (the first answers `*∕*` and no Accept). */
  variants: readonly NginxVariant[];
  /** The `listen` parameter. Default `8080`. */
  listen?: string;
  /** The `server_name`. Default `_`. */
  serverName?: string;
  /** `Cache-Control` of documents and whole-site files. Default `public, max-age=300`. */
  cacheControl?: string;
  /**
   * The HTML languages of each negotiated resource, by path (`doc/news/x`, `catalog`), first language first: its
   * HTML is `x.html`, other languages `x.{lang}.html` (as `renderSite()` writes them). Default: `nb` everywhere.
   */
  resourceLanguages?: ReadonlyMap<string, readonly string[]>;
}

/** Options of {@link createNginxConfig}: a standalone configuration for `nginx -c`. */
export interface NginxConfigOptions extends NginxOptions {
  /** A writable folder for nginx's temporary files and pid file. */
  runDir: string;
  /** Where to log errors. Default `stderr`. */
  errorLog?: string;
  /** Where to log requests. Default `off`. */
  accessLog?: string;
}

/**
 * The q-value levels the generated rules distinguish. RFC 9110 §12.4.2 allows three decimals; nginx cannot
 * compare numbers, so weights are compared at one decimal (0.85 counts as 0.8), which is what clients send.
 */
const LEVELS: readonly { name: string; pattern: string }[] = [
  { name: "1", pattern: "1(?:\\.0{0,3})?" },
  ...[9, 8, 7, 6, 5, 4, 3, 2, 1].map((d) => ({ name: `0.${d}`, pattern: `0\\.${d}\\d{0,2}` })),
  { name: "0.0x", pattern: "0\\.0(?:[1-9]\\d?|0[1-9])" },
];
/** Any weight the router accepts (RFC 9110 qvalue). */
const ANY_Q = "(?:0(?:\\.\\d{0,3})?|1(?:\\.0{0,3})?)";

/** Something offered in negotiation, as `negotiate.ts` sees it, with the map value that selects it. */
export interface NginxOffer {
  /** The media type (`application/ld+json`). */
  readonly mediaType: string;
  /** Other media types it answers, less specifically (`application/json`). */
  readonly aliases?: readonly string[];
  /** `profile` parameter values it satisfies. */
  readonly profiles?: readonly string[];
  /** The map's value when this offer wins (a file extension). */
  readonly value: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The media-type parameters a range may carry and still match: UTF-8, and profiles the offer satisfies. */
function paramsOf(offer: NginxOffer): string {
  const charset = `charset\\s*=\\s*\\x22?utf-8\\x22?`;
  const profiles = (offer.profiles ?? []).map(escapeRegex);
  if (profiles.length === 0) return `(?:\\s*;\\s*${charset})*`;
  const p = `(?:${profiles.join("|")})`;
  return `(?:\\s*;\\s*(?:${charset}|profile\\s*=\\s*(?:\\x22${p}(?:\\s+${p})*\\x22|${p})))*`;
}

/**
 * One list element naming `range` (a regex) with acceptable parameters and a weight matching `q`; a missing
 * weight counts as 1. Anything after the weight is an accept-extension and ignored (RFC 9110 §12.5.1).
 */
function element(range: string, params: string, q: { name: string; pattern: string } | "any"): string {
  const qRe = q === "any" ? ANY_Q : q.pattern;
  const optional = q === "any" || q.name === "1";
  return `\\s*${range}${params}(?:\\s*;\\s*q\\s*=\\s*${qRe}(?:\\s*;[^,]*)?)${optional ? "?" : ""}\\s*(?:,|$)`;
}

/** Lookahead body: the element somewhere in the list. */
function anywhere(elementRe: string): string {
  return `(?:.*,)?${elementRe}`;
}

/**
 * An nginx `map` from `$http_accept` to the value of the preferred offer, reproducing `chooseFormat()` in
 * `negotiate.ts` (RFC 9110 §12.5.1): each offer takes the weight of its most specific matching range (its media
 * type, then an alias, then `type/*`, then `*∕*`; a range with parameters other than UTF-8 charset or a satisfied
 * profile matches nothing); the highest weight wins, then the more specific range, then our order; weight 0
 * excludes. A header without any valid range counts as `*∕*`. The rules are ordered regular expressions (first
 * match wins): weight level, then specificity, then our order. Nothing acceptable gives `fallback`.
 */
export function acceptMap(variable: string, offers: readonly NginxOffer[], fallback: string): string {
  const lines: string[] = [];
  const first = offers[0];
  const tiersOf = (o: NginxOffer): string[] => {
    // A type wildcard matches the format's own type only, as in the router (`application/*` is not Turtle's).
    const type = o.mediaType.split("/")[0] as string;
    return [
      escapeRegex(o.mediaType),
      ...((o.aliases ?? []).length > 0 ? [`(?:${(o.aliases ?? []).map(escapeRegex).join("|")})`] : []),
      `${escapeRegex(type)}/\\*`,
      "\\*/\\*",
    ];
  };
  for (const level of LEVELS) {
    for (let tier = 0; tier < 4; tier++) {
      for (const o of offers) {
        const tiers = tiersOf(o);
        // tiers has 3 entries without aliases: exact, wildcard, any; align to the 4 specificity steps.
        const aligned = tiers.length === 4 ? tiers : [tiers[0], undefined, tiers[1], tiers[2]];
        const range = aligned[tier];
        if (range === undefined) continue;
        const params = paramsOf(o);
        const higher = aligned.slice(0, tier).filter((r): r is string => r !== undefined);
        const notHigher =
          higher.length > 0 ? `(?!${anywhere(element(`(?:${higher.join("|")})`, params, "any"))})` : "";
        lines.push(`    "~*^(?=${anywhere(element(range, params, level))})${notHigher}" ${o.value};`);
      }
    }
  }
  // RFC 9110 §12.5.1 lets a server disregard an Accept without any valid range: the router answers it as */*.
  if (first) {
    lines.push(
      `    "~*^(?!(?:.*,)?\\s*[-!#$%&'*+.^_\`|~0-9a-z]+/[-!#$%&'*+.^_\`|~0-9a-z]+\\s*(?:;|,|$))" ${first.value};`,
    );
  }
  return `map $http_accept ${variable} {\n    default ${fallback};\n    "" ${first?.value ?? fallback};\n${lines.join("\n")}\n}\n`;
}

/** Text for inside an nginx double-quoted string: no variable interpolation, quotes escaped. */
function literal(s: string): string {
  return s.replace(/["\\$]/g, (c) => (c === "$" ? "\u0024{dollar}" : `\\${c}`));
}

function quote(s: string): string {
  return `"${literal(s)}"`;
}

/** A negotiated resource's HTML languages, when they differ from the most common set. */
function languageSets(options: NginxOptions): { common: string; sets: string[] } {
  const counts = new Map<string, number>();
  for (const langs of options.resourceLanguages?.values() ?? []) {
    const key = langs.join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sets = [...counts.keys()].sort();
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "nb";
  return { common, sets: sets.length > 0 ? sets : [common] };
}

/** Macrolanguages (ISO 639) as `chooseLanguage()` knows them: `no` covers `nb` and `nn`. */
const MACROLANGUAGES: Readonly<Record<string, readonly string[]>> = { no: ["nb", "nn"] };
const LEVEL_CODES = LEVELS.map((_, i) => String(LEVELS.length - i).padStart(2, "0"));

/**
 * A map from `$http_accept_language` to the weight level (`11` = q 1 … `01` = q 0.0x, `x` = not acceptable) of one
 * language, as `chooseLanguage()` weighs it: the most specific matching range (the tag, then a subtag of it, then
 * a macrolanguage, then `*`), its highest weight on ties.
 */
function languageLevelMap(language: string): string {
  const lines: string[] = [];
  const macros = Object.entries(MACROLANGUAGES)
    .filter(([, langs]) => langs.includes(language))
    .map(([tag]) => escapeRegex(tag));
  const tiers = [
    escapeRegex(language),
    `${escapeRegex(language)}-[a-z0-9]{1,8}(?:-[a-z0-9]{1,8})*`,
    ...(macros.length > 0 ? [`(?:${macros.join("|")})`] : []),
    "\\*",
  ];
  const el = (range: string, q: string | undefined) =>
    `(?:^|,)\\s*${range}\\s*${q === undefined ? "(?:;\\s*q\\s*=\\s*1(?:\\.0{0,3})?\\s*)?" : `;\\s*q\\s*=\\s*(?:${q})\\s*`}(?:,|$)`;
  for (const range of tiers) {
    LEVELS.forEach((level, i) => {
      lines.push(`    "~*${el(range, level.name === "1" ? undefined : level.pattern)}" ${LEVEL_CODES[i]};`);
    });
    lines.push(`    "~*${el(range, "0(?:\\.0{0,3})?")}" x;`);
  }
  return `map $http_accept_language $govlod_q_${language} {\n    default x;\n${lines.join("\n")}\n}\n`;
}

function* levelCombinations(n: number): Generator<string[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (const rest of levelCombinations(n - 1))
    for (const code of [...LEVEL_CODES, "x"]) yield [...rest, code];
}

/**
 * The language maps: each language's weight, the languages in the client's order of preference
 * (`$govlod_lang_pref`), and per resource the HTML file suffix (`""` for its first language, `.en` for others).
 */
function languageMaps(options: NginxOptions): string {
  const { common, sets } = languageSets(options);
  const languages = [...new Set(sets.flatMap((s) => s.split(" ")))].sort(
    (a, b) => (LANGUAGE_ORDER.indexOf(a) + 1 || 99) - (LANGUAGE_ORDER.indexOf(b) + 1 || 99),
  );
  const prefLines: string[] = [];
  const prefs = new Set<string>();
  for (const combo of levelCombinations(languages.length)) {
    // chooseLanguage(): highest weight first, ties in our language order.
    const ordered = languages
      .map((l, i) => ({ l, code: combo[i] as string, i }))
      .filter((x) => x.code !== "x")
      .sort((a, b) => (a.code < b.code ? 1 : a.code > b.code ? -1 : a.i - b.i))
      .map((x) => x.l)
      .join(",");
    prefs.add(ordered);
    prefLines.push(`    "${combo.join(":")}" "${ordered}";`);
  }
  const suffixLines: string[] = [];
  for (const set of sets) {
    const langs = set.split(" ");
    for (const pref of prefs) {
      const chosen = pref.split(",").find((l) => langs.includes(l)) ?? (langs[0] as string);
      suffixLines.push(`    "${set}|${pref}" "${chosen === langs[0] ? "" : `.${chosen}`}";`);
    }
  }
  const own = [...(options.resourceLanguages?.entries() ?? [])]
    .filter(([, langs]) => langs.join(" ") !== common)
    .map(([path, langs]) => `    ${quote(`/${path}`)} "${langs.join(" ")}";`);
  return `${languages.map(languageLevelMap).join("\n")}
map "${languages.map((l) => `$govlod_q_${l}`).join(":")}" $govlod_lang_pref {
    default "";
${prefLines.join("\n")}
}

# The HTML languages of each negotiated resource (only those that differ from "${common}").
map $govlod_path $govlod_langs {
    default "${common}";
${own.join("\n")}
}

map "$govlod_langs|$govlod_lang_pref" $govlod_html_suffix {
    default "";
${suffixLines.join("\n")}
}
`;
}

const LANGUAGE_ORDER = ["nb", "nn", "en"];
/** The router's default catalog page size (`CATALOG_PAGE_SIZE.default`), the size the pages link with. */
const CATALOG_DEFAULT_PAGE_SIZE = 50;

/**
 * The `map`s the server block needs (place them in `http { }`): Accept and Accept-Language negotiation, the
 * `?format=` override, the error body format, `Vary` and the `Link` header of alternates.
 */
export function createNginxMaps(options: NginxOptions): string {
  const base = options.baseIri.endsWith("/") ? options.baseIri : `${options.baseIri}/`;
  const variants = options.variants;
  const offers: NginxOffer[] = variants.map((v) => ({ ...v, value: v.id }));
  const formatArg = variants.map(
    (v) => `    "~*^\\s*(?:${escapeRegex(v.id)}|${escapeRegex(v.mediaType)})\\s*$" ${v.id};`,
  );
  const html = variants.find((v) => v.mediaType === "text/html");
  const { sets } = languageSets(options);
  // Link: every other variant of the resource, in the router's order (formats; HTML once per language).
  const linkLines: string[] = [];
  const allLinkLines: string[] = [];
  for (const set of sets) {
    const langs = set.split(" ");
    const all = variants.flatMap((v) =>
      v === html
        ? langs.map((l, i) => ({
            suffix: i === 0 ? `.${v.id}` : `.${l}.${v.id}`,
            v,
            lang: l as string | undefined,
          }))
        : [{ suffix: `.${v.id}`, v, lang: undefined as string | undefined }],
    );
    const link = (o: (typeof all)[number]) =>
      `<${literal(base.slice(0, -1))}$govlod_path${o.suffix}$govlod_qs>; rel=\\"alternate\\"; type=\\"${o.v.mediaType}\\"${o.lang ? `; hreflang=\\"${o.lang}\\"` : ""}`;
    for (const chosen of all) {
      linkLines.push(
        `    "${chosen.suffix}|${set}" "${all
          .filter((o) => o !== chosen)
          .map(link)
          .join(", ")}";`,
      );
    }
    allLinkLines.push(`    "${set}" "${all.map(link).join(", ")}";`);
  }
  const suffixLines = variants.map((v) =>
    v === html ? `    ${v.id} "$govlod_html_suffix.${v.id}";` : `    ${v.id} ".${v.id}";`,
  );
  const errorOffers: NginxOffer[] = [
    { mediaType: "text/plain", value: "txt" },
    { mediaType: "text/html", value: "html" },
  ];
  return `# A literal dollar sign for quoted strings.
geo $dollar {
    default "$";
}

${acceptMap("$govlod_accept", offers, "406")}
# ?format= (an id or a media type) wins over Accept; an unknown one is answered 406, like the router.
map $arg_format $govlod_format_arg {
    "" "";
${formatArg.join("\n")}
    default "406";
}

# Catalog pages the static build has: ?page=N and ?page=N&pageSize=50 (the form the pages link to). Other paging
# or modified_since queries need the router ("!": 404); other parameters are ignored, as by the router.
map $args $govlod_catalog_view {
    default "";
    "" "";
    "~^page=(?<govlod_pg>[1-9][0-9]{0,8})$" "/page-$govlod_pg";
    "~^page=(?<govlod_pg>[1-9][0-9]{0,8})&pageSize=${CATALOG_DEFAULT_PAGE_SIZE}$" "/page-$govlod_pg-size-${CATALOG_DEFAULT_PAGE_SIZE}";
    "~(?:^|&)(?:page|pageSize|modified_since)=" "!";
}

# No "if" for these: inside "if", try_files would not apply (nginx "if is evil").
map $govlod_catalog_view $govlod_catalog_file {
    "" "/catalog";
    default "/.govlod/catalog$govlod_catalog_view";
}

map $govlod_catalog_view $govlod_catalog_fixed {
    "" "/catalog$govlod_sfx";
    default "/.govlod/catalog$govlod_catalog_view.fixed$govlod_sfx";
}

# Catalog pages keep their query in Content-Location and Link (catalog.ttl?page=2), like the router.
map "$govlod_catalog_view|$govlod_args" $govlod_qs {
    default "?$govlod_args";
    "~^\\|" "";
    "~^!\\|" "";
    "~\\|$" "";
}

map "$govlod_format_arg" $govlod_choice {
    "" $govlod_accept;
    default $govlod_format_arg;
}

${languageMaps(options)}
# The file suffix of the chosen variant: .ttl, or for HTML the language's (.html, .en.html).
map $govlod_ext $govlod_neg_suffix {
    default "";
${suffixLines.join("\n")}
}

map $govlod_ext $govlod_vary {
    default "Accept";
${html ? `    ${html.id} "Accept, Accept-Language";` : ""}
}

map "$govlod_sfx|$govlod_langs" $govlod_links {
    default "";
${linkLines.join("\n")}
}

# A 406 lists every variant.
map "$govlod_langs" $govlod_all_links {
    default "";
${allLinkLines.join("\n")}
}

# Error bodies (404, 406) are text, or HTML when the client prefers it, like the router's error handler.
${acceptMap("$govlod_error_ext", errorOffers, "txt")}`;
}

/**
 * The `server { … }` block that serves a build folder like the router: `/id/…` answers `303` to the document;
 * documents, `/catalog` and `/.well-known/void` are negotiated on Accept (HTML also on Accept-Language), or
 * `?format=`, or the file extension, with `Vary`, `Content-Location`, `Link` alternates, CORS and
 * `Cache-Control`; unknown resources `404`, unacceptable `406`, bodies in text or HTML; dumps gzipped only for
 * clients that ask (`gzip_static`). Include it in `http { }` after {@link createNginxMaps}.
 */
export function createNginxServer(options: NginxOptions): string {
  const base = options.baseIri.endsWith("/") ? options.baseIri : `${options.baseIri}/`;
  const cache = options.cacheControl ?? "public, max-age=300";
  const extRe = options.variants.map((v) => escapeRegex(v.id)).join("|");
  const langRe = LANGUAGE_ORDER.join("|");
  const common = [
    `add_header Access-Control-Allow-Origin "*" always;`,
    `add_header Access-Control-Expose-Headers "Content-Location, ETag, Link, Location, Vary" always;`,
    `add_header X-Content-Type-Options "nosniff" always;`,
  ];
  const cached = [...common, `add_header Cache-Control ${quote(cache)} always;`];
  const options204 = `if ($request_method = OPTIONS) {
            add_header Access-Control-Allow-Origin "*" always;
            add_header Access-Control-Allow-Methods "GET, HEAD" always;
            add_header Access-Control-Allow-Headers "Accept, Accept-Language, If-None-Match, If-Modified-Since" always;
            add_header Access-Control-Max-Age "86400" always;
            add_header Allow "GET, HEAD, OPTIONS" always;
            return 204;
        }`;
  const lines = (xs: string[]) => xs.map((l) => `        ${l}`).join("\n");
  const negotiatedLocation = (match: string, path: string) => `    location ${match} {
        set $govlod_path ${path};
        set $govlod_args "";
        set $govlod_ext $govlod_choice;
        ${options204}
        if ($govlod_ext = "406") {
            return 406;
        }
        set $govlod_sfx $govlod_neg_suffix;
${lines([...cached, `add_header Vary $govlod_vary always;`, `add_header Content-Location "${literal(base.slice(0, -1))}$govlod_path$govlod_sfx$govlod_qs" always;`, `add_header Link $govlod_links always;`])}
        try_files $govlod_path$govlod_sfx =404;
    }`;
  const fixedLocation = (match: string, path: string, sfx: string) => `    location ${match} {
        set $govlod_path ${path};
        set $govlod_args "";
        set $govlod_sfx ${sfx};
        ${options204}
${lines([...cached, `add_header Link $govlod_links always;`])}
        try_files $uri =404;
    }`;
  const charsetTypes = options.variants.filter((v) => v.charset).map((v) => v.mediaType);
  return `server {
    listen ${options.listen ?? "8080"};
    server_name ${options.serverName ?? "_"};
    root ${quote(options.root)};
    server_tokens off;
    etag on;
    gzip off;
    gzip_static on;
    charset utf-8;
    # text/html is always a charset type in nginx.
    charset_types ${[...new Set([...charsetTypes, "text/plain", "application/xml"])].filter((t) => t !== "text/html").join(" ")};
    types {
${options.variants.map((v) => `        ${v.mediaType} ${v.id};`).join("\n")}
        application/xml xml;
        text/plain txt;
    }
    default_type application/octet-stream;
    error_page 404 /.govlod/404;
    error_page 406 /.govlod/406;
    # 303 with a plain-text body, like the router: /id/ returns 418, answered from this file with status 303.
    error_page 418 =303 /.govlod/303;

    location = /.govlod/404 {
        internal;
${lines([...common, `add_header Vary "Accept" always;`])}
        try_files /.govlod/404.$govlod_error_ext =404;
    }
    location = /.govlod/406 {
        internal;
${lines([...common, `add_header Vary "Accept" always;`, `add_header Link $govlod_all_links always;`])}
        try_files /.govlod/406.$govlod_error_ext =404;
    }
    location = /.govlod/303 {
        internal;
${lines([...cached, `add_header Location "${literal(base)}doc/$govlod_ref" always;`])}
        try_files /.govlod/303.txt =404;
    }
    location /.govlod/ {
        internal;
    }

    # DESIGN §4: /id/{kind}/{slug} answers 303 See Other with the document, when there is one.
    location ~ ^/id/([^/]+)/([^/]+)$ {
        set $govlod_ref $1/$2;
        if (!-f $document_root/doc/$govlod_ref.${options.variants[0]?.id ?? "ttl"}) {
            return 404;
        }
        return 418;
    }

    # A variant by its file name: that file, whatever Accept says.
    location ~ ^/doc/([^/]+)/([^/.]+)((?:\\.(?:${langRe}))?\\.(?:${extRe}))$ {
        set $govlod_path /doc/$1/$2;
        set $govlod_args "";
        set $govlod_sfx $3;
        ${options204}
${lines([...cached, `add_header Link $govlod_links always;`])}
        try_files $uri =404;
    }
${negotiatedLocation("~ ^/doc/([^/]+)/([^/.]+)$", "/doc/$1/$2")}
${fixedLocation(`~ ^/catalog(\\.(?:${langRe})\\.(?:${extRe}))$`, "/catalog", "$1")}
    # The catalog by extension; with ?page= one of the build's pages.
    location ~ ^/catalog(\\.(?:${extRe}))$ {
        set $govlod_path /catalog;
        # $args is gone after an internal redirect (error_page); the 406 page's Link still needs it.
        set $govlod_args $args;
        set $govlod_sfx $1;
        ${options204}
        if ($govlod_catalog_view = "!") {
            return 404;
        }
${lines([...cached, `add_header Link $govlod_links always;`])}
        try_files $govlod_catalog_fixed =404;
    }
    # The negotiated catalog; with ?page= one of the build's pages.
    location = /catalog {
        set $govlod_path /catalog;
        set $govlod_args $args;
        set $govlod_ext $govlod_choice;
        ${options204}
        if ($govlod_catalog_view = "!") {
            return 404;
        }
        # A page after the last is 404 whatever Accept says, as in the router.
        if (!-f $document_root$govlod_catalog_file.${options.variants[0]?.id ?? "ttl"}) {
            return 404;
        }
        if ($govlod_ext = "406") {
            return 406;
        }
        set $govlod_sfx $govlod_neg_suffix;
${lines([...cached, `add_header Vary $govlod_vary always;`, `add_header Content-Location "${literal(base.slice(0, -1))}$govlod_path$govlod_sfx$govlod_qs" always;`, `add_header Link $govlod_links always;`])}
        try_files $govlod_catalog_file$govlod_sfx =404;
    }
${fixedLocation(`~ ^/\\.well-known/void((?:\\.(?:${langRe}))?\\.(?:${extRe}))$`, "/.well-known/void", "$1")}
${negotiatedLocation("= /.well-known/void", "/.well-known/void")}

    location ~ ^/(?:dump\\.(?:nq|ttl)|context\\.jsonld|sitemap\\.xml|robots\\.txt)$ {
        ${options204}
${lines(cached)}
        types {
            application/n-quads nq;
            text/turtle ttl;
            application/ld+json jsonld;
            application/xml xml;
            text/plain txt;
        }
        charset_types application/n-quads text/turtle text/plain application/xml;
        try_files $uri =404;
    }

    location / {
        return 404;
    }
}
`;
}

/** A complete standalone nginx configuration (for `nginx -p <runDir> -c <file>`) serving one build. */
export function createNginxConfig(options: NginxConfigOptions): string {
  const run = options.runDir.replace(/\/$/, "");
  return `worker_processes 1;
error_log ${options.errorLog ?? "stderr"};
events {
    worker_connections 256;
}
http {
    access_log ${options.accessLog ?? "off"};
    client_body_temp_path ${run}/client_body;
    proxy_temp_path ${run}/proxy;
    fastcgi_temp_path ${run}/fastcgi;
    uwsgi_temp_path ${run}/uwsgi;
    scgi_temp_path ${run}/scgi;
    sendfile on;
    map_hash_bucket_size 256;
    map_hash_max_size 65536;

${indent(createNginxMaps(options), 4)}
${indent(createNginxServer(options), 4)}
}
`;
}

function indent(text: string, n: number): string {
  return text
    .split("\n")
    .map((l) => (l.length > 0 ? `${" ".repeat(n)}${l}` : l))
    .join("\n");
}
