// A workbook saved by a newer app (schema version above this app's) may hold structures this
// app does not understand: say so, and ask to reload or update. core's Workbook refuses every
// write to such a document, so nothing here can damage it.
import { createSignal, onCleanup, Show } from 'solid-js';
import { SCHEMA_VERSION, type Workbook } from '../core/index.js';
import type { AppContext } from './app-context.js';

export function SchemaBanner(props: { workbook: Workbook; t: AppContext['t'] }) {
  const [version, setVersion] = createSignal(props.workbook.schemaVersion);
  const read = () => setVersion(props.workbook.schemaVersion);
  props.workbook.doc.on('afterTransaction', read);
  onCleanup(() => props.workbook.doc.off('afterTransaction', read));
  return (
    <Show when={version() > SCHEMA_VERSION}>
      <div class="banner warn schema-banner" data-testid="schema-banner" role="alert">
        {props.t('schema.newer', { doc: String(version()), app: String(SCHEMA_VERSION) })}
      </div>
    </Show>
  );
}
