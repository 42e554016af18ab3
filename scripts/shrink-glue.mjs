// Shrinks what wasm-bindgen and the splitter write around the release
// build's wasm, which every first visit downloads (scripts/wasm-parts.mjs
// calls this after wasm-opt):
//
//   - the main module's imports from its JS glue are renamed to short names
//     in both files. wasm-bindgen names each one after the browser API and a
//     hash (`__wbg_appendChild_` + 16 hex digits); the hashes do not
//     compress, and each name is written twice, once in the wasm and once in
//     the JS.
//   - the JS glue is minified with terser.
//   - the part loader (`__wasm_split.js`) is rewritten as one table of which
//     parts each part needs first, read by one load function. The splitter
//     writes a copy of its loading code per part (137 of them, 42 KB raw,
//     2.1 KiB brotli); the table keeps the same parts, order and retries.
//     `scripts/sizes.mjs` reads the table to tell which parts each screen
//     fetches.
//
//   - the main module's exports that the glue calls (`wasm.__wbindgen_start`,
//     wasm-bindgen's closure shims named after a mangled symbol and a hash)
//     are renamed to short names the same way. The ones the part loader
//     reads (`memory`, the table, the shared parts' exports) keep theirs.
//
// Together about 8 KiB brotli off the first load (bench/size-notes.md).
// Every rename is checked: a name that the glue uses anywhere but as its one
// key in the import object is left as it is, and the build stops if a part
// imports from the glue (only the main module may).
//
// Before wasm-opt, `dropExportedClasses` takes out the classes wasm-bindgen
// exports for JS callers: Rapport has none. `leptos` always brings
// `server_fn`, and with it `wasm-streams`' stream classes
// (`IntoUnderlyingSource` and friends); their glue and the wasm behind their
// exports were downloaded on every first visit and never used.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const GLUE_MODULE = "./rapport_bg.js";

// The features rustc's wasm32 target uses, so binaryen's tools accept the
// modules.
export const WASM_FEATURES = [
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
];

function readLeb(buf, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

const name = (text) => {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([leb(bytes.length), bytes]);
};

/** The sections of a wasm module: `{ id, start, end }` of each one's body. */
function sections(wasm) {
  const found = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readLeb(wasm, at + 1);
    found.push({ id, start, end: start + size, from: at });
    at = start + size;
  }
  return found;
}

/** The name at `at` in `wasm`, and where what follows it starts. */
function readName(wasm, at) {
  const [length, start] = readLeb(wasm, at);
  return [wasm.subarray(start, start + length).toString("utf8"), start + length];
}

/** Each import of `wasm`: module, field, and the bytes describing it. */
function imports(wasm) {
  const section = sections(wasm).find((s) => s.id === 2);
  if (!section) return [];
  let [count, at] = readLeb(wasm, section.start);
  const list = [];
  for (let i = 0; i < count; i++) {
    let module, field;
    [module, at] = readName(wasm, at);
    [field, at] = readName(wasm, at);
    const kind = wasm[at];
    const descStart = at;
    at += 1;
    if (kind === 0) [, at] = readLeb(wasm, at); // function: type index
    else if (kind === 1) at = skipLimits(wasm, at + 1); // table: reftype, limits
    else if (kind === 2) at = skipLimits(wasm, at); // memory
    else if (kind === 3) at += 2; // global: valtype, mutability
    else throw new Error(`shrink-glue: unknown import kind ${kind} for ${module}.${field}`);
    list.push({ module, field, desc: wasm.subarray(descStart, at) });
  }
  return list;
}

/** Each export of `wasm`: its name and the bytes describing it. */
function exports(wasm) {
  const section = sections(wasm).find((s) => s.id === 7);
  if (!section) return [];
  let [count, at] = readLeb(wasm, section.start);
  const list = [];
  for (let i = 0; i < count; i++) {
    let field;
    [field, at] = readName(wasm, at);
    const descStart = at;
    [, at] = readLeb(wasm, at + 1); // kind, then index
    list.push({ field, desc: wasm.subarray(descStart, at) });
  }
  return list;
}

function skipLimits(wasm, at) {
  const flags = wasm[at];
  [, at] = readLeb(wasm, at + 1);
  if (flags & 1) [, at] = readLeb(wasm, at);
  return at;
}

/** `wasm` with section `id`'s body replaced by `body`. */
function withSection(wasm, id, body) {
  const out = [wasm.subarray(0, 8)];
  for (const s of sections(wasm)) {
    out.push(s.id === id ? Buffer.concat([Buffer.from([id]), leb(body.length), body]) : wasm.subarray(s.from, s.end));
  }
  return Buffer.concat(out);
}

/** `wasm` with its import section rebuilt from `list`. */
function withImports(wasm, list) {
  return withSection(wasm, 2, Buffer.concat([leb(list.length), ...list.flatMap((i) => [name(i.module), name(i.field), i.desc])]));
}

/** `wasm` with its export section rebuilt from `list`. */
function withExports(wasm, list) {
  return withSection(wasm, 7, Buffer.concat([leb(list.length), ...list.flatMap((e) => [name(e.field), e.desc])]));
}

/** Short names in order: a, b, ..., z, ba, bb, ... */
function shortName(n) {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let text = "";
  do {
    text = letters[n % 26] + text;
    n = Math.floor(n / 26);
  } while (n);
  return text;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `text` names `name` as a whole word. */
const mentions = (text, name) => new RegExp(`\\b${escape(name)}\\b`).test(text);

/** Renames the glue's imports in `out`'s main module and JS glue. */
function renameImports(out) {
  for (const file of readdirSync(out).filter((f) => f.endsWith(".wasm") && f !== "rapport_bg.wasm")) {
    if (imports(readFileSync(join(out, file))).some((i) => i.module === GLUE_MODULE)) {
      throw new Error(`shrink-glue: part ${file} imports from the JS glue; only the main module may`);
    }
  }
  const wasmPath = join(out, "rapport_bg.wasm");
  const jsPath = join(out, "rapport.js");
  const wasm = readFileSync(wasmPath);
  let js = readFileSync(jsPath, "utf8");
  const list = imports(wasm);
  let next = 0;
  let renamed = 0;
  for (const entry of list) {
    if (entry.module !== GLUE_MODULE) continue;
    const uses = js.match(new RegExp(`\\b${escape(entry.field)}\\b`, "g")) ?? [];
    const key = new RegExp(`^(\\s*)${escape(entry.field)}(: function\\b)`, "m");
    if (uses.length !== 1 || !key.test(js)) continue;
    const short = shortName(next++);
    js = js.replace(key, `$1${short}$2`);
    entry.field = short;
    renamed++;
  }
  writeFileSync(wasmPath, withImports(wasm, list));
  writeFileSync(jsPath, js);
  return renamed;
}

/**
 * Renames the main module's exports that only the glue calls, as
 * `wasm.NAME`, in both files. Short names start after the imports' so a
 * reader of the two files never sees one name for two things.
 */
function renameExports(out, first) {
  const wasmPath = join(out, "rapport_bg.wasm");
  const jsPath = join(out, "rapport.js");
  const wasm = readFileSync(wasmPath);
  let js = readFileSync(jsPath, "utf8");
  const loader = readFileSync(join(out, "__wasm_split.js"), "utf8");
  const list = exports(wasm);
  const taken = new Set(list.map((e) => e.field));
  let next = first;
  let renamed = 0;
  for (const entry of list) {
    const field = entry.field;
    if (field.length <= 4 || mentions(loader, field)) continue;
    // Every use must be `wasm.NAME`, or a bare name: the glue's own function
    // of the same name, a local that terser renames. A string or another
    // object's property of that name would break.
    const before = [...js.matchAll(new RegExp(`(.{0,5})\\b${escape(field)}\\b`, "g"))].map((m) => m[1]);
    const called = before.filter((text) => text.endsWith("wasm.")).length;
    if (called === 0 || before.some((text) => !text.endsWith("wasm.") && /[.'"`]$/.test(text))) continue;
    let short;
    do short = shortName(next++);
    while (taken.has(short));
    taken.add(short);
    js = js.replace(new RegExp(`\\bwasm\\.${escape(field)}\\b`, "g"), `wasm.${short}`);
    entry.field = short;
    renamed++;
  }
  writeFileSync(wasmPath, withExports(wasm, list));
  writeFileSync(jsPath, js);
  return renamed;
}

/**
 * Takes the classes wasm-bindgen exports for JS callers out of `out`'s glue,
 * and out of the main module the exports only they called, so that wasm-opt
 * then drops the code behind them. Run before wasm-opt.
 */
export function dropExportedClasses(out) {
  const jsPath = join(out, "rapport.js");
  const wasmPath = join(out, "rapport_bg.wasm");
  let js = readFileSync(jsPath, "utf8");
  const loader = readFileSync(join(out, "__wasm_split.js"), "utf8");
  let removed = "";
  const cut = (pattern, what) => {
    const before = js;
    js = js.replace(pattern, (text) => {
      removed += text;
      return "";
    });
    if (js === before) throw new Error(`shrink-glue: ${what} not found where wasm-bindgen writes it`);
  };
  for (const [, cls] of [...js.matchAll(/^export class (\w+) \{$/gm)]) {
    cut(new RegExp(`^export class ${cls} \\{\\n[\\s\\S]*?^\\}\\n`, "m"), `class ${cls}`);
    cut(new RegExp(`^if \\(Symbol\\.dispose\\) ${cls}\\.prototype.*\\n`, "m"), `${cls}'s dispose`);
    cut(new RegExp(`^const ${cls}Finalization = [\\s\\S]*?;\\n`, "m"), `${cls}'s finalizer`);
    if (mentions(js, cls)) throw new Error(`shrink-glue: the glue still uses class ${cls}`);
  }
  if (!removed) return [];
  const names = exports(readFileSync(wasmPath)).map((e) => e.field);
  const dropped = names.filter((f) => mentions(removed, f) && !mentions(js, f) && !mentions(loader, f));
  const graph = [{ name: "root", root: true, reaches: names.filter((f) => !dropped.includes(f)).map((f) => `export:${f}`) }];
  for (const f of names) graph.push({ name: `export:${f}`, export: f });
  const graphPath = join(out, "metadce-graph.json");
  writeFileSync(graphPath, JSON.stringify(graph));
  // Names are kept for the profiling build; wasm-opt drops them from the
  // release one.
  execFileSync("wasm-metadce", ["-g", ...WASM_FEATURES, "-f", graphPath, wasmPath, "-o", wasmPath], { stdio: "ignore" });
  rmSync(graphPath);
  writeFileSync(jsPath, js);
  return dropped;
}

async function minifyFile(path) {
  const result = await minify(readFileSync(path, "utf8"), { module: true, compress: true, mangle: true });
  writeFileSync(path, result.code);
}

/** How the rewritten part loader holds its table, for `scripts/sizes.mjs`. */
export const LOADER_TABLE = /JSON\.parse\('(\{[^']*\})'\)/;

/** A part's key in that table: chunk_12.wasm is 12, split_store.wasm "split_store". */
const partKey = (part) => (part.startsWith("chunk_") ? Number(part.slice(6)) : part);

/** The file of the part a table key names. */
export const partFile = (key) => `${typeof key === "number" ? "chunk_" : ""}${key}.wasm`;

/**
 * The splitter's part loader read back: the names of the main module's
 * exports the parts import, and for each part (`chunk_N` or `split_GROUP`)
 * the parts it loads first. Throws if the loader is not written the way
 * `compactLoader` expects, so a new splitter cannot change what loads.
 */
function readLoader(text) {
  const shared = text.match(/^ {8}const \{ ([\w, ]+?),? *\} = initSync\(undefined, undefined\);$/m);
  const expected = [
    "sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);",
    "const parallelStuff = deps.map(d => d());",
    "const instantiate = fetcher();",
    "await Promise.all(parallelStuff);",
    "if (loadingModule === thisLoad) loadingModule = undefined;",
  ];
  if (!shared || expected.some((line) => !text.includes(line))) {
    throw new Error("shrink-glue: the part loader's shared code is not what compactLoader rewrites");
  }
  const start = text.indexOf("\n/* ");
  const block =
    /^(?:\/\* [\w, ]+ \*\/\n)?(export )?const __(chunk_\d+|wasm_split_load_\w+) = (wrapAsyncCb\()?makeLoad\(\(\) => \{\n {4}const src = fetch\(new URL\("\.\/([\w]+)\.wasm", import\.meta\.url\)\);\n {4}src\.catch\(\(\) => \{\}\);\n {4}return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[([\w, ]*)\]\)\)?;\n/;
  const parts = {};
  let rest = text.slice(start + 1);
  while (rest) {
    const m = rest.match(block);
    if (!m) throw new Error(`shrink-glue: unexpected text in the part loader: ${rest.slice(0, 120)}`);
    const [whole, exported, name, wrapped, file, deps] = m;
    const entry = Boolean(exported && wrapped);
    const key = name.replace(/^wasm_split_load_/, "split_");
    if (entry !== name.startsWith("wasm_split_load_") || file !== key) {
      throw new Error(`shrink-glue: part loader entry ${name} loads ${file}.wasm`);
    }
    parts[key] = deps
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => d.replace(/^__/, ""));
    rest = rest.slice(whole.length);
  }
  return { shared: shared[1].split(",").map((n) => n.trim()), parts };
}

/** Rewrites `out`'s part loader as a table and one load function. */
function compactLoader(out) {
  const path = join(out, "__wasm_split.js");
  const { shared, parts } = readLoader(readFileSync(path, "utf8"));
  const entries = Object.keys(parts).filter((k) => k.startsWith("split_"));
  for (const deps of Object.values(parts)) {
    for (const d of deps) if (!(d in parts)) throw new Error(`shrink-glue: the part loader needs unknown part ${d}`);
  }
  // Shared parts that need none are left out of the table.
  const needing = Object.entries(parts).filter(([k, deps]) => deps.length || k.startsWith("split_"));
  const table = JSON.stringify(Object.fromEntries(needing.map(([k, deps]) => [partKey(k), deps.map(partKey)])));
  const text = `import { initSync } from "./rapport.js";

// For each part of the wasm that needs others loaded first, those parts
// (12 is chunk_12.wasm, "split_store" split_store.wasm).
const needs = JSON.parse('${table}');
const loading = {};
let shared;

// What every part imports from the main module, which is loaded by then.
function sharedImports() {
  if (!shared) {
    const main = initSync(undefined, undefined);
    shared = { __wasm_split: { ${shared.map((n) => `${n}: main.${n}`).join(", ")} } };
  }
  return shared;
}

// Loads a part once its needs are loaded; a failed load is forgotten, so
// the next call tries again instead of failing for the rest of the visit.
function load(key) {
  if (!loading[key]) {
    const first = (needs[key] || []).map(load);
    const file = fetch(new URL(\`./\${/^\\d/.test(key) ? "chunk_" : ""}\${key}.wasm\`, import.meta.url));
    file.catch(() => {});
    const pending = Promise.all(first).then(() => WebAssembly.instantiateStreaming(file, sharedImports()));
    pending.catch(() => {
      if (loading[key] === pending) delete loading[key];
    });
    loading[key] = pending;
  }
  return loading[key];
}

// The main module calls these with a callback in its table, told whether
// the part loaded.
function entry(key) {
  return async (callback, data) => {
    let loaded = false;
    try {
      await load(key);
      loaded = true;
    } catch (e) {
      console.error(e);
    }
    sharedImports().__wasm_split.__indirect_function_table.get(callback)(data, loaded);
  };
}
${entries.map((k) => `export const __wasm_${k.replace(/^split_/, "split_load_")} = entry("${k}");`).join("\n")}
`;
  writeFileSync(path, text);
}

/** Renames the imports and minifies the glue in `out` (a release build). */
export async function shrinkGlue(out) {
  const imported = renameImports(out);
  const renamed = imported + renameExports(out, imported);
  // The renamed module must still be one a browser can compile.
  new WebAssembly.Module(readFileSync(join(out, "rapport_bg.wasm")));
  await minifyFile(join(out, "rapport.js"));
  compactLoader(out);
  await minifyFile(join(out, "__wasm_split.js"));
  return renamed;
}
