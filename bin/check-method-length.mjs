// Fails when a method (or constructor) of the main code is longer than 100 lines, from the line that names it to its
// closing brace. Run by `bin/earshot test` (the full run) before the build: node bin/check-method-length.mjs.
// Usage: node bin/check-method-length.mjs [--max N] [--all]   (--all: list every method above N, allowed or not)
// Comments, strings, text blocks and character literals are blanked first, so their braces do not count; a lambda,
// local or anonymous class counts towards the method it is written in.
import { readdirSync, readFileSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SKIP = new Set(["node_modules", "target", ".earshot", ".git", "test"]);
// Files allowed to hold a longer method (none: every method of the main code is split to at most MAX lines).
const ALLOWED = new Set([]);
const args = process.argv.slice(2);
const MAX = args.includes("--max") ? Number(args[args.indexOf("--max") + 1]) : 100;
const ALL = args.includes("--all");

function* mainJava(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* mainJava(p);
    else if (e.name.endsWith(".java") && p.includes(`${"/src/main/java/"}`)) yield p;
  }
}

/** The source with comments, strings, text blocks and char literals replaced by spaces (newlines kept). */
function blank(src) {
  let out = "";
  let i = 0;
  const keepNewlines = (s) => s.replace(/[^\n]/g, " ");
  while (i < src.length) {
    const two = src.slice(i, i + 2);
    let end;
    if (two === "//") end = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
    else if (two === "/*") end = src.indexOf("*/", i + 2) + 2;
    else if (src.startsWith('"""', i)) {
      end = i + 3;
      while (end < src.length && !src.startsWith('"""', end)) end += src[end] === "\\" ? 2 : 1;
      end += 3;
    } else if (src[i] === '"' || src[i] === "'") {
      const q = src[i];
      end = i + 1;
      while (end < src.length && src[end] !== q && src[end] !== "\n") end += src[end] === "\\" ? 2 : 1;
      end += 1;
    }
    if (end === undefined) {
      out += src[i++];
    } else {
      if (end <= i) end = src.length;
      out += keepNewlines(src.slice(i, end));
      i = end;
    }
  }
  return out;
}

const lineAt = (text, index) => text.slice(0, index).split("\n").length;
const long = [];
let methods = 0;
for (const file of mainJava(REPO)) {
  const rel = relative(REPO, file);
  const code = blank(readFileSync(file, "utf8"));
  // Annotations (with their arguments) blanked too, so that a method's first line is the one that names it.
  const plain = code.replace(/@[\w.]+(\s*\((?:[^()]|\([^()]*\))*\))?/g, (m) => m.replace(/[^\n]/g, " "));
  const stack = [];
  let headerStart = 0;
  for (let i = 0; i < plain.length; i++) {
    const ch = plain[i];
    if (ch === "{") {
      const header = plain.slice(headerStart, i);
      const top = stack.at(-1);
      let kind = "block";
      let start = 0;
      if (top === undefined || top.kind === "type") {
        if (/\b(class|interface|enum|record)\b/.test(header)) kind = "type";
        else if (!/=/.test(header)) {
          kind = "method";
          const name = /[A-Za-z_$][\w$]*\s*\(/.exec(header) ?? /\S/.exec(header);
          start = lineAt(plain, headerStart + (name ? name.index : 0));
        }
      }
      stack.push({ kind, start, name: (/([A-Za-z_$][\w$]*)\s*\(/.exec(header) ?? [])[1] ?? header.trim() });
      headerStart = i + 1;
    } else if (ch === "}") {
      const block = stack.pop();
      if (block?.kind === "method") {
        methods++;
        const lines = lineAt(plain, i) - block.start + 1;
        if (lines > MAX) long.push({ rel, name: block.name, line: block.start, lines, allowed: ALLOWED.has(rel) });
      }
      headerStart = i + 1;
    } else if (ch === ";") {
      headerStart = i + 1;
    }
  }
}

long.sort((a, b) => b.lines - a.lines);
const failing = long.filter((m) => !m.allowed);
for (const m of ALL ? long : failing) {
  console.error(`${m.rel}:${m.line}: ${m.name} is ${m.lines} lines (at most ${MAX})${m.allowed ? " [allowed for now]" : ""}`);
}
console.log(`bin/check-method-length.mjs: ${methods} methods of the main code checked; ${failing.length} over ${MAX} lines` +
  ` (${long.length - failing.length} more in the allow-list)`);
process.exit(failing.length ? 1 : 0);
