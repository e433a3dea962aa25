// Checks that every configuration key Earshot reads is documented in docs/configuration.md, and defined nowhere else.
// Run by `bin/earshot test` (the full run) before the build: node docs/check-config.mjs. Exit 1 names each problem.
//
// What "a key the code reads" is, in the main code and resources of contracts, platform, web and the four services:
// - @ConfigProperty(name = "earshot.…") injections (Quarkus's own quarkus.* keys are Quarkus's to document);
// - @ConfigMapping(prefix = "earshot.…") interfaces: the prefix plus each abstract method, in kebab case (or its
//   @WithName, which may hold dots: @WithName("backoff.initial"));
// - the earshot.* keys of each service's application.properties (a %profile. prefix dropped);
// - every EARSHOT_* environment variable: the ${EARSHOT_X:default} indirections of application.properties (whatever
//   key they set, quarkus.* included) and System.getenv("EARSHOT_X") in main code.
// A key counts as documented when docs/configuration.md names it, or names an environment variable that sets it: the
// ${EARSHOT_X} its application.properties line reads, or its canonical name (earshot.sla.batch -> EARSHOT_SLA_BATCH,
// which Quarkus maps on its own). Every EARSHOT_* variable must itself appear there.
// A definition elsewhere is a Markdown table row, in any other page, whose first cell starts with such a key or
// variable: other pages link to docs/configuration.md (prose may name a key).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MODULES = ["contracts", "platform", "web", "listener-service", "sentiment-service", "escalation-service", "map-service"];
const SKIP = new Set(["node_modules", "target", ".earshot", ".git"]);
const DOC = "docs/configuration.md";

function* files(dir, suffix) {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p, suffix);
    else if (e.name.endsWith(suffix)) yield p;
  }
}

const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
const canonicalEnv = (key) => key.replace(/[^A-Za-z0-9]/g, "_").toUpperCase();

/** key -> { where, envs: Set of variables that set it } */
const keys = new Map();
/** roots of map-valued mapping members (earshot.scope.groups): a key under one is documented with the root */
const mapRoots = new Set();
/** variable -> where */
const variables = new Map();
function key(k, where, envs = []) {
  const e = keys.get(k) ?? { where, envs: new Set() };
  envs.forEach((v) => e.envs.add(v));
  keys.set(k, e);
}

for (const module of MODULES) {
  for (const file of files(join(REPO, module, "src/main/java"), ".java")) {
    const src = readFileSync(file, "utf8");
    const where = relative(REPO, file);
    for (const m of src.matchAll(/@ConfigProperty\(\s*name\s*=\s*"(earshot\.[^"]+)"/g)) key(m[1], where);
    for (const m of src.matchAll(/System\.getenv\(\s*"(EARSHOT_[A-Z0-9_]+)"/g)) variables.set(m[1], where);
    // Comments dropped first: a {@code x} in a Javadoc is not a brace of the interface.
    const code = src.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/.*$/gm, "");
    const mapping = /@ConfigMapping\(\s*prefix\s*=\s*"(earshot\.[^"]+)"\s*\)\s*public\s+interface\s+\w+\s*\{/.exec(code);
    if (mapping) {
      // The abstract methods of the top-level interface body only (depth 1): nested interfaces are value groups.
      let depth = 1;
      let line = "";
      for (const ch of code.slice(mapping.index + mapping[0].length)) {
        if (ch === "{") depth++;
        else if (ch === "}") {
          if (--depth === 0) break;
        } else if (ch === ";" && depth === 1) {
          const method = /(?:^|\s)(\w+)\s*\(\s*\)\s*$/.exec(line);
          if (method && !/\bdefault\b|\bstatic\b/.test(line)) {
            const withName = /@WithName\(\s*"([^"]+)"\s*\)/.exec(line);
            const k = `${mapping[1]}.${withName ? withName[1] : kebab(method[1])}`;
            key(k, where);
            if (/^\s*(?:@\w+(?:\([^)]*\))?\s*)*Map</.test(line)) mapRoots.add(k);
          }
        }
        if (ch === ";" || ch === "}" || ch === "{") line = "";
        else line += ch;
      }
    }
  }
  const props = join(REPO, module, "src/main/resources/application.properties");
  if (!existsSync(props)) continue;
  const where = relative(REPO, props);
  for (const raw of readFileSync(props, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.search(/[=:]/);
    if (eq < 0) continue;
    const k = line.slice(0, eq).trim().replace(/^%[\w-]+\./, "").replace(/^"|"$/g, "");
    const envs = [...line.slice(eq + 1).matchAll(/\$\{(EARSHOT_[A-Z0-9_]+)/g)].map((m) => m[1]);
    envs.forEach((v) => variables.set(v, where));
    if (k.startsWith("earshot.")) key(k, where, envs);
  }
}

const doc = readFileSync(join(REPO, DOC), "utf8");
const named = (name) => new RegExp(`(^|[^A-Za-z0-9_.-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^A-Za-z0-9_-]|$)`).test(doc);
const problems = [];
for (const [k, { where, envs }] of [...keys].sort()) {
  if ([...mapRoots].some((root) => k.startsWith(`${root}.`))) continue;
  const ok = named(k) || named(canonicalEnv(k)) || [...envs].some(named);
  if (!ok) {
    const hint = envs.size ? [...envs].join(", ") : canonicalEnv(k);
    problems.push(`${where}: ${k} (${hint}) is not in ${DOC}`);
  }
}
for (const [v, where] of [...variables].sort()) {
  if (!named(v)) problems.push(`${where}: ${v} is not in ${DOC}`);
}

// Definitions in other pages: a table row whose first cell starts with a key or variable.
const definition = /^\|\s*`(EARSHOT_[A-Z0-9_]+|earshot\.[a-z0-9.-]+)`/;
let pages = 0;
for (const file of files(REPO, ".md")) {
  const rel = relative(REPO, file);
  if (rel === DOC) continue;
  pages++;
  readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    const m = definition.exec(line);
    if (m) problems.push(`${rel}:${i + 1}: defines ${m[1]}, which belongs in ${DOC} (link to it instead)`);
  });
}

problems.forEach((p) => console.error(p));
console.log(`docs/check-config.mjs: ${keys.size} keys and ${variables.size} EARSHOT_* variables checked against ${DOC}, ` +
  `${pages} other pages for definitions; ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
