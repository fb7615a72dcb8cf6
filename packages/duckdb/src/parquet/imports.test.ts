import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// These modules are bundled into a worker thread's source: they import nothing but each other, and use
// no Node-only global.
describe("the parquet modules import nothing", () => {
  const directory = new URL(".", import.meta.url);
  const sources = readdirSync(directory).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));

  it.each(sources)("%s imports only its siblings", (file) => {
    const text = readFileSync(new URL(file, directory), "utf8");
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]!);
    expect(specifiers.filter((specifier) => !/^\.\/[A-Za-z]+\.js$/.test(specifier))).toEqual([]);
    expect(text).not.toMatch(/\b(require|process|Buffer|__dirname)\b/);
  });
});
