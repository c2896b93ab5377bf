// The libraries of the extension's modules (pages, background, offscreen document), each built once as an ES module
// of its own under vendor/, which every module that uses it imports. Used by build.mjs (see there for why).
//
//   1. the modules are built with vendorPlugin(): a bare import ('dompurify', 'opencc-js/cn2t') is left as an
//      import of /vendor/<specifier>.js;
//   2. libraryImports() reads, from what was built, the names each library must provide;
//   3. buildVendor() builds one file per specifier with exactly those exports (so tree-shaking still applies: fflate
//      ships the two functions the exporters use, not all of fflate).

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';

export const VENDOR_DIR = 'vendor';

// Absolute, because the importing files sit at the top and in chunks/: the same text resolves from both, in pages
// and workers alike, against the extension's own origin.
const PREFIX = `/${VENDOR_DIR}/`;

/** A bare specifier: a package or a file in one, not a relative or absolute path, nor node: or another scheme. */
const isBare = (path) => !/^[./]/.test(path) && !/^[a-z]+:/i.test(path);

/** Leaves every bare import of the sources as an import of its vendor module. */
export function vendorPlugin() {
  return {
    name: 'vendor-external',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point' || !isBare(args.path)) return undefined;
        return { path: `${PREFIX}${args.path}.js`, external: true };
      });
    },
  };
}

/**
 * What the built files in `metafiles` take from each library: specifier -> set of export names, '*' for the whole
 * module (a namespace import or an import()). The imports are read from the files themselves, where esbuild has put
 * every static import of an external module at the top level.
 */
export function libraryImports(metafiles, root) {
  const wanted = new Map();
  const want = (spec) => wanted.get(spec) ?? wanted.set(spec, new Set()).get(spec);
  for (const metafile of metafiles) {
    for (const [file, output] of Object.entries(metafile.outputs)) {
      const vendorImports = output.imports.filter((i) => i.external && i.path.startsWith(PREFIX));
      for (const i of vendorImports.filter((x) => x.kind === 'dynamic-import')) want(specifierOf(i.path)).add('*');
      if (!vendorImports.some((x) => x.kind === 'import-statement')) continue;
      const path = resolve(root, file);
      const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      for (const st of source.statements) {
        if (!ts.isImportDeclaration(st) || !st.moduleSpecifier.text.startsWith(PREFIX)) continue;
        const names = want(specifierOf(st.moduleSpecifier.text));
        const clause = st.importClause;
        if (clause?.name) names.add('default');
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.add('*');
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) names.add((el.propertyName ?? el.name).text);
        }
      }
    }
  }
  return wanted;
}

const specifierOf = (url) => url.slice(PREFIX.length, -'.js'.length);

/** The vendor module's source: the library's exports that are used, and only those. */
function entrySource(spec, names) {
  const q = JSON.stringify(spec);
  const named = [...names].filter((n) => n !== '*').sort();
  const lines = [];
  if (names.has('*')) lines.push(`export * from ${q};`);
  if (named.length) lines.push(`export { ${named.join(', ')} } from ${q};`);
  return lines.join('\n') || `import ${q};`;
}

/**
 * Builds vendor/<specifier>.js for each wanted library into `out`; `common` is the build's shared esbuild options.
 * Returns their metafiles. Each is built on its own, so that it is the library and nothing else (esbuild's helpers for
 * CommonJS inside, instead of one more shared file every page would load), and so fails the build when two would
 * hold the same module. Fails too when a library imported whole (import * or import()) has no named exports: a
 * CommonJS module re-exported whole gives none, so its names have to be imported statically.
 */
export async function buildVendor(wanted, out, common) {
  const metafiles = [];
  const holder = new Map(); // library module -> the vendor file that holds it
  for (const [spec, names] of wanted) {
    const file = `${VENDOR_DIR}/${spec}.js`;
    const { metafile } = await esbuild.build({
      ...common,
      stdin: { contents: entrySource(spec, names), resolveDir: common.absWorkingDir, sourcefile: `${file} (entry)`, loader: 'js' },
      outfile: join(out, file),
      format: 'esm',
      metafile: true,
    });
    const [output] = Object.values(metafile.outputs);
    if (names.has('*') && output.exports.length === 0) {
      throw new Error(`${spec} is imported whole (import * or import()) but ${file} exports nothing: import its names statically`);
    }
    for (const input of Object.keys(output.inputs).filter((i) => i.includes('node_modules/'))) {
      if (holder.has(input)) throw new Error(`${input} is in both ${holder.get(input)} and ${file}: build those two together, with splitting`);
      holder.set(input, file);
    }
    metafiles.push(metafile);
  }
  return metafiles;
}

/** `/vendor/x.js` (as the modules import it) as a path relative to the build's folder. */
export const vendorFile = (url) => (url.startsWith(PREFIX) ? url.slice(1) : undefined);
