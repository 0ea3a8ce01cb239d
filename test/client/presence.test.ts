import { describe, expect, it } from 'vitest';
import { peerOf, colorFor } from '../../client/presence.js';

describe('presence values are inert data', () => {
  it('keeps a plain #rrggbb colour and replaces anything else by the name colour', () => {
    expect(peerOf({ user: { name: 'Ana', color: '#12ab34' } }, false)?.color).toBe('#12ab34');
    for (const bad of ['url(https://evil.example/x)', 'red;background:url(x)', '#12ab3', 42, 'expression(alert(1))']) {
      expect(peerOf({ user: { name: 'Ana', color: bad } }, false)?.color).toBe(colorFor('Ana'));
    }
  });

  it('drops states without a name string and cells of the wrong shape', () => {
    expect(peerOf({ user: { name: { toString: 'x' } } }, false)).toBeNull();
    expect(peerOf('x', false)).toBeNull();
    expect(peerOf({ user: { name: 'Bo' }, cell: { sheet: 1, rowId: 'r', colId: 'c' } }, false)?.cell).toBeNull();
    expect(peerOf({ user: { name: 'Bo' }, cell: { sheet: 's', rowId: 'r', colId: 'c', editing: 'yes' } }, false)?.cell).toEqual({ sheet: 's', rowId: 'r', colId: 'c', editing: false });
    expect(peerOf({ user: { name: 'x'.repeat(500) } }, false)?.name.length).toBe(64);
  });
});
