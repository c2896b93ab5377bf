import { serveDomTasks } from '../saving/dom-tasks';

// Chrome's service worker has no DOM: this hidden document does the work that needs one, on the background's behalf.
serveDomTasks();
