// The Settings tab: the workbook's shared settings (health weights and bands, survey
// windows, tiers, currency, locale). Every change is one validated write to the doc, so
// colleagues see it live and the metrics follow.
import { createSignal, For, Show } from 'solid-js';
import { indicatorNames, issuesText, localizeFormula, type HealthWeights, type Settings, type Tier } from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { IntegrationsPanel } from './IntegrationsPanel.js';
import { currencyOptions, localeOptions } from './format-options.js';

const weightKeys = indicatorNames;

export function SettingsView(props: { ctx: AppContext }) {
  const { ctx } = props;
  const t = ctx.t;
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const s = () => ctx.settings();
  const ro = ctx.readOnly;

  const save = (patch: Partial<Settings>) => {
    if (ro) return;
    const r = ctx.workbook.updateSettings(patch);
    setStatus(r.ok ? { ok: true, text: t('settings.saved') } : { ok: false, text: t('settings.invalid', { message: issuesText(r.errors, ctx.lang()) }) });
  };
  const num = (v: string) => (v.trim() === '' ? NaN : Number(v.replace(',', '.')));
  const weightTotal = () => weightKeys.reduce((a, k) => a + (s().healthWeights[k] || 0), 0);

  // Formula columns are written in the locale's syntax (";" and 1,5 in pt-BR): rewritten in the same write.
  const withLocale = (locale: string): Partial<Settings> => {
    const from = s().locale;
    const customColumns = s().customColumns.map((c) => ({ ...c, formula: localizeFormula(c.formula, from, locale) }));
    return customColumns.length ? { locale, customColumns } : { locale };
  };

  const setTier = (i: number, patch: Partial<Tier>) => {
    const tiers = s().tiers.map((x, j) => (j === i ? { ...x, ...patch } : x));
    save({ tiers });
  };

  return (
    <div class="settings" data-testid="settings">
      <h2>{t('settings.title')}</h2>
      <Show when={status()}>
        {(st) => (
          <p class={st().ok ? 'ok' : 'error'} role="status" data-testid="settings-status">
            {st().text}
          </p>
        )}
      </Show>
      <fieldset>
        <legend>{t('settings.healthWeights')} (Σ {ctx.fmt.number(weightTotal())})</legend>
        <For each={weightKeys}>
          {(k) => (
            <label>
              {t(`ind.${k}`)}
              <input type="number" min="0" step="1" disabled={ro} data-testid={`weight-${k}`} value={s().healthWeights[k]} onChange={(e) => save({ healthWeights: { ...s().healthWeights, [k]: num(e.currentTarget.value) } })} />
            </label>
          )}
        </For>
      </fieldset>
      <fieldset>
        <legend>{t('settings.healthBands')}</legend>
        <label>
          {t('settings.red')}
          <input type="number" min="0" max="100" disabled={ro} value={s().healthBands.red} onChange={(e) => save({ healthBands: { ...s().healthBands, red: num(e.currentTarget.value) } })} />
        </label>
        <label>
          {t('settings.green')}
          <input type="number" min="0" max="100" disabled={ro} value={s().healthBands.green} onChange={(e) => save({ healthBands: { ...s().healthBands, green: num(e.currentTarget.value) } })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('settings.windows')}</legend>
        <For each={['npsWindowDays', 'csatWindowDays', 'cesWindowDays'] as const}>
          {(k) => (
            <label>
              {t(`settings.${k}`)}
              <input type="number" min="1" step="1" disabled={ro} value={s()[k]} onChange={(e) => save({ [k]: num(e.currentTarget.value) })} />
            </label>
          )}
        </For>
        <label>
          {t('settings.scheduledTaskDays')}
          <input type="number" min="0" step="1" disabled={ro} value={s().scheduledTaskDays} onChange={(e) => save({ scheduledTaskDays: num(e.currentTarget.value) })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('settings.tiers')}</legend>
        <table class="tiers">
          <thead>
            <tr>
              <th>{t('settings.tierName')}</th>
              <th>{t('settings.tierMin')}</th>
              <th><span class="sr-only">{t('settings.removeTier')}</span></th>
            </tr>
          </thead>
          <tbody>
            <For each={s().tiers}>
              {(tier, i) => (
                <tr>
                  <td>
                    <input disabled={ro} aria-label={t('a11y.tierName', { n: i() + 1 })} value={tier.name} onChange={(e) => setTier(i(), { name: e.currentTarget.value })} />
                  </td>
                  <td>
                    <input type="number" min="0" disabled={ro} aria-label={t('a11y.tierMin', { n: i() + 1 })} value={tier.minMrr} onChange={(e) => setTier(i(), { minMrr: num(e.currentTarget.value) })} />
                  </td>
                  <td>
                    <button type="button" aria-label={t('a11y.removeTier', { n: i() + 1 })} disabled={ro || s().tiers.length <= 1} onClick={() => save({ tiers: s().tiers.filter((_, j) => j !== i()) })}>
                      {t('settings.removeTier')}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <button type="button" disabled={ro} onClick={() => save({ tiers: [...s().tiers, { name: `Tier ${s().tiers.length + 1}`, minMrr: 0 }] })}>
          {t('settings.addTier')}
        </button>
      </fieldset>
      <fieldset>
        <legend>
          {t('settings.currency')} / {t('settings.locale')}
        </legend>
        <label>
          {t('settings.currency')}
          <select class="format-choice" disabled={ro} data-testid="settings-currency" value={s().currency} onChange={(e) => save({ currency: e.currentTarget.value })}>
            <For each={currencyOptions(s().currency, ctx.lang())}>{(o) => <option value={o.code}>{o.label}</option>}</For>
          </select>
        </label>
        <label>
          {t('settings.locale')}
          <select class="format-choice" disabled={ro} data-testid="settings-locale" value={s().locale} onChange={(e) => save(withLocale(e.currentTarget.value))}>
            <For each={localeOptions(s().locale, ctx.lang())}>{(o) => <option value={o.code}>{o.label}</option>}</For>
          </select>
        </label>
      </fieldset>
      <IntegrationsPanel ctx={ctx} />
    </div>
  );
}
