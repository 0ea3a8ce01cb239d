// "+ column" on the Customers sheet: name, formula (checked as it is typed, the problem
// shown at its position), optional format, a preview on a few customers; edit or delete an
// existing formula column. Saving is one validated settings write, so colleagues get the
// column live and the derivation worker recomputes every customer.
import { createMemo, createSignal, For, Show } from 'solid-js';
import {
  builtinReferences, checkFormula, evaluateCustomColumns, foldRef, functionDefs, isBuiltinName, isError, issuesText, renameReferences,
  type CustomColumn, type Customer,
} from '../../core/index.js';
import type { AppContext } from '../app-context.js';
import { displayValue } from './formula-columns.js';
import type { ColumnEnv } from './columns.js';
import { Dialog } from '../ui/Dialog.js';

const FORMATS = ['', 'number', 'money', 'percent', 'date', 'text'] as const;

/** A stable id from the first name given ("Risco de churn" → risco_de_churn), unique among columns. */
function newId(label: string, taken: readonly CustomColumn[]): string {
  let stem = foldRef(label).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30) || 'col';
  if (/^[0-9]/.test(stem)) stem = `c_${stem}`;
  const used = (id: string) => taken.some((c) => c.id === id) || isBuiltinName(id);
  if (!used(stem)) return stem;
  for (let k = 2; ; k++) if (!used(`${stem}_${k}`)) return `${stem}_${k}`;
}

export function FormulaColumnDialog(props: { ctx: AppContext; env: ColumnEnv; editing: string | null; onClose: () => void }) {
  const { ctx } = props;
  const t = ctx.t;
  const defs = () => ctx.settings().customColumns;
  const locale = () => ctx.settings().locale;
  const original = props.editing ? defs().find((c) => c.id === props.editing) : undefined;
  const [label, setLabel] = createSignal(original?.label ?? '');
  const [formula, setFormula] = createSignal(original?.formula ?? '');
  const [format, setFormat] = createSignal<string>(original?.format ?? '');
  const [saveError, setSaveError] = createSignal<string | null>(null);
  let formulaInput!: HTMLTextAreaElement;

  const selfId = () => original?.id ?? newId(label() || 'col', defs());
  const labelProblem = createMemo(() => {
    const l = label().trim();
    if (!l) return t('formula.nameRequired');
    if (isBuiltinName(l)) return t('formula.nameBuiltin', { name: l });
    if (defs().some((c) => c.id !== original?.id && foldRef(c.label) === foldRef(l))) return t('formula.nameTaken', { name: l });
    return null;
  });
  const check = createMemo(() => {
    if (!formula().trim()) return null;
    return checkFormula(formula(), locale(), defs(), { id: selfId(), label: label().trim() || selfId() });
  });
  const problem = () => {
    const c = check();
    return c && !c.ok ? c.problem : null;
  };
  const canSave = () => !ctx.readOnly && !labelProblem() && formula().trim() !== '' && check()?.ok === true;

  const draft = (): CustomColumn => {
    const d: CustomColumn = { id: selfId(), label: label().trim(), formula: formula().trim() };
    if (format()) d.format = format() as CustomColumn['format'];
    return d;
  };
  const preview = createMemo(() => {
    if (check()?.ok !== true) return [];
    const d = draft();
    const others = defs().filter((c) => c.id !== d.id);
    const all = [...others, d];
    const metrics = ctx.derivation.metrics();
    const out: { name: string; value: string; error: boolean }[] = [];
    for (const row of ctx.workbook.list('customers').slice(0, 3) as Customer[]) {
      const m = metrics.get(row.id);
      if (!m) continue;
      const v = evaluateCustomColumns(all, row as Customer & { id: string }, m, ctx.asOf(), locale())[d.id];
      out.push({ name: typeof row.name === 'string' ? row.name : row.id, value: displayValue(v, d.format, props.env), error: isError(v) });
    }
    return out;
  });

  const save = () => {
    if (!canSave()) return;
    const d = draft();
    let next: CustomColumn[];
    if (original) {
      // A rename carries over into the formulas that name the column by label.
      const renamed = original.label !== d.label;
      next = defs().map((c) => (c.id === d.id ? d : renamed ? { ...c, formula: renameReferences(c.formula, locale(), defs(), d.id, d.label) } : c));
    } else next = [...defs(), d];
    const r = ctx.workbook.updateSettings({ customColumns: next });
    if (!r.ok) return setSaveError(issuesText(r.errors, lang()));
    props.onClose();
  };
  const remove = () => {
    if (!original || !confirm(t('formula.confirmDelete', { name: original.label }))) return;
    const r = ctx.workbook.updateSettings({ customColumns: defs().filter((c) => c.id !== original.id) });
    if (!r.ok) return setSaveError(issuesText(r.errors, lang()));
    props.onClose();
  };
  const insert = (text: string) => {
    const el = formulaInput;
    const s = el.selectionStart ?? formula().length, e = el.selectionEnd ?? s;
    setFormula(formula().slice(0, s) + text + formula().slice(e));
    queueMicrotask(() => {
      el.focus();
      el.setSelectionRange(s + text.length, s + text.length);
    });
  };
  const lang = () => ctx.lang();
  const sep = () => (/^pt/i.test(locale()) ? ';' : ',');

  return (
    <Dialog
      title={original ? t('formula.editTitle') : t('formula.newTitle')}
      testId="formula-dialog"
      class="dialog-narrow formula-dialog"
      closeLabel={t('formula.cancel')}
      closeIcon
      onClose={props.onClose}
    >
        <label>
          {t('formula.name')}
          <input data-testid="formula-name" value={label()} maxLength={80} onInput={(e) => setLabel(e.currentTarget.value)} autofocus />
        </label>
        <Show when={label() && labelProblem()}>
          <p class="formula-problem" data-testid="formula-name-problem">{labelProblem()}</p>
        </Show>
        <label>
          {t('formula.formula')}
          <textarea ref={formulaInput} data-testid="formula-text" rows={3} spellcheck={false} value={formula()}
            placeholder={sep() === ';' ? 'SE([Health score] < 50; "Atenção"; "OK")' : 'IF([Health score] < 50, "Attention", "OK")'}
            onInput={(e) => setFormula(e.currentTarget.value)} />
        </label>
        <p class="formula-syntax">{t('formula.syntaxHint', { sep: sep(), decimal: sep() === ';' ? '1,5' : '1.5' })}</p>
        <Show when={problem()} fallback={<Show when={check()?.ok}><p class="formula-ok" data-testid="formula-ok">✓ {t('formula.valid')}</p></Show>}>
          {(p) => (
            <div class="formula-problem" role="alert" data-testid="formula-problem">
              <span>{t('formula.problemAt', { at: p().start + 1, message: p().message[lang()] })}</span>
              <pre class="formula-where">{formula().slice(0, p().start)}<mark>{formula().slice(p().start, p().end) || ' '}</mark>{formula().slice(p().end)}</pre>
            </div>
          )}
        </Show>
        <label>
          {t('formula.format')}
          <select data-testid="formula-format" value={format()} onChange={(e) => setFormat(e.currentTarget.value)}>
            <For each={FORMATS}>{(f) => <option value={f}>{t(`formula.format.${f || 'auto'}`)}</option>}</For>
          </select>
        </label>
        <Show when={preview().length > 0}>
          <div class="formula-preview" data-testid="formula-preview">
            <strong>{t('formula.preview')}</strong>
            <For each={preview()}>{(p) => <div><span>{p.name}</span>: <span classList={{ 'formula-error': p.error }}>{p.value}</span></div>}</For>
          </div>
        </Show>
        <details class="formula-help">
          <summary>{t('formula.help')}</summary>
          <div class="formula-help-cols">
            <div>
              <strong>{t('formula.fields')}</strong>
              <ul>
                <For each={builtinReferences}>
                  {(r) => <li><button type="button" onClick={() => insert(`[${r.label[lang()]}]`)}>[{r.label[lang()]}]</button> <code>{r.id}</code></li>}
                </For>
                <For each={defs().filter((c) => c.id !== original?.id)}>
                  {(c) => <li><button type="button" onClick={() => insert(`[${c.label}]`)}>[{c.label}]</button> ƒ</li>}
                </For>
              </ul>
            </div>
            <div>
              <strong>{t('formula.functions')}</strong>
              <ul>
                <For each={functionDefs}>{(f) => <li><button type="button" onClick={() => insert(`${f.names[lang()]}(`)}>{f.names[lang()]}</button> — {f.help[lang()]}</li>}</For>
              </ul>
            </div>
          </div>
        </details>
        <Show when={saveError()}>
          <p class="formula-problem" role="alert" data-testid="formula-save-error">{t('settings.invalid', { message: saveError()! })}</p>
        </Show>
        <div class="formula-actions">
          <Show when={original && !ctx.readOnly}>
            <button type="button" class="danger" data-testid="formula-delete" onClick={remove}>{t('formula.delete')}</button>
          </Show>
          <span class="spacer" />
          <button type="button" data-testid="formula-cancel" onClick={() => props.onClose()}>{t('formula.cancel')}</button>
          <button type="button" class="primary" data-testid="formula-save" disabled={!canSave()} onClick={save}>{t('formula.save')}</button>
        </div>
    </Dialog>
  );
}
