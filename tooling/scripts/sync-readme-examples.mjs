// Copies each package's examples/readme.ts (or readme.test.ts) into the first ```ts block under "## Example" of its README.md,
// so the README shows exactly the program its test runs. Usage: node tooling/scripts/sync-readme-examples.mjs
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
for (const group of ["packages", "apps"]) {
  for (const name of readdirSync(join(root, group))) {
    const example = ["readme.ts", "readme.test.ts"]
      .map((file) => join(root, group, name, "examples", file))
      .find((path) => existsSync(path));
    const readme = join(root, group, name, "README.md");
    if (example === undefined || !existsSync(readme)) continue;
    const text = readFileSync(readme, "utf8");
    const pattern = /(## Example[^\n]*\n(?:(?!```)[\s\S])*?```ts\n)[\s\S]*?(^```)/m;
    if (!pattern.test(text)) {
      console.error(`${group}/${name}: README.md has no \`\`\`ts block under "## Example"`);
      process.exitCode = 1;
      continue;
    }
    const code = readFileSync(example, "utf8").trimEnd();
    const updated = text.replace(pattern, (_, head, tail) => `${head}${code}\n${tail}`);
    if (updated !== text) {
      writeFileSync(readme, updated);
      console.log(`${group}/${name}: README example updated`);
    }
  }
}
