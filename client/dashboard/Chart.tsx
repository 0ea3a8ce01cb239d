// One echarts instance bound to a div: options from a pure builder, resized with its box
// (ResizeObserver covers window resizes and layout changes), disposed with the component.
import { createEffect, onCleanup, onMount } from 'solid-js';
import { echarts } from './charts/echarts.js';
import type { ChartOption } from './charts/types.js';
import { download } from '../export/download.js';

export function Chart(props: { option: ChartOption | null; testid: string; title: string; onItemClick?: (data: unknown, dataIndex: number) => void }) {
  let el!: HTMLDivElement;
  let chart: ReturnType<typeof echarts.init> | undefined;

  onMount(() => {
    chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.on('click', (p) => props.onItemClick?.(p.data, p.dataIndex));
    const ro = new ResizeObserver(() => chart?.resize());
    ro.observe(el);
    onCleanup(() => {
      ro.disconnect();
      chart?.dispose();
      chart = undefined;
    });
    // Each chart repaints in its own task, after the cards: seven charts redrawn in one go
    // would be one long main-thread task while someone is typing. Merge mode lets echarts
    // diff the new data against what it drew (the series layout never changes).
    let pending: ReturnType<typeof setTimeout> | undefined;
    createEffect(() => {
      const o = props.option;
      if (!o) return;
      clearTimeout(pending);
      // Updates land without animation: profiled at 10k customers, animating seven charts on
      // every live refresh cost ~50 ms of main-thread time per refresh.
      pending = setTimeout(() => chart?.setOption({ ...o, animationDurationUpdate: 0 }, { lazyUpdate: true }), 0);
    });
    onCleanup(() => clearTimeout(pending));
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
      <div ref={el} class="dash-chart-canvas" data-testid={props.testid} data-ready={props.option ? 'true' : 'false'} />
    </figure>
  );
}

function dataUrlBytes(url: string): Uint8Array {
  const bin = atob(url.slice(url.indexOf(',') + 1));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
