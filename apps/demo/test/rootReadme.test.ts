import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

// The repository README's first example is the first thing a newcomer reads: run it as written. It lives
// here because the demo depends on every package the example may use.
describe("the repository README's example", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs as written and prints what its comments say", async () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const code = /```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const directory = new URL("../node_modules/.readme-example/", import.meta.url);
    mkdirSync(directory, { recursive: true });
    const file = new URL("rootReadme.ts", directory);
    writeFileSync(file, code!);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await import(/* @vite-ignore */ file.href);
    const [predictions, probabilities] = log.mock.calls[0]!;
    expect(predictions).toEqual(["spam"]);
    // One row of K probabilities per sample, in classes order (["ham", "spam"]).
    expect((probabilities as Float64Array[])[0]![1]).toBeGreaterThan(0.5);
    const message = log.mock.calls[1]![0] as string;
    const comment =
      /console\.log\(model\.result\?\.message\); \/\/ "newton converged: … after (\d+) iterations …"/.exec(
        code!,
      );
    expect(comment).not.toBeNull();
    expect(message).toMatch(new RegExp(`^newton converged: .* after ${comment![1]} iterations`));
  });
});
