/// <reference types="vite/client" />
// Which page this address is: the home (/: the workbooks this browser can open), a
// workbook this browser holds no link for (the "ask for access" page), or the workbook app.
import { render } from 'solid-js/web';
import { takeToken, workbookIdFromPath } from './session/token.js';
import { pageLang } from './workspace/lang.js';
import { routeOf } from './c360/route.js';
import './styles.css';
import './workspace/workspace.css';

const path = location.pathname;
const root = document.getElementById('root')!;
const workbookId = workbookIdFromPath(path);

// Only /, /home, /w and the app's own addresses (/w/<id>, /w/<id>/c/<customer>) are pages: any
// other path the server sends here (a relative link such as /w/docs/glossary.md) goes home
// instead of being read as a workbook.
const known = path === '/' || path === '/home' || path === '/w' || path === '/w/' || routeOf(path) !== null;
if (!known) {
  location.replace('/');
} else if (path === '/' || path === '/home') {
  const { HomePage } = await import('./workspace/HomePage.js');
  document.documentElement.lang = pageLang();
  render(() => <HomePage lang={pageLang()} />, root);
} else if (workbookId && new URLSearchParams(location.search).has('version')) {
  await import('./workspace/preview-main.js');
} else if (workbookId && !takeToken(workbookId, localStorage, location, (url) => history.replaceState(null, '', url))) {
  const { AccessPage } = await import('./workspace/AccessPage.js');
  document.documentElement.lang = pageLang();
  render(() => <AccessPage workbookId={workbookId} lang={pageLang()} />, root);
} else {
  await import('./main.js');
}
