// A typed date read in a locale's day/month/year order (the as-of field, client/ui/DateInput.tsx).

/** The order of day, month and year in the locale's numeric dates. */
function partOrder(locale: string): ('day' | 'month' | 'year')[] {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 11, 31));
  return parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type as 'day' | 'month' | 'year');
}

/** A typed date → ISO, or null when it is not a real calendar date. */
export function parseLocalDate(text: string, locale: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const nums = iso ? [iso[1], iso[2], iso[3]] : t.split(/[^\d]+/).filter(Boolean);
  if (nums.length !== 3) return null;
  const order: ('day' | 'month' | 'year')[] = iso ? ['year', 'month', 'day'] : partOrder(locale);
  const v = { day: 0, month: 0, year: 0 };
  order.forEach((k, i) => (v[k] = Number(nums[i])));
  if (v.year < 100) v.year += 2000;
  const d = new Date(Date.UTC(v.year, v.month - 1, v.day));
  if (d.getUTCFullYear() !== v.year || d.getUTCMonth() !== v.month - 1 || d.getUTCDate() !== v.day) return null;
  return d.toISOString().slice(0, 10);
}
