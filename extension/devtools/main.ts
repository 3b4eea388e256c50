/** The DevTools page: adds the "CORS" panel (panel.html, relative to the extension root). */
import { browser } from '../platform.js';

void browser.devtools.panels.create('CORS', '', 'panel.html');
