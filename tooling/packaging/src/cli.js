#!/usr/bin/env node
// `pnpm pack:all [folder]`: every published package's tarball in one folder (default dist-packages/), after
// the root script has built them. Prints each tarball and its size, and the command that installs two.
import { resolve } from "node:path";
import { defaultDestination, packPackages } from "./pack.js";

const destination = resolve(process.argv[2] ?? defaultDestination);
try {
  const tarballs = await packPackages({ destination });
  const width = Math.max(...tarballs.map(({ name }) => name.length));
  for (const { name, file, bytes } of tarballs) {
    console.log(`${name.padEnd(width)}  ${(bytes / 1000).toFixed(1).padStart(6)} kB  ${file}`);
  }
  const example = tarballs
    .filter(({ name }) => name === "@descent/core" || name === "@descent/newton")
    .map(({ file }) => file);
  console.log(`\n${tarballs.length} tarballs in ${destination}. In your project:`);
  console.log(`  npm install ${example.join(" ")}`);
  console.log('(and any other of them: see "Use it in your project" in the README).');
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
