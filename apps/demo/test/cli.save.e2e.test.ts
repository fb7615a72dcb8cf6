import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectOneErrorLine, runCli, workDirectoryForTests, writeText } from "./cliRunner.js";

const workDirectory = workDirectoryForTests("descent-demo-cli-save-");
const cli = (...args: string[]) => runCli(workDirectory, args);
const write = (name: string, text: string) => writeText(workDirectory, name, text);
const read = (name: string) => readFileSync(join(workDirectory, name), "utf8");

/**
 * 40 rows whose class only one feature tells apart: `signal` is magnitude·(u + 2y) with u in [0, 1), so
 * the classes are separated by a gap; `noise` is the same for both classes. A model that loses `signal`
 * (as one whose standardization overflowed or underflowed did) can do no better than chance.
 */
function oneInformativeFeature(magnitude: number): string {
  const lines = ["signal,noise,y"];
  for (let i = 0; i < 40; i++) {
    const y = i % 2;
    const u = ((i * 7) % 40) / 40;
    lines.push(`${magnitude * (u + 2 * y)},${(i * 13) % 5},${y}`);
  }
  return `${lines.join("\n")}\n`;
}

const accuracyOf = (stderr: string) => Number(/Accuracy against the "y" column: ([0-9.]+)/.exec(stderr)?.[1]);

describe("a feature at the edges of the double range", () => {
  for (const magnitude of [1e200, 1e-300]) {
    it(`keeps a feature near ${magnitude}: a finite standardization, a model its own predict reads, accuracy 1`, () => {
      const data = write(`edge-${magnitude}.csv`, oneInformativeFeature(magnitude));
      const model = `edge-${magnitude}.json`;
      const saved = cli("train", "--csv", data, "--label", "y", "-o", "newton", "--save", model);
      expect(saved.stderr).toBe("");
      expect(saved.status).toBe(0);
      const json = JSON.parse(read(model));
      // The scale of `signal` is about magnitude · 1.01 (u + 2y has a standard deviation near 1.01).
      expect(json.standardization.scale[0] / magnitude).toBeGreaterThan(0.9);
      expect(json.standardization.scale[0] / magnitude).toBeLessThan(1.2);
      for (const value of [
        ...json.standardization.mean,
        ...json.standardization.scale,
        ...json.model.coef.flat(),
      ]) {
        expect(Number.isFinite(value)).toBe(true);
      }
      const predicted = cli("predict", model, data);
      expect(predicted.status, predicted.stderr).toBe(0);
      expect(accuracyOf(predicted.stderr)).toBe(1);
    });
  }

  it("refuses a value too far from the training rows to standardize, naming its line, column and value as written", () => {
    write(
      "narrow.csv",
      "a,b,y\n0.001,1,0\n0.002,2,1\n0.0012,1.5,0\n0.0019,2.5,1\n0.0011,1.2,0\n0.0018,2.2,1\n",
    );
    expect(
      cli("train", "--csv", "narrow.csv", "--label", "y", "-o", "newton", "--save", "narrow.json").status,
    ).toBe(0);
    // (1e308 − mean) / scale, with a scale near 4e-4, is beyond the largest double.
    write("far.csv", "a,b,y\n0.001,1,0\n1e308,2,1\n");
    expectOneErrorLine(
      cli("predict", "narrow.json", "far.csv"),
      /^error: far\.csv: line 3, column "a": the value "1e308" is too far from the training rows \(mean [-0-9.e]+, standard deviation [-0-9.e]+\) to standardize/,
    );
  });
});

describe("saving", () => {
  const data = write("small.csv", oneInformativeFeature(1));

  it("refits on all rows by default, after reporting the held-out scores, and says so", () => {
    const run = cli("train", "--csv", data, "--label", "y", "-o", "lbfgs", "--save", "all-rows.json");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("30 training rows, 10 test rows");
    expect(run.stdout).toMatch(
      /Saved the lbfgs model to all-rows\.json, refitted on all 40 rows \(\d+ iterations, converged\); the test scores above are the held-out estimate/,
    );
    const json = JSON.parse(read("all-rows.json"));
    expect(json.training.fittedOn).toBe("all rows");
    expect(json.training.rows).toBe(40);
    // The standardization of the saved model is the one of all 40 rows: noise's mean is (0+3+1+4+2)·8/40.
    expect(json.standardization.mean[1]).toBeCloseTo(2, 14);
    // λ = 1/m of the rows it was fitted on (scikit-learn's C = 1).
    expect(json.model.l2).toBe(1 / 40);
  });

  it("keeps the training-split model with --no-refit", () => {
    const run = cli(
      "train",
      "--csv",
      data,
      "--label",
      "y",
      "-o",
      "lbfgs",
      "--no-refit",
      "--save",
      "split.json",
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Saved the lbfgs model to split.json, fitted on the 30 training rows.");
    const json = JSON.parse(read("split.json"));
    expect(json.training.fittedOn).toBe("training rows");
    expect(json.model.l2).toBe(1 / 30);
  });

  it("keeps the permissions of the model file it replaces", () => {
    expect(cli("train", "--csv", data, "--label", "y", "-o", "newton", "--save", "private.json").status).toBe(
      0,
    );
    chmodSync(join(workDirectory, "private.json"), 0o600);
    expect(cli("train", "--csv", data, "--label", "y", "-o", "lbfgs", "--save", "private.json").status).toBe(
      0,
    );
    expect(statSync(join(workDirectory, "private.json")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(read("private.json")).model.optimizer.name).toBe("lbfgs");
  });

  describe("refuses a path it cannot write with one error line, exit 1, and nothing left behind", () => {
    const save = (path: string) =>
      cli("train", "--csv", data, "--label", "y", "-o", "newton", "--save", path);
    const noTemporaryFiles = () => {
      const all = readdirSync(workDirectory, { recursive: true }) as string[];
      expect(all.filter((name) => name.endsWith(".tmp"))).toEqual([]);
    };

    it("in a directory that does not exist", () => {
      expectOneErrorLine(
        save("no-such-directory/model.json"),
        `Cannot write the model to no-such-directory/model.json: the directory ${join(workDirectory, "no-such-directory")} does not exist.`,
      );
    });

    it("that is a directory", () => {
      mkdirSync(join(workDirectory, "a-directory"));
      expectOneErrorLine(save("a-directory"), "Cannot write the model to a-directory: it is a directory.");
      expect(statSync(join(workDirectory, "a-directory")).isDirectory()).toBe(true);
      noTemporaryFiles();
    });

    it("under a file", () => {
      write("a-file", "not a directory");
      expectOneErrorLine(
        save("a-file/model.json"),
        "Cannot write the model to a-file/model.json: a part of the path is a file, not a directory.",
      );
      expect(read("a-file")).toBe("not a directory");
    });

    it.skipIf(!existsSync("/sys/kernel"))("on a file system that refuses it (/sys)", () => {
      expectOneErrorLine(
        save("/sys/descent-model.json"),
        "Cannot write the model to /sys/descent-model.json: permission denied.",
      );
    });

    // root writes into a read-only directory anyway, so this one needs an ordinary user.
    it.skipIf(process.getuid?.() === 0)("in a read-only directory, leaving the good model there", () => {
      const directory = join(workDirectory, "read-only");
      mkdirSync(directory);
      expect(save("read-only/model.json").status).toBe(0);
      const good = read("read-only/model.json");
      chmodSync(directory, 0o500);
      try {
        expectOneErrorLine(
          save("read-only/model.json"),
          "Cannot write the model to read-only/model.json: permission denied.",
        );
        expect(read("read-only/model.json")).toBe(good);
      } finally {
        chmodSync(directory, 0o700);
      }
    });

    it("for predictions (--output), too", () => {
      expect(save("for-output.json").status).toBe(0);
      expectOneErrorLine(
        cli("predict", "for-output.json", data, "--output", "a-file/predictions.csv"),
        "Cannot write the predictions to a-file/predictions.csv: a part of the path is a file, not a directory.",
      );
    });
  });
});
