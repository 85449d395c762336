/**
 * The EventLens engine as the local AWS server uses it: TestEventPattern, PutRule, PutEvents and
 * SetSubscriptionAttributes validate and match with the same `compile()` / `match()` as the editor, so the
 * server answers as AWS does exactly where our engine agrees with AWS (the conformance suite checks that).
 */
import { compile } from '../../src/core/engine/compile';
import { match } from '../../src/core/engine/match';

export const engine = { compile, match };
