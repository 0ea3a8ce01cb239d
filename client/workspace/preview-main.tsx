// /w/<id>?version=<v>: the whole app as of a saved version, read-only, for owners. The
// version's document is fetched with this browser's link, then the ordinary app starts on it
// (no sync, no local copy: nothing of the preview is written anywhere).
import { render } from 'solid-js/web';
import { takeToken, workbookIdFromPath } from '../session/token.js';
import { workspaceApi } from './api.js';
import { setPreview } from './session.js';
import { AccessPage } from './AccessPage.js';
import { apiMessage } from './api-message.js';
import { pageLang } from './lang.js';

const workbookId = workbookIdFromPath(location.pathname)!;
const v = Number(new URLSearchParams(location.search).get('version'));
const token = takeToken(workbookId, localStorage, location, (url) => history.replaceState(null, '', url));
const root = document.getElementById('root')!;
if (!token) {
  render(() => <AccessPage workbookId={workbookId} lang={pageLang()} />, root);
} else {
  try {
    const api = workspaceApi(token);
    const [data, versions] = await Promise.all([api.versionData(workbookId, v), api.listVersions(workbookId)]);
    const info = versions.find((x) => x.id === v);
    if (!info) throw Object.assign(new Error(`version ${v}`), { code: 'not-found' });
    setPreview({ info, data });
    await import('../main.js');
  } catch (e) {
    render(() => <div class="banner error" role="alert" data-testid="preview-error">{apiMessage(pageLang(), e)}</div>, root);
  }
}
