/**
 * The slices of Node's os and module built-ins that the Node threads use, typed here because core compiles
 * without Node's types (its main entry must stay free of them, to run in browsers).
 */
declare module "node:os" {
  /** The number of threads the process can run in parallel (Node ≥ 18.14). */
  export function availableParallelism(): number;
}

declare module "node:module" {
  /** A CommonJS require for ESM code: here, to load a built-in module only when it is needed. */
  export function createRequire(from: string): (id: string) => unknown;
}

/** ES modules' import.meta, as Node gives it (the ES library declares it empty). */
interface ImportMeta {
  readonly url: string;
}
