// An API failure (client/workspace/api.ts's ApiFailure) in the person's language.
import type { Lang } from '../../core/index.js';
import { translate } from '../i18n/catalog.js';

const known = {
  unauthorized: 'err.unauthenticated', forbidden: 'err.forbidden', 'invalid-request': 'err.bad_request',
  'malformed-json': 'err.bad_request', 'not-found': 'err.not_found', conflict: 'err.conflict', offline: 'err.offline',
} as const;

export function apiMessage(lang: Lang, e: unknown): string {
  const f = e as { code?: string; message?: string };
  const key = Object.prototype.hasOwnProperty.call(known, f.code ?? '') ? known[f.code as keyof typeof known] : 'err.other';
  return translate(lang, key, { message: f.message ?? String(e) });
}
