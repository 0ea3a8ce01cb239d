// The `ws` package, loaded from its Node entry file. Under vitest, vite-plugin-solid makes
// Node resolve with the 'browser' export condition, which maps 'ws' to a stub that throws;
// requiring the file by path bypasses the exports map in every runtime.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const ws = require(join(dirname(require.resolve('ws/package.json')), 'index.js')) as typeof import('ws');

export const WebSocketServer = ws.WebSocketServer;
export const WebSocket = ws.WebSocket;
