import { adam } from "@descent/adam";
import type * as core from "@descent/core";
import { lbfgs } from "@descent/lbfgs";
import { momentum } from "@descent/momentum";
import { newton } from "@descent/newton";
import { sgd } from "@descent/sgd";
import { describe, expect, it } from "vitest";
import {
  discoverOptimizers,
  firstOrderSettings,
  KNOWN_OPTIMIZER_PACKAGES,
  type TuningContext,
} from "./optimizers.js";

const context: TuningContext = {
  lipschitz: 4,
  strongConvexity: 0.25,
  l2: 1e-3,
  examples: 1000,
  dim: 31,
  sparse: false,
  mode: "quick",
};

function missing(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}'`), { code: "ERR_MODULE_NOT_FOUND" });
}

describe("optimizer discovery", () => {
  it("tunes what is there and notes what is not", async () => {
    const discovery = await discoverOptimizers(context, async (specifier) => {
      if (specifier === "@descent/sgd") return { sgd };
      if (specifier === "@descent/adam") return { somethingElse: 1 };
      throw missing(specifier);
    });
    expect(discovery.configurations.map((configuration) => [configuration.id, configuration.tuning])).toEqual(
      [
        ["descent/sgd-defaults", "user"],
        ["descent/sgd", "oracle"],
      ],
    );
    const [defaults, gradientDescent] = discovery.configurations;
    // As a user runs it: the package's default step, 0.1.
    expect(defaults?.settings).toMatchObject({ learningRate: 0.1, batch: "full" });
    // Oracle-tuned: the classical step 2/(L + μ).
    expect(gradientDescent?.settings).toMatchObject({ learningRate: 2 / 4.25, batch: "full" });
    expect(gradientDescent?.create().name).toBe("sgd");
    expect(discovery.notes).toContain("@descent/adam: skipped adam, the package exports no adam().");
    expect(discovery.notes).toContain("@descent/momentum: skipped, not installed, or not built (no dist).");
    expect(discovery.notes).toHaveLength(KNOWN_OPTIMIZER_PACKAGES.length - 1);
  });

  it("runs a package it has no rule for with its factory's defaults", async () => {
    const lbfgs = () => ({ ...sgd(), name: "lbfgs", hyperparameters: { memory: 10 } }) as core.AnyOptimizer;
    const discovery = await discoverOptimizers(context, async (specifier) => {
      if (specifier === "@descent/lbfgs") return { lbfgs };
      throw missing(specifier);
    });
    expect(discovery.configurations).toHaveLength(1);
    expect(discovery.configurations[0]).toMatchObject({
      id: "descent/lbfgs",
      settings: { memory: 10, batch: "full" },
    });
  });

  it("adds the minibatch variant of sgd only in full mode", async () => {
    const load = async (specifier: string) => {
      if (specifier === "@descent/sgd") return { sgd };
      throw missing(specifier);
    };
    const full = await discoverOptimizers({ ...context, mode: "full" }, load);
    expect(full.configurations.map((configuration) => [configuration.id, configuration.batchSize])).toEqual([
      ["descent/sgd-defaults", undefined],
      ["descent/sgd-minibatch", 1024],
      ["descent/sgd", undefined],
    ]);
    const quick = await discoverOptimizers(context, load);
    expect(quick.configurations.some((configuration) => configuration.batchSize !== undefined)).toBe(false);
  });

  it("gives user configurations settings that do not depend on the curvature bounds, and oracle ones that do", async () => {
    const modules: Record<string, Record<string, unknown>> = {
      "@descent/sgd": { sgd },
      "@descent/momentum": { momentum },
      "@descent/adam": { adam },
      "@descent/newton": { newton },
      "@descent/lbfgs": { lbfgs },
    };
    const settingsOf = async (lipschitz: number, strongConvexity: number) => {
      const discovery = await discoverOptimizers(
        { ...context, lipschitz, strongConvexity },
        async (specifier) => modules[specifier]!,
      );
      return new Map(discovery.configurations.map((configuration) => [configuration.id, configuration]));
    };
    const [one, other] = [await settingsOf(4, 0.25), await settingsOf(9, 0.01)];
    expect(
      [...one.values()].filter((configuration) => configuration.tuning === "user").map((c) => c.id),
    ).toEqual([
      "descent/sgd-defaults",
      "descent/momentum-defaults",
      "descent/momentum-nesterov-defaults",
      "descent/adam-defaults",
      "descent/newton",
      "descent/newton-cg",
      "descent/lbfgs",
    ]);
    for (const [id, configuration] of one) {
      const same = JSON.stringify(configuration.settings) === JSON.stringify(other.get(id)!.settings);
      expect([id, same]).toEqual([id, configuration.tuning === "user"]);
    }
  });
});

describe("first-order tuning", () => {
  it("gives the textbook settings for curvatures in [μ, L] = [1, 16] (κ = 16, √κ = 4)", () => {
    const settings = firstOrderSettings(16, 1);
    expect(settings.gradientDescentStep).toBe(2 / 17);
    expect(settings.heavyBallStep).toBe(4 / 25);
    expect(settings.heavyBallMomentum).toBeCloseTo(0.36, 15);
    expect(settings.nesterovStep).toBe(1 / 16);
    expect(settings.nesterovMomentum).toBeCloseTo(0.6, 15);
  });
});
