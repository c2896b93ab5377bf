// Lint, run by `npm test`: typescript-eslint's recommended rules, and Mozilla's no-unsanitized, which flags every
// write of HTML into a page (innerHTML, insertAdjacentHTML, document.write…) that does not go through a sanitizer.
import js from '@eslint/js';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'test/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.webextensions } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
      // Control characters are what file names, addresses and imports strip on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests take backups and manifests apart as loose JSON, and build hostile DOM in jsdom on purpose.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-unsanitized/property': 'off', 'no-unsanitized/method': 'off' },
  },
);
