import { type Dataset, loadBreastCancer, loadDigits, loadIris, loadWine } from "@descent/datasets";

/**
 * The data sets shipped with descent that `train --dataset` fits, with the name of their label: two classes
 * (breast cancer) and three or more (iris, wine, digits), which fit the multinomial loss.
 */
const EMBEDDED: Readonly<Record<string, { readonly load: () => Dataset; readonly label: string }>> = {
  "breast-cancer": { load: loadBreastCancer, label: "diagnosis" },
  iris: { load: loadIris, label: "species" },
  wine: { load: loadWine, label: "cultivar" },
  digits: { load: loadDigits, label: "digit" },
};

export const embeddedDatasetNames: readonly string[] = Object.keys(EMBEDDED);

/** The embedded data set of that name (one of embeddedDatasetNames), and what its label column is called. */
export function embeddedDataset(name: string): { readonly dataset: Dataset; readonly label: string } {
  const entry = EMBEDDED[name];
  if (entry === undefined) throw new Error(`no embedded data set ${name}`);
  return { dataset: entry.load(), label: entry.label };
}
