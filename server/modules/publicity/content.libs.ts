import { createRequire } from 'node:module';
import type OpentypeModule from 'opentype.js';
import type * as PngjsModule from 'pngjs';
import type QRCodeModule from 'qrcode';
import type SanitizeHtmlModule from 'sanitize-html';

/**
 * The sanitiser, the font reader, the PNG encoder and the QR coder cost ≈ 15 MB of heap in every
 * server process (performance.md §5.4), while most requests never save an article or draw a poster:
 * they load on first use, like ExcelJS (server/platform/office.ts). All four ship CommonJS, so a
 * synchronous require keeps the callers synchronous.
 */
const require = createRequire(import.meta.url);

let sanitize: typeof SanitizeHtmlModule | undefined;
export function sanitizeHtmlLib(): typeof SanitizeHtmlModule {
  sanitize ??= require('sanitize-html') as typeof SanitizeHtmlModule;
  return sanitize;
}

let opentype: typeof OpentypeModule | undefined;
export function opentypeLib(): typeof OpentypeModule {
  opentype ??= require('opentype.js') as typeof OpentypeModule;
  return opentype;
}

let pngjs: typeof PngjsModule | undefined;
export function pngLib(): typeof PngjsModule.PNG {
  pngjs ??= require('pngjs') as typeof PngjsModule;
  return pngjs.PNG;
}

let qrcode: typeof QRCodeModule | undefined;
export function qrLib(): typeof QRCodeModule {
  qrcode ??= require('qrcode') as typeof QRCodeModule;
  return qrcode;
}
