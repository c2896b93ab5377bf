// Smoke test: the built extension loads in both browsers (run scripts/build.mjs first; npm test does).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIST_CHROME, DIST_FIREFOX, chromiumExtensionErrors, launchChromium, launchFirefox } from './browsers';

const TIMEOUT = 120_000;

test('Chromium loads dist/chrome and starts its service worker', { timeout: TIMEOUT }, async () => {
  const ext = await launchChromium(DIST_CHROME);
  try {
    assert.match(ext.serviceWorker.url(), /^chrome-extension:\/\/[a-p]{32}\/background\.js$/);

    // No manifest errors or warnings (what chrome://extensions shows under "Errors").
    const info = await chromiumExtensionErrors(ext);
    assert.equal(info.state, 'ENABLED');
    assert.deepEqual(
      info.manifestErrors.map((e) => e.message),
      [],
    );
    assert.deepEqual(info.installWarnings, []);
    assert.deepEqual(
      info.runtimeErrors.map((e) => e.message),
      [],
    );
  } finally {
    await ext.close();
  }
});

test('Firefox ESR installs dist/firefox as a temporary add-on', { timeout: TIMEOUT }, async () => {
  const manifest = JSON.parse(await readFile(join(DIST_FIREFOX, 'manifest.json'), 'utf8'));
  const ext = await launchFirefox(DIST_FIREFOX);
  try {
    assert.equal(ext.addonId, manifest.browser_specific_settings.gecko.id);
  } finally {
    await ext.close();
  }
});
