/**
 * The AWS side of EventLens, bundled on its own to `dist/aws.js` and loaded with `require()` the first time the
 * explorer or an AWS command needs it — the editing path never parses the SDK.
 *
 * Everything here takes and returns plain records (see `./types`); SDK errors come out as `AwsError`
 * (check with `isAwsError`, which works across bundles where `instanceof` does not).
 */
export * from './types';
export { createSession } from './session';
export { listProfiles, defaultProfileName, defaultRegion, resolveEndpoints, KNOWN_REGIONS } from './sharedConfig';
export {
  listEventBuses,
  listRules,
  describeRule,
  listTargetsByRule,
  testEventPattern,
  putEvents,
  deployRulePattern,
  busKind,
} from './eventbridge';
export { listTopics, listSubscriptionsByTopic, getSubscriptionAttributes, deployFilterPolicy } from './sns';
export { AwsError, isAwsError, toAwsError, type ErrorContext } from './errors';
export { samePolicyText } from './compare';
export { collectAll } from './paging';
export { consoleUrl, type ConsoleResource } from './console';
