/**
 * What the infrastructure-code parsers (`dist/iac.js`) use from the extension's own bundle. In the build of
 * dist/iac.js, their imports of templates.ts, complete.ts and jsonc-parser resolve to this module (see esbuild.mjs),
 * so the parsers' bundle holds no second copy of them: the loader (iacLoader.ts) hands the real functions over with
 * `connect` before the first call. The CLI and the tests never see this module: they bundle the parsers directly.
 */
import type * as Templates from '../core/language/templates';
import type * as Complete from '../core/language/complete';
import type * as Jsonc from 'jsonc-parser';

/** The functions the parsers call in the extension's bundle. */
export interface IacHost {
  readonly shiftSite: typeof Templates.shiftSite;
  readonly stringSite: typeof Templates.stringSite;
  readonly decodeJsonString: typeof Templates.decodeJsonString;
  readonly jsonEscape: typeof Templates.jsonEscape;
  readonly completeAtPath: typeof Complete.completeAtPath;
  readonly parseTree: typeof Jsonc.parseTree;
}

let host: IacHost | undefined;

/** Called by the loader once, right after `require`. */
export function connect(h: IacHost): void {
  host = h;
}

function use(): IacHost {
  if (!host) throw new Error('The infrastructure-code parsers were loaded without the extension connecting them: load them through iacLoader');
  return host;
}

export const shiftSite: IacHost['shiftSite'] = (...a) => use().shiftSite(...a);
export const stringSite: IacHost['stringSite'] = (...a) => use().stringSite(...a);
export const decodeJsonString: IacHost['decodeJsonString'] = (...a) => use().decodeJsonString(...a);
export const jsonEscape: IacHost['jsonEscape'] = (...a) => use().jsonEscape(...a);
export const completeAtPath: IacHost['completeAtPath'] = (...a) => use().completeAtPath(...a);
export const parseTree: IacHost['parseTree'] = (...a) => use().parseTree(...a);
