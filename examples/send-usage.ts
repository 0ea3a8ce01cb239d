// Sends a CSV of product usage events to a Pulso workbook through the integration API.
//
//   PULSO_URL=http://127.0.0.1:8787 PULSO_WORKBOOK=team PULSO_API_KEY=pulso_… \
//     npx tsx examples/send-usage.ts examples/usage-events.csv
//
// CSV columns (header row, any order): customerExternalId or customerId, userId, and date
// (YYYY-MM-DD) or timestamp (ISO 8601 with offset), optional actions (default 1).
// Events are sent in batches of 5,000; a refused batch prints every problem with its CSV
// line and nothing of that batch is written; 429 answers are retried after Retry-After.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const BATCH = 5000;
const url = process.env.PULSO_URL ?? 'http://127.0.0.1:8787';
const workbook = process.env.PULSO_WORKBOOK ?? 'team';
const key = process.env.PULSO_API_KEY;
const file = process.argv[2];
if (!key || !file) {
  console.error('usage: PULSO_API_KEY=pulso_… [PULSO_URL=…] [PULSO_WORKBOOK=team] npx tsx examples/send-usage.ts events.csv');
  process.exit(2);
}

const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
if (parsed.errors.length) {
  for (const e of parsed.errors) console.error(`line ${(e.row ?? 0) + 2}: ${e.message}`);
  process.exit(1);
}
const events = parsed.data.map((r) => {
  const e: Record<string, string | number> = { userId: r.userId };
  if (r.customerExternalId) e.customerExternalId = r.customerExternalId; else e.customerId = r.customerId;
  if (r.timestamp) e.timestamp = r.timestamp; else e.date = r.date;
  if (r.actions !== undefined && r.actions !== '') e.actions = Number(r.actions);
  return e;
});

let sent = 0, inserted = 0, updated = 0, failed = 0;
for (let start = 0; start < events.length; start += BATCH) {
  const batch = events.slice(start, start + BATCH);
  for (;;) {
    const res = await fetch(`${url}/api/v1/workbooks/${encodeURIComponent(workbook)}/usage/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: batch }),
    });
    const body = await res.json() as { rowsInserted?: number; rowsUpdated?: number; error?: { message: string }; errors?: { index?: number; field: string | null; message: string }[] };
    if (res.status === 429) {
      const wait = Number(res.headers.get('retry-after') ?? 1);
      console.error(`rate limited: retrying in ${wait} s`);
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    if (res.ok) {
      sent += batch.length;
      inserted += body.rowsInserted ?? 0;
      updated += body.rowsUpdated ?? 0;
    } else {
      failed += batch.length;
      console.error(`events ${start + 2}–${start + batch.length + 1} of the CSV refused (${res.status}): ${body.error?.message}`);
      for (const e of body.errors ?? []) console.error(`  CSV line ${e.index === undefined ? '?' : start + e.index + 2}: ${e.message}`);
    }
    break;
  }
}
console.log(`${sent} events sent (${inserted} usage rows created, ${updated} updated), ${failed} refused`);
process.exit(failed ? 1 : 0);
