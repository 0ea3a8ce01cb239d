// The glossary entry of a figure or column, in the interface language (client/glossary/entry.ts).
import { createResource, For, Show } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { Dialog } from '../ui/Dialog.js';
import { glossaryEntry, glossaryField, proseOf } from './entry.js';
import { glossarySection } from '../dashboard/glossary.js';

// The docs' Markdown, bundled (lazily) so the glossary works offline.
const docs = import.meta.glob('../../docs/glossary*.md', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

async function docsProse(anchor: string): Promise<string[]> {
  const [file, field] = [anchor.split('#')[0], glossaryField(anchor)];
  const load = Object.entries(docs).find(([path]) => path.endsWith(`/${file}`))?.[1];
  const section = load ? glossarySection(await load(), field) : null;
  return section ? proseOf(section) : [];
}

export function GlossaryDialog(props: { ctx: AppContext; anchor: string; onClose(): void }) {
  const t = props.ctx.t;
  const entry = () => glossaryEntry(props.anchor, props.ctx.lang());
  // The docs are written in English: shown only to people reading the app in English.
  const [prose] = createResource(() => (props.ctx.lang() === 'en' ? props.anchor : null), (a) => docsProse(a).catch(() => []));
  return (
    <Dialog title={entry()?.title ?? t('glossary.title')} testId="glossary-dialog" closeLabel={t('glossary.close')} onClose={props.onClose}>
      <div class="glossary-entry" data-anchor={props.anchor}>
        <Show when={entry()} fallback={<p>{t('glossary.none')}</p>}>
          {(e) => (
            <dl>
              <For each={e().items}>
                {(i) => (
                  <>
                    {/* Every definition has its term; when the term is the dialog's title it is read, not shown again. */}
                    <dt classList={{ 'sr-only': e().items.length === 1 && i.label === e().title }}>{i.label}</dt>
                    <dd>{i.text}</dd>
                  </>
                )}
              </For>
            </dl>
          )}
        </Show>
        <For each={prose() ?? []}>{(p) => <p class="glossary-prose">{p}</p>}</For>
      </div>
    </Dialog>
  );
}
