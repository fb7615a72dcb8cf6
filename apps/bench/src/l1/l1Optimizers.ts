import { adam } from "@descent/adam";
import type { AnyOptimizer } from "@descent/core";
import { lbfgs } from "@descent/lbfgs";
import { momentum } from "@descent/momentum";
import { newton } from "@descent/newton";

/** descent's L1 methods in the bench. */
export const L1_CONFIGURATIONS = ["newton", "lbfgs", "fista", "adam"] as const;
export type L1ConfigurationId = (typeof L1_CONFIGURATIONS)[number];

export interface L1Configuration {
  readonly id: L1ConfigurationId;
  readonly label: string;
  readonly tuning: "user" | "oracle";
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  create(): AnyOptimizer;
}

/** FISTA's momentum cap: momentum() caps β_k = (t_k − 1)/t_{k+1} at μ < 1; 0.99 leaves FISTA alone for ~100 steps. */
const FISTA_MOMENTUM_CAP = 0.99;

/**
 * How each method runs with an L1 penalty, at the packages' defaults (newton's "auto" forms the Hessian for
 * its proximal step up to maxProximalDimension, 2048). FISTA (momentum's L1 form) takes the oracle step 1/L.
 */
export function l1Configuration(id: L1ConfigurationId, lipschitz: number): L1Configuration {
  switch (id) {
    case "newton":
      return { id, label: "newton (proximal)", tuning: "user", settings: {}, create: () => newton() };
    case "lbfgs":
      return { id, label: "lbfgs (OWL-QN)", tuning: "user", settings: {}, create: () => lbfgs() };
    case "fista": {
      const learningRate = 1 / lipschitz;
      return {
        id,
        label: "FISTA (oracle 1/L)",
        tuning: "oracle",
        settings: { learningRate, momentum: FISTA_MOMENTUM_CAP },
        create: () => momentum({ learningRate, momentum: FISTA_MOMENTUM_CAP }),
      };
    }
    case "adam":
      return {
        id,
        label: "adam (proximal)",
        tuning: "user",
        settings: { learningRate: 1e-3 },
        create: () => adam(),
      };
  }
}
