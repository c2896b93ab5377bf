import { cachedFirstScreen } from '../archive/first-screen';
import { localizePage } from '../i18n';
import { showFirstScreen } from './list-view';

/**
 * The archive page's first screen needs only what this file imports: the kept copy of the list is painted while the
 * rest of the page (the archive, its queries and controls: most of its code) loads and opens the database.
 */
const rest = import('./page');
localizePage();
const first = cachedFirstScreen();
if (first) showFirstScreen(first);
void rest.then(({ start }) => start({ firstScreenShown: first !== null }));
