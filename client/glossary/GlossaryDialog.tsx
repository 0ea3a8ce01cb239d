// The glossary entry of a figure or column, in the interface language (client/glossary/entry.ts).
import { createResource, For, Show } from 'solid-js';
import type { AppContext } from '../app-context.js';
import { Dialog } from '../ui/Dialog.js';
import { docsSection, glossaryEntry, prosePartsOf } from './entry.js';

// The docs' Markdown (English and the pt-BR translations), bundled (lazily) so the glossary
// works offline.
const docs = import.meta.glob('../../docs/glossary*.md', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;
const loadDoc = async (file: string) => {
  const load = Object.entries(docs).find(([path]) => path.endsWith(`/${file}`))?.[1];
  return load ? load() : null;
};

export function GlossaryDialog(props: { ctx: AppContext; anchor: string; onClose(): void }) {
  const t = props.ctx.t;
  const entry = () => glossaryEntry(props.anchor, props.ctx.lang());
  // The docs' text in the interface language (English where a translation lacks the section).
  const [prose] = createResource(
    () => ({ anchor: props.anchor, lang: props.ctx.lang() }),
    ({ anchor, lang }) => docsSection(anchor, lang, loadDoc).then((s) => (s ? prosePartsOf(s) : [])).catch(() => []),
  );
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
        {/* Identifiers and formulas (`mrr`, `opening × 100`) stay as the code names them: marked
            translate="no", so neither a browser's translator nor the language check reads them as words. */}
        <For each={prose() ?? []}>
          {(p) => (
            <p class="glossary-prose">
              <For each={p}>{(part) => (part.code ? <code translate="no">{part.text}</code> : part.text)}</For>
            </p>
          )}
        </For>
      </div>
    </Dialog>
  );
}
