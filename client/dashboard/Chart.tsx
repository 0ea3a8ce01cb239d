// One echarts instance bound to a div: options from a pure builder, resized with its box
// (ResizeObserver covers window resizes and layout changes), disposed with the component.
// Under it, a "Show data table" button opens the chart's data as a table: its text
// alternative, reachable by keyboard and read by screen readers.
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { echarts } from './charts/echarts.js';
import type { ChartTable } from './charts/table.js';
import type { ChartOption } from './charts/types.js';
import type { Lang } from '../../core/index.js';
import { translate } from '../i18n/catalog.js';
import { download } from '../export/download.js';

export function Chart(props: {
  option: ChartOption | null;
  testid: string;
  title: string;
  lang: Lang;
  /** The chart's data as a table (built only while the table is open); every chart should have one. */
  table?: () => ChartTable | null;
  onItemClick?: (data: unknown, dataIndex: number) => void;
}) {
  let el!: HTMLDivElement;
  let chart: ReturnType<typeof echarts.init> | undefined;
  const [tableOpen, setTableOpen] = createSignal(false);
  const tableId = `${props.testid}-table`;

  onMount(() => {
    // Created at the first size the ResizeObserver reports, with that size: echarts.init
    // measuring the box itself (getComputedStyle) forced a style and layout pass of the
    // whole page in the middle of mounting (~30 ms per chart on a customer's page).
    const state = { option: null as ChartOption | null, pending: undefined as ReturnType<typeof setTimeout> | undefined };
    // Each chart draws in its own task, after the cards: seven charts redrawn in one go would
    // be one long main-thread task while someone is typing. So the chart is updated and
    // painted within its task (flush): echarts' lazy update would run every chart's in the
    // same animation frame, one 50–80 ms task (profiled on the dashboard at 10k customers).
    // Merge mode lets echarts diff the new data against what it drew (the series layout never
    // changes). No animation: animating seven charts on every live refresh cost ~50 ms of
    // main-thread time per refresh, and the first draw's animation ran a second of frames.
    const draw = () => {
      clearTimeout(state.pending);
      const o = state.option;
      if (!o) return;
      state.pending = setTimeout(() => {
        if (!chart) return;
        chart.setOption({ ...o, animation: false });
        chart.getZr().flush();
      }, 0);
    };
    const ro = new ResizeObserver((entries) => {
      const { width, height } = entries[entries.length - 1].contentRect;
      if (width === 0 || height === 0) return;
      if (chart) return chart.resize({ width, height });
      chart = echarts.init(el, null, { renderer: 'canvas', width, height });
      chart.on('click', (p) => props.onItemClick?.(p.data, p.dataIndex));
      draw();
    });
    ro.observe(el);
    createEffect(() => {
      state.option = props.option;
      if (chart) draw();
    });
    onCleanup(() => {
      ro.disconnect();
      clearTimeout(state.pending);
      chart?.dispose();
      chart = undefined;
    });
  });

  return (
    <figure class="dash-chart">
      <figcaption>
        {props.title}
        <button
          type="button"
          class="dash-chart-png"
          data-testid={`${props.testid}-png`}
          title="PNG"
          onClick={() => {
            const url = chart?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
            if (url) download(`${props.title.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}.png`, dataUrlBytes(url) as BlobPart, 'image/png');
          }}
        >
          ⤓ PNG
        </button>
      </figcaption>
      <div ref={el} class="dash-chart-canvas" role="img" aria-label={props.title} data-testid={props.testid} data-ready={props.option ? 'true' : 'false'} />
      <Show when={props.table}>
        <button
          type="button"
          class="dash-link dash-chart-toggle"
          aria-expanded={tableOpen()}
          aria-controls={tableOpen() ? tableId : undefined}
          data-testid={`${props.testid}-table-toggle`}
          onClick={() => setTableOpen(!tableOpen())}
        >
          {translate(props.lang, tableOpen() ? 'dash.table.hide' : 'dash.table.show')}
        </button>
      </Show>
      <Show when={tableOpen() && props.table?.()}>
        {(tb) => (
          // Focusable: the table may scroll, and the keyboard must reach all of it.
          <div class="dash-chart-table-wrap" tabIndex={0} role="region" aria-label={props.title}>
            <table id={tableId} class="dash-chart-table" data-testid={tableId}>
              <caption class="dash-sr">{props.title}</caption>
              <thead>
                <tr>
                  <For each={tb().head}>{(h) => <th scope="col">{h}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={tb().rows}>
                  {(r) => (
                    <tr>
                      <th scope="row">{r[0]}</th>
                      <For each={r.slice(1)}>{(c) => <td>{c}</td>}</For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </figure>
  );
}

function dataUrlBytes(url: string): Uint8Array {
  const bin = atob(url.slice(url.indexOf(',') + 1));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
