import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { launchChromium, requireChromium } from "@descent/config/chromium";
import { irisProblem } from "@descent/datasets";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackages, repositoryRoot } from "../src/pack.js";

/**
 * descent as a user outside this repository gets it: core, newton and kernels packed with `pnpm pack`
 * (as `pnpm pack:all` does), installed from the tarballs into a fresh project with npm and with pnpm (no
 * registry: the packages have no third-party runtime dependencies), a strict TypeScript program type-checked
 * with tsc under `module: nodenext` against the shipped declarations, then run in Node and, bundled by
 * esbuild for browsers, in Chromium. The program fits iris versicolor vs virginica (raw features, λ = 0.01),
 * whose optimum scikit-learn computed (packages/datasets/data/reference-optima.json).
 */
const haveChromium = requireChromium("the packed packages in a browser");

const PACKAGES = ["@descent/core", "@descent/newton", "@descent/kernels"];
const problem = irisProblem();
const [rows, columns] = problem.X.shape;
const CLASS_NAMES = ["versicolor", "virginica"];

/**
 * Newton stops at ‖∇f‖∞ ≤ 1e-10 and f is λ-strongly convex (λ = 0.01 on w; the intercept's curvature on
 * iris is larger), so ‖θ − θ*‖₂ ≤ √5 · 1e-10 / 0.01 ≈ 2.2e-8; scikit-learn's θ* (tol 1e-12) adds less.
 */
const OPTIMUM_TOLERANCE = 3e-8;

/** The user's data file: iris rows as number[][] and labels as strings, as one would paste them. */
function dataModule(): string {
  const X = Array.from({ length: rows }, (_, i) =>
    Array.from(problem.X.data.subarray(i * columns, (i + 1) * columns)),
  );
  const labels = Array.from(problem.y, (target) => CLASS_NAMES[target]!);
  return `// Iris versicolor vs virginica, raw features (Fisher, 1936; UCI, CC BY 4.0).
export const X: number[][] = ${JSON.stringify(X)};
export const labels: string[] = ${JSON.stringify(labels)};
`;
}

/** The user's program: runs in Node and in a browser, and prints one line of JSON. */
const MAIN = `import { LogisticRegression, logisticObjective } from "@descent/core";
import { kernels } from "@descent/kernels";
import { newton } from "@descent/newton";
import { labels, X } from "./data.js";

const model = new LogisticRegression({ optimizer: newton(), l2: 0.01, tol: 1e-10, backend: kernels() }).fit(
  X,
  labels,
);
const y = labels.map((label) => (label === model.classes[1] ? 1 : 0));
const objective = logisticObjective({ X, y, l2: 0.01, backend: kernels() });
const reference = logisticObjective({ X, y, l2: 0.01 });
const theta = Float64Array.from([...model.coef, ...model.intercept]);
const result: Record<string, unknown> = {
  classes: model.classes,
  coef: Array.from(model.coef),
  // Two classes: one row of coefficients and one intercept (scikit-learn's intercept_ of shape (1,)).
  intercept: model.intercept[0],
  converged: model.result?.converged,
  backend: objective.backend,
  kernelsValue: objective.value(theta),
  referenceValue: reference.value(theta),
  accuracy: model.score(X, labels),
  predicted: model.predict([X[0]!, X[X.length - 1]!]),
};
console.log(JSON.stringify(result));
`;

/** Node only: the same fit on a pool of 2 threads from the package's second entry, @descent/kernels/threads. */
const THREADS = `import { LogisticRegression, logisticObjective } from "@descent/core";
import { kernels } from "@descent/kernels";
import { createThreadPool } from "@descent/kernels/threads";
import { newton } from "@descent/newton";
import { labels, X } from "./data.js";

const pool = createThreadPool({ threads: 2 });
try {
  const backend = kernels({ threads: pool, threadedMinimumEntries: 0 });
  const model = new LogisticRegression({ optimizer: newton(), l2: 0.01, tol: 1e-10, backend }).fit(X, labels);
  const objective = logisticObjective({ X, y: labels.map((label) => (label === "virginica" ? 1 : 0)), backend });
  const threads = "threads" in objective ? objective.threads : 1;
  console.log(JSON.stringify({ coef: Array.from(model.coef), intercept: model.intercept[0], threads }));
} finally {
  pool.close();
}
`;

/** A user's strictest reasonable settings: strict, nodenext, and the shipped declarations checked too. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    lib: ["es2022", "dom"],
    types: [],
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    rootDir: "src",
    outDir: "dist",
  },
  include: ["src"],
};

/**
 * The environment for npm and pnpm in the temporary projects: without the npm_* variables that pnpm sets for
 * this test's script (the workspace's settings), so that each client runs as it would in a user's shell.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")),
  );
}

async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(command, args, {
      cwd,
      env: cleanEnvironment(),
      maxBuffer: 64 * 2 ** 20,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

/** A fresh project folder: package.json, tsconfig.json and the program's sources. */
function createProject(folder: string): void {
  mkdirSync(join(folder, "src"), { recursive: true });
  writeFileSync(
    join(folder, "package.json"),
    `${JSON.stringify({ name: "descent-user", private: true, type: "module" }, null, 2)}\n`,
  );
  writeFileSync(join(folder, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  writeFileSync(join(folder, "src", "data.ts"), dataModule());
  writeFileSync(join(folder, "src", "main.ts"), MAIN);
  writeFileSync(join(folder, "src", "threads.ts"), THREADS);
  writeFileSync(join(folder, "src", "readme.ts"), readmeExample());
}

/** The repository README's first example, which its "Use it in your project" section says runs as it is. */
function readmeExample(): string {
  const readme = readFileSync(join(repositoryRoot, "README.md"), "utf8");
  const code = /```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];
  if (code === undefined) throw new Error("The README has no TypeScript example.");
  return `${code}\n`;
}

interface MainOutput {
  classes: string[];
  coef: number[];
  intercept: number;
  converged: boolean;
  backend: string;
  kernelsValue: number;
  referenceValue: number;
  accuracy: number;
  predicted: string[];
}

/** The last line of a program's output, parsed. */
function lastJsonLine<T>(output: string): T {
  return JSON.parse(output.trim().split("\n").at(-1)!) as T;
}

/** Checks a fit against scikit-learn's optimum: the coefficients to OPTIMUM_TOLERANCE, on the kernels. */
function expectOptimum(output: MainOutput): void {
  expect(output.classes).toEqual(CLASS_NAMES);
  expect(output.converged).toBe(true);
  expect(output.backend).toBe("kernels");
  const theta = [...output.coef, output.intercept];
  const optimum = [...problem.optimum.w, problem.optimum.b];
  const distance = Math.hypot(...theta.map((value, j) => value - optimum[j]!));
  expect(distance).toBeLessThanOrEqual(OPTIMUM_TOLERANCE);
  // The kernels and core's TypeScript reference compute one function: they agree to rounding (1e-12).
  expect(Math.abs(output.kernelsValue - output.referenceValue)).toBeLessThanOrEqual(
    1e-12 * output.referenceValue,
  );
  // At θ* the objective is scikit-learn's f*, to second order in the distance above.
  expect(Math.abs(output.kernelsValue - problem.optimum.f)).toBeLessThanOrEqual(1e-12);
  expect(output.predicted).toEqual([CLASS_NAMES[problem.y[0]!], CLASS_NAMES[problem.y[rows - 1]!]]);
}

describe("the packages installed from their tarballs, in a user's project", () => {
  let work: string;
  let tarballs: Awaited<ReturnType<typeof packPackages>>;
  let npmProject: string;
  let nodeOutput: MainOutput;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "descent-packaging-"));
    tarballs = await packPackages({ names: PACKAGES, destination: join(work, "tarballs") });
    npmProject = join(work, "npm-project");
    createProject(npmProject);
  });

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("packs core, newton and kernels with workspace ranges turned into version ranges", async () => {
    expect(tarballs.map(({ name }) => name)).toEqual(PACKAGES);
    const core = tarballs[0]!;
    for (const { name, file } of tarballs) {
      const extracted = join(work, "extracted", name.replace("/", "-"));
      mkdirSync(extracted, { recursive: true });
      await run("tar", ["xzf", file, "-C", extracted], work);
      const text = readFileSync(join(extracted, "package", "package.json"), "utf8");
      expect(text).not.toContain("workspace:");
      const manifest = JSON.parse(text) as { peerDependencies?: Record<string, string> };
      if (name !== core.name) {
        // A plugin shares the user's core (one copy, so that its classes and errors are the user's).
        expect(manifest.peerDependencies?.["@descent/core"]).toBe(`^${core.version}`);
      }
    }
  });

  it("installs with npm from the tarballs alone (offline), with one copy of core", async () => {
    const cache = join(work, "npm-cache");
    await run(
      "npm",
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--cache",
        cache,
        ...tarballs.map(({ file }) => file),
      ],
      npmProject,
    );
    const manifest = JSON.parse(readFileSync(join(npmProject, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...PACKAGES].sort());
    expect(existsSync(join(npmProject, "node_modules", "@descent", "kernels", "node_modules"))).toBe(false);
    expect(existsSync(join(npmProject, "node_modules", "@descent", "newton", "node_modules"))).toBe(false);
  });

  it("type-checks a strict nodenext program against the shipped declarations (tsc, skipLibCheck off)", async () => {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const output = await run(process.execPath, [tsc, "-p", "tsconfig.json"], npmProject);
    expect(output).toBe("");
    expect(existsSync(join(npmProject, "dist", "main.js"))).toBe(true);
  });

  it("runs in Node on the kernels and reaches scikit-learn's optimum", async () => {
    nodeOutput = lastJsonLine<MainOutput>(await run(process.execPath, ["dist/main.js"], npmProject));
    expectOptimum(nodeOutput);
    expect(nodeOutput.accuracy).toBeGreaterThan(0.9);
  });

  it("runs the README's example as it is", async () => {
    const output = await run(process.execPath, ["dist/readme.js"], npmProject);
    // Its first line: model.predict([[1, 1]]) and the probabilities; [1, 1] lies on the "spam" side.
    // model.predict([[1, 1]]) and predictProba's one row of two probabilities, in classes order (ham, spam).
    expect(output.split("\n")[0]).toMatch(/^\[ 'spam' \] \[ Float64Array\(2\) \[ 0\.\d+, 0\.\d+ \] \]/);
    expect(output).toMatch(/newton converged: .* after \d+ iterations/);
  });

  it("runs on a thread pool from @descent/kernels/threads, agreeing with one thread", async () => {
    const threaded = lastJsonLine<{ coef: number[]; intercept: number; threads: number }>(
      await run(process.execPath, ["dist/threads.js"], npmProject),
    );
    expect(threaded.threads).toBe(2);
    // Both stop at ‖∇f‖∞ ≤ 1e-10 on f with curvature ≥ λ = 0.01, so each is within about 2e-8 of θ*.
    const single = [...nodeOutput.coef, nodeOutput.intercept];
    [...threaded.coef, threaded.intercept].forEach((value, j) => {
      expect(Math.abs(value - single[j]!)).toBeLessThanOrEqual(2 * OPTIMUM_TOLERANCE);
    });
  });

  it("installs with pnpm from the tarballs alone (offline, strict node_modules) and runs", async () => {
    const pnpmProject = join(work, "pnpm-project");
    createProject(pnpmProject);
    cpSync(join(npmProject, "dist"), join(pnpmProject, "dist"), { recursive: true });
    await run(
      "pnpm",
      [
        "add",
        "--offline",
        "--store-dir",
        join(work, "pnpm-store"),
        "--config.auto-install-peers=true",
        ...tarballs.map(({ file }) => file),
      ],
      pnpmProject,
    );
    const output = lastJsonLine<MainOutput>(await run(process.execPath, ["dist/main.js"], pnpmProject));
    expect(output).toEqual(nodeOutput);
  });

  it.skipIf(!haveChromium)(
    "bundles with esbuild for browsers and runs in Chromium, computing what Node computed, bit for bit",
    async () => {
      const bundle = await build({
        absWorkingDir: npmProject,
        entryPoints: ["src/main.ts"],
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        minify: true,
        write: false,
        logLevel: "silent",
      });
      const script = bundle.outputFiles[0]!.text;
      // No Node built-in may reach a browser bundle (esbuild would have failed on one, or left an import).
      expect(script).not.toMatch(/from\s*["']node:|worker_threads/);
      const browser: Browser = await launchChromium(chromium);
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.route("http://descent.test/**", (route) =>
          route.request().url().endsWith("/main.js")
            ? route.fulfill({ contentType: "text/javascript", body: script })
            : route.fulfill({
                contentType: "text/html",
                body: '<!doctype html><meta charset="utf-8"><script type="module" src="/main.js"></script>',
              }),
        );
        const printed = page.waitForEvent("console", {
          predicate: (message) => message.text().startsWith("{"),
        });
        await page.goto("http://descent.test/");
        const output = JSON.parse((await printed).text()) as MainOutput;
        expect(errors).toEqual([]);
        expectOptimum(output);
        // The same WebAssembly kernels and the same order of operations as in Node: the same bits.
        expect(output).toEqual(nodeOutput);
      } finally {
        await browser.close();
      }
    },
  );
});
