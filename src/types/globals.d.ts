// Build-time flags, replaced by esbuild `define` (scripts/build.mjs). Dead branches are dropped from each build.
// Unit tests that import code using them must define them (e.g. on globalThis) before the import.

/** True in the Firefox build (dist/firefox). */
declare const __FIREFOX__: boolean;
/** True in the Chrome/Chromium build (dist/chrome). */
declare const __CHROME__: boolean;
/** True only in test builds; false in every build written by scripts/build.mjs. */
declare const __TEST__: boolean;

/** OpenCC's dictionaries as opencc-js ships them: `source target|source target|…`. */
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
