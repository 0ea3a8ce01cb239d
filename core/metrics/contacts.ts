// The customer's sponsor: the executive who owns the relationship on the customer side.
import { fieldsOf, type Contact } from '../schema.js';
import { cleanValue } from '../field.js';
import type { Sponsor } from '../types.js';
import { parseDay } from './calendar.js';
import { idOf } from './ids.js';

const F = fieldsOf('contacts');
const str = (k: 'name' | 'email' | 'phone', v: unknown): string | null => {
  const c = cleanValue(F[k], v);
  return typeof c === 'string' && c !== '' ? c : null;
};

/**
 * First contact with role 'sponsor' and active ≠ false, ordered by createdAt (empty or
 * invalid last) then id; null when none. A sponsor without a valid name still counts
 * (name shown as ''), since the role is what the CS team relies on.
 */
export function sponsorOf(contacts: Contact[]): Sponsor | null {
  let best: Contact | null = null;
  let bestDay = Infinity, bestId = '';
  for (const c of contacts) {
    if (cleanValue(F.role, c.role) !== 'sponsor' || cleanValue(F.active, c.active) === false) continue;
    const day = parseDay(c.createdAt) ?? Infinity;
    const id = idOf(c);
    if (best === null || day < bestDay || (day === bestDay && id < bestId)) {
      best = c;
      bestDay = day;
      bestId = id;
    }
  }
  if (!best) return null;
  return { name: str('name', best.name) ?? '', email: str('email', best.email), phone: str('phone', best.phone) };
}
