/**
 * The pages' only stylesheet, inline so a page is one request: readable line length, system fonts, large tap
 * targets, a single column on phones and a two-column header on wide screens, visible focus, dark mode.
 */
export const HTML_STYLESHEET = `:root{color-scheme:light dark;--fg:#1a1a1a;--muted:#555;--bg:#fff;--accent:#00509e;--line:#d8d8d8;--soft:#f3f5f8}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--muted:#bbb;--bg:#121417;--accent:#8cc4ff;--line:#3a3f46;--soft:#1d2127}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent);text-underline-offset:.15em}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem 1rem;z-index:1}
header,nav.crumbs,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem;padding-bottom:.5rem;border-bottom:1px solid var(--line)}
header p{margin:0;font-weight:600}
header a{text-decoration:none}
nav.crumbs ol{list-style:none;margin:.75rem 0 0;padding:0;font-size:.9375rem;color:var(--muted)}
nav.crumbs li{display:inline}
nav.crumbs li+li::before{content:"›";margin:0 .4em}
.kind{margin:1.5rem 0 0;color:var(--muted);font-size:.9375rem;text-transform:uppercase;letter-spacing:.04em}
h1{font-size:clamp(1.75rem,5vw,2.5rem);line-height:1.2;margin:.25rem 0 1rem}
h2{font-size:1.375rem;margin:2.25rem 0 .75rem;padding-top:1rem;border-top:1px solid var(--line)}
h3{font-size:1.125rem;margin:1.25rem 0 .25rem}
p,ul,dl{margin:.5rem 0}
.lead{font-size:1.1875rem}
.goal{background:var(--soft);border-left:4px solid var(--accent);padding:.75rem 1rem}
ul.cards{list-style:none;padding:0}
ul.cards>li{padding:.75rem 0;border-bottom:1px solid var(--line)}
ul.cards h3{margin-top:0}
time,.meta{color:var(--muted);font-size:.9375rem}
dl.facts{display:grid;grid-template-columns:1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0 0 .5rem}
@media (min-width:40rem){dl.facts{grid-template-columns:minmax(9rem,max-content) 1fr}dl.facts dd{margin:0}}
address{font-style:normal}
img{max-width:100%;height:auto}
figure{margin:1rem 0}
figcaption{color:var(--muted);font-size:.9375rem}
footer{margin-top:3rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);font-size:.9375rem}
footer h2{border:0;margin-top:0;padding-top:0;font-size:1.0625rem}
footer ul{padding-left:1.2rem}
.iri{word-break:break-all}`;

/**
 * The Content-Security-Policy source for the inline stylesheet (`'sha256-…'`), for routers that send a strict
 * `style-src`; pages have no script that runs (JSON-LD is data). A test recomputes it.
 */
export const HTML_STYLE_HASH = "sha256-wbwZ1fViugW73BCOjxzpwN8/5TIY0fH/Nw/qFhXGZFU=";

/** A Content-Security-Policy that fits the pages: nothing but the inline stylesheet and images over https. */
export const HTML_CONTENT_SECURITY_POLICY = `default-src 'none'; style-src '${HTML_STYLE_HASH}'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
