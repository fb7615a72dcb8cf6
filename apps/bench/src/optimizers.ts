import type { AnyOptimizer } from "@descent/core";

/**
 * The descent optimizer packages the bench knows how to tune. Each is imported at run time and skipped
 * (with a note) when it is not installed, not built, or exports no factory, so the bench keeps working
 * while packages land. A package not listed here is not looked for.
 */
export const KNOWN_OPTIMIZER_PACKAGES = ["sgd", "momentum", "adam", "newton", "lbfgs"] as const;

/** What the tuning rules may look at: facts about the problem that are cheap to know up front. */
export interface TuningContext {
  /** L, the largest curvature of f (see curvature.ts). */
  readonly lipschitz: number;
  /** μ, the smallest curvature at the optimum, or a lower bound on it (see curvature.ts). */
  readonly strongConvexity: number;
  readonly l2: number;
  readonly examples: number;
  /** d, the number of parameters (features + intercept). */
  readonly dim: number;
  readonly sparse: boolean;
  readonly mode: "quick" | "full";
}

/**
 * Where a configuration's settings come from. "user": settings a user has without knowing the problem's
 * curvature (the package's defaults, a documented option such as Newton's mode, or a fixed constant);
 * "oracle": step sizes computed from the exact curvature bounds L and μ, which the bench finds by solving
 * the problem first. The headline and the recommendations use "user" runs only; oracle runs show apart, as
 * the best a first-order method could do.
 */
export type Tuning = "user" | "oracle";

/** One optimizer with its settings: what a run of the bench measures. */
export interface OptimizerConfiguration {
  /** Stable key for results and --compare: "descent/momentum-nesterov". */
  readonly id: string;
  readonly packageName: string;
  readonly label: string;
  readonly tuning: Tuning;
  /** The settings as the report states them: the optimizer's own hyperparameters, and the batch size. */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** Rows per minibatch, or undefined for the full batch. */
  readonly batchSize: number | undefined;
  /** Makes a fresh optimizer (each repeat starts from scratch). */
  create(): AnyOptimizer;
}

type Factory = (options?: Record<string, unknown>) => AnyOptimizer;
type Module = Record<string, unknown>;

interface Variant {
  readonly key: string;
  readonly label: string;
  readonly factory: string;
  readonly options: Record<string, unknown>;
  readonly tuning: Tuning;
  readonly batchSize?: number;
}

/**
 * The classical tuning of the first-order methods from the curvature bounds L and μ (κ = L/μ), the
 * textbook settings for a quadratic with curvatures in [μ, L]:
 * - gradient descent: η = 2/(L + μ);
 * - heavy ball (Polyak, 1964): η = 4/(√L + √μ)², momentum ((√κ − 1)/(√κ + 1))²;
 * - Nesterov: η = 1/L, momentum (√κ − 1)/(√κ + 1).
 * With the L of θ = 0 (the largest anywhere) and the μ of θ* these beat the usual η = 1/L, momentum 0.9
 * by 3–10× in passes on every dense problem here.
 */
export function firstOrderSettings(lipschitz: number, strongConvexity: number) {
  const rootKappa = Math.sqrt(lipschitz / strongConvexity);
  const contraction = (rootKappa - 1) / (rootKappa + 1);
  return {
    gradientDescentStep: 2 / (lipschitz + strongConvexity),
    heavyBallStep: 4 / (Math.sqrt(lipschitz) + Math.sqrt(strongConvexity)) ** 2,
    heavyBallMomentum: contraction * contraction,
    nesterovStep: 1 / lipschitz,
    nesterovMomentum: contraction,
  };
}

/**
 * The configurations, per package. Each package runs as a user would run it: its factory's defaults (and
 * Newton also in its documented truncated mode, where auto picks Cholesky); in full mode, SGD and Adam also
 * with minibatches of 1024 at their defaults. The first-order methods also run oracle-tuned, from the
 * exact curvature bounds (firstOrderSettings above), which a user does not have: the best they can do.
 * Packages the bench has no rule for run with their factory's defaults.
 */
function variants(name: string, context: TuningContext): Variant[] {
  const settings = firstOrderSettings(context.lipschitz, context.strongConvexity);
  const minibatches = context.mode === "full";
  switch (name) {
    case "sgd":
      return [
        { key: "sgd-defaults", label: "sgd", factory: "sgd", options: {}, tuning: "user" },
        ...(minibatches
          ? [
              // Fast early, then a noise floor: what minibatches buy on many rows, and what they cost.
              {
                key: "sgd-minibatch",
                label: "sgd (minibatch 1024)",
                factory: "sgd",
                options: {},
                tuning: "user" as const,
                batchSize: 1024,
              },
            ]
          : []),
        {
          key: "sgd",
          label: "gradient descent (oracle)",
          factory: "sgd",
          options: { learningRate: settings.gradientDescentStep },
          tuning: "oracle",
        },
      ];
    case "momentum":
      return [
        { key: "momentum-defaults", label: "heavy ball", factory: "momentum", options: {}, tuning: "user" },
        {
          key: "momentum-nesterov-defaults",
          label: "nesterov",
          factory: "momentum",
          options: { nesterov: true },
          tuning: "user",
        },
        {
          key: "momentum",
          label: "heavy ball (oracle)",
          factory: "momentum",
          options: { learningRate: settings.heavyBallStep, momentum: settings.heavyBallMomentum },
          tuning: "oracle",
        },
        {
          key: "momentum-nesterov",
          label: "nesterov (oracle)",
          factory: "momentum",
          options: {
            learningRate: settings.nesterovStep,
            momentum: settings.nesterovMomentum,
            nesterov: true,
          },
          tuning: "oracle",
        },
      ];
    case "adam":
      return [
        { key: "adam-defaults", label: "adam", factory: "adam", options: {}, tuning: "user" },
        ...(minibatches
          ? [
              {
                key: "adam-minibatch",
                label: "adam (minibatch 1024)",
                factory: "adam",
                options: {},
                tuning: "user" as const,
                batchSize: 1024,
              },
            ]
          : []),
      ];
    case "newton": {
      const list: Variant[] = [
        { key: "newton", label: "newton (auto)", factory: "newton", options: {}, tuning: "user" },
      ];
      if (context.dim <= 200) {
        list.push({
          key: "newton-cg",
          label: "newton-cg",
          factory: "newton",
          options: { mode: "truncated" },
          tuning: "user",
        });
      }
      return list;
    }
    default:
      return [{ key: name, label: name, factory: name, options: {}, tuning: "user" }];
  }
}

export interface Discovery {
  readonly configurations: OptimizerConfiguration[];
  /** One line per package that was skipped, and why. */
  readonly notes: string[];
}

function describeImportFailure(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
    return "not installed, or not built (no dist)";
  }
  return `failed to load: ${(error as Error).message.split("\n")[0]}`;
}

/**
 * Imports every known optimizer package that is there (or only `packages`) and returns its tuned
 * configurations. The import is by a computed name, so bundlers leave it to run time.
 */
export async function discoverOptimizers(
  context: TuningContext,
  load: (specifier: string) => Promise<Module> = (specifier) => import(specifier),
  packages: readonly string[] = KNOWN_OPTIMIZER_PACKAGES,
): Promise<Discovery> {
  const configurations: OptimizerConfiguration[] = [];
  const notes: string[] = [];
  for (const name of packages) {
    const packageName = `@descent/${name}`;
    let module: Module;
    try {
      module = await load(packageName);
    } catch (error) {
      notes.push(`${packageName}: skipped, ${describeImportFailure(error)}.`);
      continue;
    }
    for (const variant of variants(name, context)) {
      const factory = module[variant.factory];
      if (typeof factory !== "function") {
        notes.push(`${packageName}: skipped ${variant.label}, the package exports no ${variant.factory}().`);
        continue;
      }
      const create = () => (factory as Factory)(variant.options);
      let probe: AnyOptimizer;
      try {
        probe = create();
      } catch (error) {
        notes.push(`${packageName}: skipped ${variant.label}, ${(error as Error).message}`);
        continue;
      }
      configurations.push({
        id: `descent/${variant.key}`,
        packageName,
        label: variant.label,
        tuning: variant.tuning,
        settings: {
          ...probe.hyperparameters,
          batch: variant.batchSize === undefined ? "full" : variant.batchSize,
        },
        batchSize: variant.batchSize,
        create,
      });
    }
  }
  return { configurations, notes };
}
