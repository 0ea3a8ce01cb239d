// What a person sees opening a workbook address this browser holds no link for (e.g. a
// "copy link to this view" address, which never carries a credential): how to get access,
// instead of an empty workbook.
import { createSignal } from 'solid-js';
import type { Lang } from '../../core/index.js';
import { translator } from '../i18n/catalog.js';

export function AccessPage(props: { workbookId: string; lang: Lang }) {
  const [copied, setCopied] = createSignal(false);
  const t = translator(() => props.lang);
  const request = () => t('access.request', { id: props.workbookId, url: location.href });
  return (
    <div class="access card" data-testid="ask-access" role="main">
      <h1>{t('access.title')}</h1>
      <p>{t('access.body', { id: props.workbookId })}</p>
      <p>
        <button
          type="button"
          class="primary"
          data-testid="copy-access-request"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(request());
              setCopied(true);
            } catch { /* insecure origin: the text is shown below */ }
          }}
        >
          {copied() ? t('access.copied') : t('access.copyRequest')}
        </button>
      </p>
      <p><a href="/">{t('access.home')}</a></p>
    </div>
  );
}
