// Webhooks against the real server and a real receiver: signed deliveries (HMAC-SHA256
// over "<t>.<body>"), one per change whatever the number of connected clients, retries
// with backoff until the receiver answers, a delivery log, giving up after the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { startApiServer, type ApiTestServer } from './api-support.js';
import { connect, synced, waitFor, type Client } from './clients.js';
import { todayIso } from '../../sync-server/api/session.js';
import { addMonths, fromDay, toDay } from '../../core/index.js';
import { ENGINES, useEngine } from '../support/backends.js';

describe.each(ENGINES)('webhooks on %s', (engine) => {
  const backend = useEngine(engine);
  interface Received { path: string; headers: Record<string, string | string[] | undefined>; body: string }

  let srv: ApiTestServer;
  let receiver: Server;
  let base = '';
  const received: Received[] = [];
  /** Status codes to answer per path, in order (then 200). */
  const plans = new Map<string, number[]>();
  const open: Client[] = [];

  beforeAll(async () => {
    srv = await startApiServer({ ...backend.options(), staticDir: '/nonexistent', api: { dispatch: { pollMs: 50, baseDelayMs: 100, maxDelayMs: 400, maxAgeMs: 8000 } } });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (b) => { body += b; });
      req.on('end', () => {
        received.push({ path: req.url!, headers: req.headers, body });
        const plan = plans.get(req.url!) ?? [];
        res.writeHead(plan.length ? plan.shift()! : 200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const addr = receiver.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    for (const c of open) c.destroy();
    await srv.stop();
    await new Promise((r) => receiver.close(r));
  });

  const today = todayIso();
  const day = (n: number) => fromDay(toDay(today) + n);

  describe('webhooks', () => {
    it('deliver each change once, signed, with a log; retry until the receiver answers', async () => {
      const key = await srv.key('hooks', 'write', 'crm');
      const put = (table: string, rows: unknown[]) => srv.call('PUT', `/api/v1/workbooks/hooks/tables/${table}/rows`, { key, body: { rows } });
      expect((await put('customers', [{ id: 'c1', name: 'Padaria Sol' }, { id: 'c2', name: 'Oficina Lua' }])).status).toBe(200);
      expect((await put('contracts', [{ id: 'k1', customerId: 'c1', model: 'recurring', value: 100, startDate: addMonths(today, -6) }])).status).toBe(200);

      const ok = await srv.call('POST', '/api/v1/workbooks/hooks/webhooks', { key, body: { url: `${base}/ok`, events: ['invoice.overdue', 'customer.renewal_upcoming'], renewalDays: 30 } });
      expect(ok.status).toBe(201);
      const secret = ok.json.secret as string;
      plans.set('/flaky', [500, 503]);
      const flaky = await srv.call('POST', '/api/v1/workbooks/hooks/webhooks', { key, body: { url: `${base}/flaky`, events: ['invoice.overdue'] } });
      expect(flaky.status).toBe(201);
      plans.set('/down', Array(100).fill(500));
      expect((await srv.call('POST', '/api/v1/workbooks/hooks/webhooks', { key, body: { url: `${base}/down`, events: ['invoice.overdue'] } })).status).toBe(201);
      const badUrl = await srv.call('POST', '/api/v1/workbooks/hooks/webhooks', { key, body: { url: 'ftp://x', events: ['invoice.overdue'] } });
      expect(badUrl.status).toBe(422);
      expect(badUrl.json.errors[0].field).toBe('url');

      // Three people have the workbook open: still one delivery per change.
      for (let i = 0; i < 3; i++) {
        const c = connect(srv.wsUrl, 'hooks', await srv.token('hooks', 'viewer', `p${i}`));
        open.push(c);
        await synced(c);
      }

      // An invoice becomes overdue (due 10 days ago, unpaid) and a renewal enters the next 30 days.
      expect((await put('invoices', [{ id: 'i1', customerId: 'c1', issueDate: day(-40), dueDate: day(-10), amount: 100 }])).status).toBe(200);
      expect((await put('contracts', [{ id: 'k2', customerId: 'c2', model: 'recurring', value: 50, startDate: addMonths(today, -11), endDate: day(12) }])).status).toBe(200);

      await waitFor(() => received.filter((r) => r.path === '/ok').length >= 2, 'both events delivered to /ok', 60_000);
      await waitFor(() => received.filter((r) => r.path === '/flaky').length >= 3, 'the flaky receiver finally accepted', 60_000);
      await new Promise((r) => setTimeout(r, 600)); // room for duplicates, were there any

      const okGot = received.filter((r) => r.path === '/ok');
      expect(okGot).toHaveLength(2);
      const events = okGot.map((r) => JSON.parse(r.body));
      expect(events.map((e) => e.type).sort()).toEqual(['customer.renewal_upcoming', 'invoice.overdue']);
      const overdue = events.find((e) => e.type === 'invoice.overdue');
      expect(overdue).toMatchObject({ workbook: 'hooks', asOf: today, data: { customer: { id: 'c1', name: 'Padaria Sol' }, overdueInvoices: 1, previously: 0 } });
      expect(events.find((e) => e.type === 'customer.renewal_upcoming').data).toMatchObject({ customer: { id: 'c2' }, renewalDate: day(12), daysToRenewal: 12 });

      for (const r of okGot) {
        const sig = String(r.headers['pulso-signature']);
        const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
        expect(m, sig).not.toBeNull();
        expect(Math.abs(Number(m![1]) - Date.now() / 1000)).toBeLessThan(60);
        expect(m![2]).toBe(createHmac('sha256', secret).update(`${m![1]}.${r.body}`).digest('hex'));
        expect(r.headers['pulso-event']).toBe(JSON.parse(r.body).type);
        expect(r.headers['content-type']).toBe('application/json');
      }
      // The flaky hook got the same event three times (500, 503, 200): same id, retried, not duplicated.
      const flakyGot = received.filter((r) => r.path === '/flaky');
      expect(flakyGot).toHaveLength(3);
      expect(new Set(flakyGot.map((r) => JSON.parse(r.body).id)).size).toBe(1);
      expect(JSON.parse(flakyGot[0].body).id).toBe(overdue.id);

      await waitFor(() => received.filter((r) => r.path === '/down').length >= 2, 'the down receiver was retried', 60_000);
      const log = await srv.call('GET', '/api/v1/workbooks/hooks/webhooks/deliveries', { key });
      expect(log.status).toBe(200);
      const flakyLog = log.json.deliveries.find((d: { webhookId: string }) => d.webhookId === flaky.json.webhook.id);
      expect(flakyLog).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, event: 'invoice.overdue' });
      // The down receiver: retried with growing delays, then given up once past the window (8 s here, a day by default).
      await waitFor(() => received.filter((r) => r.path === '/down').length >= 3, 'retried again', 60_000);
      let down: { status: string; attempts: number; lastError: string } | undefined;
      for (let i = 0; i < 900; i++) {
        const l = await srv.call('GET', '/api/v1/workbooks/hooks/webhooks/deliveries', { key });
        down = l.json.deliveries.find((d: { webhookId: string; status: string }) => d.status === 'failed');
        if (down) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(down).toMatchObject({ status: 'failed', lastError: 'HTTP 500' });
      expect(down!.attempts).toBeGreaterThanOrEqual(3);
      const downTimes = received.filter((r) => r.path === '/down').length;
      await new Promise((r) => setTimeout(r, 600));
      expect(received.filter((r) => r.path === '/down').length).toBe(downTimes); // no more tries once failed

      // An unrelated edit (a customer's name) sends nothing.
      const before = received.length;
      expect((await put('customers', [{ id: 'c2', name: 'Oficina Lua Ltda' }])).status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
      expect(received.length).toBe(before);

      const listed = await srv.call('GET', '/api/v1/workbooks/hooks/webhooks', { key });
      expect(listed.json.webhooks).toHaveLength(3);
      expect(JSON.stringify(listed.json)).not.toContain(secret);
      expect((await srv.call('DELETE', `/api/v1/workbooks/hooks/webhooks/${flaky.json.webhook.id}`, { key })).status).toBe(200);
      expect((await srv.call('GET', '/api/v1/workbooks/hooks/webhooks', { key })).json.webhooks).toHaveLength(2);
    }, 240_000);

    it('a health band change and a turn to risk are each delivered once, with the scores METRICS.md gives', async () => {
      const key = await srv.key('bands', 'write', 'helpdesk');
      const put = (table: string, rows: unknown[]) => srv.call('PUT', `/api/v1/workbooks/bands/tables/${table}/rows`, { key, body: { rows } });
      // One active customer, talked to today: engagement 50 (alone), support 100, financial 100,
      // relationship 100, adoption and NPS without data → (30·50 + 20·100 + 15·100 + 5·100) / 70 = 78.6, green.
      expect((await put('customers', [{ id: 'c1', name: 'Clínica Aurora' }])).status).toBe(200);
      expect((await put('contracts', [{ id: 'k1', customerId: 'c1', model: 'recurring', value: 900, startDate: addMonths(today, -6) }])).status).toBe(200);
      expect((await put('activities', [{ id: 'a1', customerId: 'c1', title: 'Check-in', dueDate: today, doneAt: today }])).status).toBe(200);
      const hook = await srv.call('POST', '/api/v1/workbooks/bands/webhooks', { key, body: { url: `${base}/bands`, events: ['customer.health_band_changed', 'customer.situation_changed'] } });
      expect(hook.status).toBe(201);
      const got = () => received.filter((r) => r.path === '/bands').map((r) => JSON.parse(r.body));

      // Two invoices overdue: financial 0 → (1500 + 0 + 1500 + 500) / 70 = 50, yellow (red is < 50).
      expect((await put('invoices', [1, 2].map((n) => ({ id: `i${n}`, customerId: 'c1', issueDate: day(-40), dueDate: day(-10), amount: 450 })))).status).toBe(200);
      await waitFor(() => got().length >= 1, 'the band change delivered', 60_000);
      // Four tickets past their SLA for two weeks: support 0 → (1500 + 500) / 70 = 28.6, red; the
      // last 7 days average far below the last 60 (falling) → situation risk.
      expect((await put('tickets', [1, 2, 3, 4].map((n) => ({ id: `t${n}`, customerId: 'c1', subject: `Erro ${n}`, openedAt: day(-20), slaDueAt: day(-15) })))).status).toBe(200);
      await waitFor(() => got().length >= 3, 'the second band change and the situation change delivered', 60_000);
      await new Promise((r) => setTimeout(r, 600)); // room for duplicates, were there any

      const events = got();
      expect(events).toHaveLength(3);
      const bands = events.filter((e) => e.type === 'customer.health_band_changed');
      expect(bands.map((e) => [e.data.from, e.data.to])).toEqual([['green', 'yellow'], ['yellow', 'red']]);
      expect(bands[0].data.healthScore).toBeCloseTo(50, 6);
      expect(bands[1].data.healthScore).toBeCloseTo(2000 / 70, 6);
      const situation = events.find((e) => e.type === 'customer.situation_changed');
      expect(situation).toMatchObject({ workbook: 'bands', data: { customer: { id: 'c1', name: 'Clínica Aurora' }, from: 'neutral', to: 'risk' } });
    }, 180_000);
  });
});
