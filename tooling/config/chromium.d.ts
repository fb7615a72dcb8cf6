import type { Browser, BrowserType } from "playwright-core";

/** Where Chromium is looked for: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export declare const chromiumPath: string;
/** Whether Chromium is at chromiumPath. */
export declare const haveChromium: boolean;
/**
 * Declares what happens to the browser suite `name` where Chromium is missing: in CI a failing test of that
 * name, elsewhere a warning. Returns whether Chromium is there (for `describe.skipIf(!…)`).
 */
export declare function requireChromium(name: string): boolean;
/** Chromium, headless, quiet, through the caller's playwright-core `chromium`. */
export declare function launchChromium(chromium: BrowserType): Promise<Browser>;
