// The customer's contacts with their roles, the sponsor marked; add and edit in place.
import { createSignal, For, Show } from 'solid-js';
import { issuesText, schema, type Contact, type CustomerMetrics } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import type { Presence } from '../presence.js';
import { InlineField } from './InlineField.js';

const COLUMNS = ['name', 'role', 'email', 'phone', 'active'] as const;

export function Contacts(p: { ctx: AppContext; presence: Presence; customerId: string; contacts: Contact[]; metrics: CustomerMetrics | undefined; disabled: boolean }) {
  const ctx = p.ctx;
  const lang = () => ctx.lang();
  const F = schema.contacts.fields;
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const editable = () => !ctx.readOnly && !p.disabled;
  const roleLabel = (v: unknown) => (typeof v === 'string' && v in F.role.valueLabels ? F.role.valueLabels[v as keyof typeof F.role.valueLabels][lang()] : '—');
  const isSponsor = (c: Contact) => {
    const s = p.metrics?.sponsor;
    return !!s && c.role === 'sponsor' && (c.name ?? '') === s.name && c.active !== false;
  };
  const add = (e: Event) => {
    e.preventDefault();
    const n = name().trim();
    if (!n) return;
    const r = ctx.workbook.insert('contacts', { customerId: p.customerId, name: n, createdAt: ctx.asOf() });
    setError(r.ok ? null : ctx.t('c360.invalid', { message: issuesText(r.errors, lang()) }));
    if (r.ok) setName('');
  };
  return (
    <section class="c360-block c360-contacts" data-testid="c360-contacts">
      <h2>{ctx.t('c360.sec.contacts')} <span class="dash-count">{p.contacts.length}</span></h2>
      <Show when={p.contacts.length > 0} fallback={<p class="c360-muted">{ctx.t('c360.contact.none')}</p>}>
        <table class="c360-table">
          <thead>
            <tr><For each={COLUMNS}>{(c) => <th>{F[c].label[lang()]}</th>}</For></tr>
          </thead>
          <tbody>
            <For each={p.contacts}>
              {(c) => (
                <tr data-testid="c360-contact" data-id={c.id} classList={{ sponsor: isSponsor(c) }}>
                  <For each={COLUMNS}>
                    {(f) => (
                      <td class={`c360-contact-${f}`}>
                        <InlineField
                          ctx={ctx} presence={p.presence} table="contacts" rowId={c.id} field={f} value={(c as Record<string, unknown>)[f]}
                          testid={`c360-contact-${f}`} label={F[f].label[lang()]} disabled={p.disabled} separateEdit={f === 'email' || f === 'phone'}
                          display={
                            f === 'role' ? roleLabel
                              : f === 'active' ? (v) => (v === false ? ctx.t('c360.no') : ctx.t('c360.yes'))
                                : f === 'email' ? (v) => (typeof v === 'string' && v ? <a href={`mailto:${v}`} onClick={(e) => e.stopPropagation()}>{v}</a> : '—')
                                  : f === 'phone' ? (v) => (typeof v === 'string' && v ? <a href={`tel:${v.replace(/[^\d+]/g, '')}`} onClick={(e) => e.stopPropagation()}>{v}</a> : '—')
                                    : undefined
                          }
                        />
                        <Show when={f === 'name' && isSponsor(c)}>
                          <span class="c360-pill sponsor" data-testid="c360-sponsor-mark">{ctx.t('c360.contact.sponsor')}</span>
                        </Show>
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={editable()}>
        <form class="c360-add" onSubmit={add}>
          <input data-testid="c360-contact-new" placeholder={F.name.label[lang()]} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          <button type="submit" data-testid="c360-contact-add">+ {ctx.t('c360.contact.add')}</button>
        </form>
      </Show>
      <Show when={error()}>
        <p class="c360-error" role="alert">{error()}</p>
      </Show>
    </section>
  );
}
