// Assembles the hand-written WebAssembly text in src/*.wat with wabt and writes each module's bytes
// as base64 into a TypeScript module beside it (src/<name>.generated.ts), so that the kernels ship
// inside the package and load in browsers and Node alike. turbo runs this as core's `generate` task,
// before build, typecheck and test; the generated files are not committed. Run with `pnpm generate`.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import createWabt from "wabt";

const kernels = new URL("../src/", import.meta.url);
const wabt = await createWabt();

/** The text split into "(", ")", strings and atoms, with comments dropped. */
function tokenize(text) {
  const tokens = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (/\s/.test(char)) at++;
    else if (text.startsWith(";;", at))
      at = text.indexOf("\n", at) === -1 ? text.length : text.indexOf("\n", at);
    else if (text.startsWith("(;", at)) at = text.indexOf(";)", at) + 2;
    else if (char === "(" || char === ")") {
      tokens.push(char);
      at++;
    } else if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      tokens.push(text.slice(at, end + 1));
      at = end + 1;
    } else {
      let end = at;
      while (end < text.length && !/[\s()";]/.test(text[end])) end++;
      tokens.push(text.slice(at, end));
      at = end;
    }
  }
  return tokens;
}

function parse(tokens) {
  const stack = [[]];
  for (const token of tokens) {
    if (token === "(") stack.push([]);
    else if (token === ")") {
      const list = stack.pop();
      stack.at(-1).push(list);
    } else stack.at(-1).push(token);
  }
  return stack[0];
}

function print(node) {
  return Array.isArray(node) ? `(${node.map(print).join(" ")})` : node;
}

const MEMORY_ACCESS = /^(i32|i64|f32|f64|v128)\.(load|store)/;

/**
 * The module for threads: it imports a shared memory (declared up to the 4 GiB maximum, so that it links
 * with any shared memory, whose own maximum equals its initial size and never grows) and an i32 global
 * `base` that every memory access is relative to: address a in a kernel call means base + a (mod 2^32). Each
 * thread's instance gets its own base, and with it its own scratch space at base + 0 … base + 1023; the
 * caller passes every address minus that base. With base 0 it computes exactly what the plain module does.
 */
function sharedVariant(module) {
  const rebase = (node) => {
    if (!Array.isArray(node)) {
      if (MEMORY_ACCESS.test(node))
        throw new Error(`${node} in flat form: the threads variant needs folded form.`);
      return node;
    }
    const children = node.map((child, index) =>
      index === 0 && typeof child === "string" ? child : rebase(child),
    );
    if (typeof node[0] === "string" && MEMORY_ACCESS.test(node[0])) {
      const address = children.findIndex((child) => Array.isArray(child));
      if (address === -1) throw new Error(`${node[0]} without a folded address operand.`);
      children[address] = ["i32.add", ["global.get", "$base"], children[address]];
    }
    if (node[0] === "memory.fill" || node[0] === "memory.copy" || node[0] === "memory.grow") {
      throw new Error(`${node[0]} is not rebased in the threads variant.`);
    }
    return children;
  };
  const [head, ...fields] = module;
  if (head !== "module") throw new Error("expected one (module …)");
  const rebased = fields.map((field) => {
    if (field[0] === "import" && field[3]?.[0] === "memory") {
      return ["import", field[1], field[2], ["memory", "0", "65536", "shared"]];
    }
    return field[0] === "import" ? field : rebase(field);
  });
  return ["module", ["import", '"kernel"', '"base"', ["global", "$base", "i32"]], ...rebased];
}

function assemble(file, source, features) {
  const module = wabt.parseWat(file, source, features);
  try {
    // validate takes the features again: without them it refuses, for instance, a shared memory.
    module.validate(features);
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

for (const file of readdirSync(kernels).filter((name) => name.endsWith(".wat"))) {
  const name = file.slice(0, -".wat".length);
  // As bytes, not a string: wabt measures a string's length in UTF-16 units, and comments here use UTF-8.
  // And as an ArrayBuffer of exactly the file's size: given a view, wabt reads the view's whole buffer, which
  // for a small file is Node's shared pool.
  const source = Uint8Array.from(readFileSync(new URL(file, kernels))).buffer;
  const bytes = assemble(file, source, { simd: true, multi_value: true });
  const [parsed] = parse(tokenize(Buffer.from(source).toString("utf8")));
  const sharedText = print(sharedVariant(parsed));
  const sharedBytes = assemble(`${file} (threads)`, Uint8Array.from(Buffer.from(sharedText)).buffer, {
    simd: true,
    multi_value: true,
    threads: true,
  });
  const constant = `${name}WasmBase64`;
  const text = `// Generated by scripts/generate-kernels.mjs from src/${file}; do not edit.
/** The WebAssembly module assembled from ${file} (${bytes.length} bytes), base64-encoded. */
export const ${constant} =
  "${Buffer.from(bytes).toString("base64")}";

/**
 * The same module for threads (${sharedBytes.length} bytes): over a shared memory, every address relative to an
 * imported global \`base\` (see scripts/generate-kernels.mjs), base64-encoded.
 */
export const ${name}SharedWasmBase64 =
  "${Buffer.from(sharedBytes).toString("base64")}";
`;
  const target = new URL(`${name}.generated.ts`, kernels);
  let previous = "";
  try {
    previous = readFileSync(target, "utf8");
  } catch {
    // Not generated yet.
  }
  // Rewrite only on change, so that watchers and caches see no spurious edit.
  if (text !== previous) writeFileSync(target, text);
  console.log(`${file}: ${bytes.length} (+ ${sharedBytes.length} threads) bytes → src/${name}.generated.ts`);
}
