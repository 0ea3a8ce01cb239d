// The keyboard help ("?" or the top bar's ? button): every shortcut of shortcuts.ts, by area.
import { For } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { Dialog } from '../ui/Dialog.js';
import { shortcuts, type Key } from './shortcuts.js';
import './help.css';

export function HelpDialog(props: { ctx: AppContext; onClose(): void }) {
  const t = props.ctx.t;
  const keyName = (k: Key) => (k === 'Space' ? t('help.key.space') : k);
  return (
    <Dialog title={t('help.title')} testId="help-dialog" class="dialog-narrow help-dialog" closeLabel={t('a11y.close')} onClose={props.onClose}>
      <p class="help-intro">{t('help.intro')}</p>
      <For each={shortcuts}>
        {(section) => (
          <table class="help-table">
            <caption>{t(section.title)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('help.key')}</th>
                <th scope="col">{t('help.action')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={section.items}>
                {(s) => (
                  <tr>
                    <td class="help-keys">
                      <For each={s.alternatives}>
                        {(chord, i) => (
                          <>
                            {i() > 0 ? <span class="help-or"> {t('help.key.or')} </span> : null}
                            <For each={chord}>{(k, j) => <>{j() > 0 ? '+' : null}<kbd>{keyName(k)}</kbd></>}</For>
                          </>
                        )}
                      </For>
                    </td>
                    <td>{t(s.action)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </For>
    </Dialog>
  );
}
