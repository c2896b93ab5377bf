// The keyboard shortcuts a new user gets, read where the user reads them: the settings page, which lists what the
// browser actually bound (`commands.getAll()`). A default the browser keeps for itself is silently left unbound
// (Chromium did so with Alt+Shift+R), so each one is checked in the real browsers. Run scripts/build.mjs first.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { en } from '../support/messages';
import { ROOT } from './browsers';
import { launchOnSite, type BrowserName } from './session';

const TIMEOUT = 120_000;

interface Command {
  suggested_key: { default: string };
  description: string;
}

async function shortcutsBound(name: BrowserName): Promise<void> {
  const manifest = JSON.parse(await readFile(join(ROOT, 'manifest.json'), 'utf8')) as { commands: Record<string, Command> };
  const expected = Object.values(manifest.commands).map((c) => [c.suggested_key.default, en(c.description.replace(/^__MSG_(\w+)__$/, '$1'))]);
  const session = await launchOnSite(name);
  try {
    const options = await session.openExtensionPage('options.html');
    await options.waitFor(`document.querySelectorAll('#shortcuts dt').length === ${expected.length}`, 'the shortcut list');
    const listed = await options.run<string[][]>(
      `[...document.querySelectorAll('#shortcuts dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])`,
    );
    assert.deepEqual(listed.sort(), expected.sort(), `${name} binds every default shortcut`);
  } finally {
    await session.close();
  }
}

test('Chromium binds every default shortcut, as its settings page lists them', { timeout: TIMEOUT }, () => shortcutsBound('chromium'));
test('Firefox ESR binds every default shortcut, as its settings page lists them', { timeout: TIMEOUT }, () => shortcutsBound('firefox'));
