import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

/** STYLE §1: vocab <- model <- rdf <- site <- validate|serialize <- node|http|cli (and friends at their level). */
const LAYER: Record<string, number> = {
  vocab: 0,
  "errors.ts": 0,
  "workers.ts": 0,
  model: 1,
  rdf: 2,
  site: 3,
  validate: 4,
  serialize: 4,
  sparql: 4,
  feed: 4,
  "index.ts": 5,
  node: 6,
  store: 6,
  http: 7,
  cli: 8,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Drops comments, so TSDoc examples (`process.stdout.write(...)`) don't count as uses. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

function topOf(file: string): string {
  return relative(SRC, file).split("/")[0] as string;
}

describe("architecture", () => {
  const all = files(SRC);

  it("puts every source folder in a known layer", () => {
    const unknown = [...new Set(all.map(topOf))].filter((t) => LAYER[t] === undefined);
    expect(unknown).toEqual([]);
  });

  it("never imports from a higher layer", () => {
    const violations: string[] = [];
    for (const file of all) {
      const from = topOf(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from|import\()\s*["'](\.[^"']+)["']/g)) {
        const target = join(file, "..", m[1] as string);
        const to = topOf(target);
        if (to === from || LAYER[to] === undefined || LAYER[from] === undefined) continue;
        if ((LAYER[to] as number) > (LAYER[from] as number))
          violations.push(`${relative(SRC, file)} -> ${m[1]}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps express in http/ (and the CLI's serve), node:fs in node/ and cli/, process in cli/", () => {
    const violations: string[] = [];
    for (const file of all) {
      const top = topOf(file);
      const text = withoutComments(readFileSync(file, "utf8"));
      if (/from ["']express["']|import\(["']express["']\)/.test(text) && top !== "http" && top !== "cli")
        violations.push(`${relative(SRC, file)} imports express`);
      if (/from ["']node:(fs|path)(\/promises)?["']/.test(text) && !["node", "cli", "store"].includes(top))
        violations.push(`${relative(SRC, file)} imports node:fs/node:path`);
      if (/\bprocess\.(exit|argv|stdout|stderr|env|on|once)\b/.test(text) && top !== "cli")
        violations.push(`${relative(SRC, file)} touches process`);
      if (/\bconsole\./.test(text) && top !== "cli") violations.push(`${relative(SRC, file)} uses console`);
    }
    expect(violations).toEqual([]);
  });

  it("lists every export of the barrel by name (no export *)", () => {
    expect(readFileSync(join(SRC, "index.ts"), "utf8")).not.toMatch(/export \*/);
  });
});
