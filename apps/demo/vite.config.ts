import { defaultClientConditions, defineConfig } from "vite";

/**
 * The web page. Workspace packages resolve to their TypeScript source ("@descent/source"), as in the
 * tests, so `pnpm dev` needs no build of the packages and shows their current code.
 */
export default defineConfig({
  base: "./",
  resolve: { conditions: ["@descent/source", ...defaultClientConditions] },
  build: { outDir: "dist/web", emptyOutDir: true, target: "es2022" },
  // Fits run in module workers (src/web/fitWorker.ts), which share chunks with the page as ES modules.
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
