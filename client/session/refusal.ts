// Why the server refused or closed the sync connection for good (close codes 4400–4499, with
// core/wire.ts's REFUSAL reasons), said in the person's language. An unknown reason (a newer
// server) falls back to what its close code means.
import { refusalKind } from '../../core/index.js';
import type { Translator } from '../i18n/catalog.js';
import type { Refusal } from './sync.js';

export function refusalText(r: Refusal, t: Translator): string {
  const kind = refusalKind(r.reason);
  if (kind === 'linkRevoked') return t('access.revoked');
  // Not the link's fault: the generic "ask for a new link" would send the person the wrong way.
  if (kind === 'tooLarge') return t('refusal.tooLarge');
  const reason = kind ? t(`refusal.${kind}`) : r.code === 4403 ? t('token.forbidden') : r.code === 4401 ? t('token.expired') : t('refusal.other', { code: r.code });
  return t('token.refused', { reason });
}
