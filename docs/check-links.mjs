// Checks that every local link in the repository's Markdown files resolves to a file or folder that exists.
// Run by `bin/earshot test` (the full run) before the build: node docs/check-links.mjs. Exit 1 names each broken link.
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SKIP = new Set(["node_modules", "target", ".earshot", ".git"]);

function* markdown(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* markdown(p);
    else if (e.name.endsWith(".md")) yield p;
  }
}

let broken = 0;
let checked = 0;
for (const file of markdown(REPO)) {
  let inCode = false;
  readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    if (line.trimStart().startsWith("```")) inCode = !inCode;
    if (inCode) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
      const path = decodeURIComponent(target.split("#")[0]);
      checked++;
      if (!existsSync(resolve(dirname(file), path))) {
        broken++;
        console.error(`${relative(REPO, file)}:${i + 1}: broken link ${target}`);
      }
    }
  });
}
console.log(`docs/check-links.mjs: ${checked} local links checked, ${broken} broken`);
process.exit(broken ? 1 : 0);
