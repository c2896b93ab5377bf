import { cachedFirstScreen } from '../archive/first-screen';
import { localizePage } from '../shared/i18n';
import { afterNextPaint } from '../shared/perf-marks';
import { showFirstScreen } from './list-view';

/**
 * The archive page's first screen needs only what this file imports: the kept copy of the list (first-screen.ts) is
 * painted before the rest of the page (the archive, its queries and controls: most of its code) is even loaded.
 * That rest waits for the paint: loading it and opening the database in the same moments delayed the first frame
 * by some 20 ms in Chromium.
 */
localizePage();
const first = cachedFirstScreen();
if (first) showFirstScreen(first);
const rest = first ? afterNextPaint().then(() => import('./page')) : import('./page');
void rest.then(({ start }) => start({ firstScreenShown: first !== null }));
