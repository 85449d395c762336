// The engine benchmark behind `npm run bench`: deterministic realistic events and rule sets, events/second for
// JSON.parse alone and for parse + match against rule sets of 1, 100, 1,000 and 10,000 patterns, compile times,
// a linear-scan baseline, and `eventlens route` end to end. It prints figures; it asserts no timings.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compile } from '../src/core/engine/compile';
import { prepareEvent, type PreparedEvent } from '../src/core/engine/event';
import { matches } from '../src/core/engine/match';
import { RuleSet } from '../src/core/engine/ruleSet';
import type { CompiledPattern } from '../src/core/types';
import { mulberry32 } from '../test/support/prng';

const SEED = 20240501;
const EVENT_COUNT = 20_000;

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------------------


class Gen {
  constructor(readonly rnd: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  /** Zipf-ish pick: early entries are much more common, as real traffic is. */
  skewed<T>(xs: readonly T[]): T {
    const r = this.rnd();
    return xs[Math.floor(r * r * xs.length)];
  }
  some<T>(xs: readonly T[], n: number): T[] {
    const out = new Set<T>();
    while (out.size < Math.min(n, xs.length)) out.add(this.pick(xs));
    return [...out];
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }
  money(lo: number, hi: number): number {
    return Math.round((lo + this.rnd() * (hi - lo)) * 100) / 100;
  }
  ip(): string {
    return this.rnd() < 0.5 ? `10.${this.int(0, 40)}.${this.int(0, 255)}.${this.int(1, 254)}` : `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vocabularies shared by events and rules, so rules match at realistic rates
// ---------------------------------------------------------------------------------------------------------

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];
const ACCOUNTS = Array.from({ length: 40 }, (_, i) => String(100000000000 + i * 7919));
const EC2_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'];
const INSTANCE_TYPES = ['t3.micro', 't3.small', 'm6i.large', 'm6i.xlarge', 'c7g.2xlarge', 'r6g.large', 'g5.xlarge'];
const TIERS = ['free', 'standard', 'gold', 'platinum'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'NL', 'ES', 'IT', 'SE', 'PL', 'CA', 'BR', 'JP', 'AU', 'IN', 'MX', 'IE', 'AT', 'BE', 'DK', 'NO'];
const CHANNELS = ['web', 'ios', 'android', 'pos', 'partner-api'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'SEK'];
const ORDER_TYPES = ['Order Placed', 'Order Cancelled', 'Order Shipped', 'Order Refunded'];
const PAYMENT_TYPES = ['Payment Succeeded', 'Payment Failed', 'Payment Refunded'];
const PAYMENT_METHODS = ['card', 'paypal', 'sepa', 'apple-pay', 'klarna'];
const FAILURE_CODES = ['card_declined', 'insufficient_funds', 'expired_card', 'fraud_suspected', 'processor_timeout'];
const USER_TYPES = ['User Signed Up', 'User Logged In', 'Password Reset Requested', 'User Deleted'];
const PLANS = ['trial', 'basic', 'pro', 'enterprise'];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'gmail.com', 'outlook.com', 'proton.me'];
const TENANTS = Array.from({ length: 800 }, (_, i) => `tenant-${1000 + i}`);
const SKUS = Array.from({ length: 3000 }, (_, i) => `SKU-${(i * 7727) % 100000}`);
const EXTENSIONS = ['png', 'jpg', 'pdf', 'csv', 'json', 'parquet', 'mp4'];
const BUCKETS = Array.from({ length: 60 }, (_, i) => `acme-${['uploads', 'exports', 'media', 'logs', 'backups'][i % 5]}-${i}`);
const CT_SOURCES = ['iam.amazonaws.com', 's3.amazonaws.com', 'ec2.amazonaws.com', 'kms.amazonaws.com', 'lambda.amazonaws.com', 'sts.amazonaws.com'];
const CT_EVENTS: Record<string, string[]> = {
  'iam.amazonaws.com': ['CreateUser', 'DeleteUser', 'AttachRolePolicy', 'CreateAccessKey', 'PutUserPolicy', 'UpdateAssumeRolePolicy'],
  's3.amazonaws.com': ['PutBucketPolicy', 'DeleteBucket', 'PutBucketAcl', 'CreateBucket', 'PutBucketPublicAccessBlock'],
  'ec2.amazonaws.com': ['RunInstances', 'TerminateInstances', 'AuthorizeSecurityGroupIngress', 'CreateVpc', 'ModifyInstanceAttribute'],
  'kms.amazonaws.com': ['DisableKey', 'ScheduleKeyDeletion', 'CreateKey', 'PutKeyPolicy'],
  'lambda.amazonaws.com': ['CreateFunction20150331', 'UpdateFunctionCode20150331v2', 'AddPermission20150331v2'],
  'sts.amazonaws.com': ['AssumeRole', 'GetFederationToken', 'AssumeRoleWithWebIdentity'],
};
const USER_AGENTS = ['aws-cli/2.15.30 Python/3.11.8 Linux/6.1', 'Boto3/1.34.69 Python/3.12.2', 'console.amazonaws.com', 'aws-sdk-js/3.540.0', 'Terraform/1.7.5'];

// ---------------------------------------------------------------------------------------------------------
// Events: an EventBridge envelope plus a nested detail of one of six shapes
// ---------------------------------------------------------------------------------------------------------

/** What producers stamp on every event: tracing ids, the producer and its schema. */
function metadata(g: Gen, producer: string): object {
  return {
    traceId: `1-${g.hex(8)}-${g.hex(24)}`,
    correlationId: g.uuid(),
    producer: `${producer}@${g.int(1, 3)}.${g.int(0, 20)}.${g.int(0, 9)}`,
    schemaVersion: g.pick(['2023-11-01', '2024-03-01', '2024-06-15']),
    environment: g.pick(['prod', 'prod', 'prod', 'staging']),
    host: `ip-10-${g.int(0, 40)}-${g.int(0, 255)}-${g.int(1, 254)}.${g.pick(REGIONS)}.compute.internal`,
    receivedAt: `2024-04-${g.int(10, 28)}T${g.int(10, 23)}:${g.int(10, 59)}:${g.int(10, 59)}.${g.int(100, 999)}Z`,
  };
}

function envelope(g: Gen, source: string, detailType: string, resources: string[], detail: Record<string, unknown>): object {
  const region = g.skewed(REGIONS);
  if (!source.startsWith('aws.')) detail.metadata = metadata(g, source.replace('com.acme.', '') + '-service');
  return {
    version: '0',
    id: g.uuid(),
    'detail-type': detailType,
    source,
    account: g.skewed(ACCOUNTS),
    time: `2024-0${g.int(1, 9)}-${String(g.int(10, 28))}T${String(g.int(10, 23))}:${String(g.int(10, 59))}:${String(g.int(10, 59))}Z`,
    region,
    resources,
    detail,
  };
}

function ec2Event(g: Gen): object {
  const id = `i-0${g.hex(16)}`;
  const region = g.skewed(REGIONS);
  return envelope(g, 'aws.ec2', 'EC2 Instance State-change Notification', [`arn:aws:ec2:${region}:${g.pick(ACCOUNTS)}:instance/${id}`], {
    'instance-id': id,
    state: g.pick(EC2_STATES),
    'previous-state': g.pick(EC2_STATES),
    'instance-type': g.skewed(INSTANCE_TYPES),
    'availability-zone': `${region}${g.pick(['a', 'b', 'c'])}`,
    'private-ip-address': g.ip(),
    'vpc-id': `vpc-0${g.hex(16)}`,
    'subnet-id': `subnet-0${g.hex(16)}`,
    'launch-time': '2024-03-02T08:15:44.000Z',
    'security-groups': [{ 'group-id': `sg-0${g.hex(16)}`, 'group-name': 'web-tier' }, { 'group-id': `sg-0${g.hex(16)}`, 'group-name': 'monitoring' }],
    tags: { Name: `app-${g.int(1, 300)}`, Environment: g.pick(['prod', 'staging', 'dev']), Team: g.pick(['payments', 'search', 'platform', 'growth']), CostCenter: String(g.int(1000, 9999)) },
    monitoring: { state: g.pick(['enabled', 'disabled']) },
    'root-device-type': 'ebs',
    'ebs-optimized': g.rnd() < 0.7,
    'image-id': `ami-0${g.hex(16)}`,
    'iam-instance-profile': { arn: `arn:aws:iam::${g.pick(ACCOUNTS)}:instance-profile/app-${g.int(1, 40)}`, id: `AIPA${g.hex(16).toUpperCase()}` },
    'network-interfaces': [{ 'network-interface-id': `eni-0${g.hex(16)}`, 'mac-address': `0a:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}:${g.hex(2)}`, 'private-ip-address': g.ip(), 'source-dest-check': true }],
    'block-device-mappings': [{ 'device-name': '/dev/xvda', ebs: { 'volume-id': `vol-0${g.hex(16)}`, status: 'attached', 'delete-on-termination': true } }],
  });
}

function s3Event(g: Gen): object {
  const bucket = g.skewed(BUCKETS);
  const tenant = g.skewed(TENANTS);
  const ext = g.pick(EXTENSIONS);
  const key = `${g.pick(['uploads', 'exports', 'media', 'incoming'])}/${tenant}/${2024}/${g.int(1, 12)}/${g.hex(12)}.${ext}`;
  return envelope(g, 'aws.s3', g.pick(['Object Created', 'Object Created', 'Object Created', 'Object Deleted']), [`arn:aws:s3:::${bucket}`], {
    version: '0',
    bucket: { name: bucket },
    object: { key, size: g.int(100, 50_000_000), etag: g.hex(32), 'version-id': g.hex(32), sequencer: g.hex(18).toUpperCase() },
    'request-id': g.hex(16).toUpperCase(),
    requester: g.pick(ACCOUNTS),
    'source-ip-address': g.ip(),
    reason: g.pick(['PutObject', 'CopyObject', 'CompleteMultipartUpload']),
    'storage-class': g.pick(['STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA']),
    'object-metadata': { tenant, uploader: `user-${g.int(1, 50_000)}`, 'content-type': ext === 'json' ? 'application/json' : `application/${ext}`, checksum: g.hex(40), 'upload-session': g.uuid() },
    'user-identity': { 'principal-id': `AWS:AROA${g.hex(16).toUpperCase()}:upload-svc`, arn: `arn:aws:sts::${g.pick(ACCOUNTS)}:assumed-role/upload-svc/${g.hex(8)}` },
    'bucket-region': g.skewed(REGIONS),
    encryption: { type: g.pick(['aws:kms', 'AES256']), 'kms-key-id': `arn:aws:kms:${g.pick(REGIONS)}:${g.pick(ACCOUNTS)}:key/${g.uuid()}` },
  });
}

function orderEvent(g: Gen): object {
  const items = Array.from({ length: g.int(1, 4) }, () => ({
    sku: g.skewed(SKUS),
    name: g.pick(['Garden hose 25m', 'USB-C cable 2m', 'Espresso beans 1kg', 'Board game: Harbour', 'Notebook A5 dotted', 'LED desk lamp']),
    qty: g.int(1, 5),
    price: g.money(2, 400),
    category: g.pick(['books', 'electronics', 'garden', 'toys', 'grocery']),
    warehouse: g.pick(['FRA1', 'DUB2', 'IAD3', 'NRT1']),
  }));
  const total = Math.round(items.reduce((s, i) => s + i.qty * i.price, 0) * 100) / 100;
  const country = g.skewed(COUNTRIES);
  const detailType = g.skewed(ORDER_TYPES);
  return envelope(g, 'com.acme.orders', detailType, [], {
    orderId: `ord-${g.hex(10)}`,
    status: detailType.split(' ')[1].toLowerCase(),
    customer: { id: `cus-${g.int(1, 200_000)}`, tier: g.skewed(TIERS), country, email: `u${g.int(1, 99999)}@${g.skewed(DOMAINS)}`, newCustomer: g.rnd() < 0.2 },
    items,
    total,
    currency: g.skewed(CURRENCIES),
    channel: g.skewed(CHANNELS),
    couponCode: g.rnd() < 0.3 ? `SPRING${g.int(10, 50)}` : null,
    shipping: { method: g.pick(['standard', 'express', 'pickup']), address: { city: g.pick(['Berlin', 'Paris', 'Austin', 'Leeds', 'Osaka']), postcode: String(g.int(10000, 99999)), country } },
    createdAt: `2024-04-${g.int(10, 28)}T${g.int(10, 23)}:00:00Z`,
    payment: { method: g.skewed(PAYMENT_METHODS), status: g.pick(['authorized', 'captured', 'pending']) },
  });
}

function paymentEvent(g: Gen): object {
  const detailType = g.skewed(PAYMENT_TYPES);
  const method = g.skewed(PAYMENT_METHODS);
  const detail: Record<string, unknown> = {
    paymentId: `pay_${g.hex(14)}`,
    orderId: `ord-${g.hex(10)}`,
    amount: g.money(1, 3000),
    currency: g.skewed(CURRENCIES),
    method,
    riskScore: g.int(0, 100),
    processor: g.pick(['stripe', 'adyen', 'braintree']),
    attempt: g.int(1, 3),
    customer: { id: `cus-${g.int(1, 200_000)}`, country: g.skewed(COUNTRIES), tier: g.skewed(TIERS) },
    billing: { name: 'A. Customer', line1: `${g.int(1, 200)} Main Street`, city: g.pick(['Berlin', 'Paris', 'Austin', 'Leeds', 'Osaka']), postcode: String(g.int(10000, 99999)) },
    '3ds': { required: g.rnd() < 0.4, outcome: g.pick(['authenticated', 'attempted', 'not_required']) },
    fees: { processing: g.money(0.1, 20), currency: 'EUR', fx: g.rnd() < 0.2 ? { rate: g.money(0.8, 1.3), from: 'USD' } : null },
    device: { ip: g.ip(), userAgent: g.pick(USER_AGENTS), fingerprint: g.hex(32) },
  };
  if (method === 'card') detail.card = { brand: g.pick(['visa', 'mastercard', 'amex']), last4: String(g.int(1000, 9999)), expMonth: g.int(1, 12), expYear: g.int(2025, 2031), funding: g.pick(['credit', 'debit']) };
  if (detailType === 'Payment Failed') detail.failureCode = g.pick(FAILURE_CODES);
  return envelope(g, 'com.acme.payments', detailType, [], detail);
}

function userEvent(g: Gen): object {
  return envelope(g, 'com.acme.users', g.skewed(USER_TYPES), [], {
    userId: `usr_${g.hex(12)}`,
    email: `person${g.int(1, 999_999)}@${g.skewed(DOMAINS)}`,
    plan: g.skewed(PLANS),
    country: g.skewed(COUNTRIES).toLowerCase(),
    device: { os: g.pick(['iOS 17.4', 'Android 14', 'Windows 11', 'macOS 14.4', 'Linux']), browser: g.pick(['Safari', 'Chrome', 'Firefox', 'Edge']), mobile: g.rnd() < 0.5 },
    ip: g.ip(),
    referrer: g.pick(['https://www.google.com/', 'https://news.example.com/launch', 'direct', 'https://partner.example.org/promo']),
    marketingOptIn: g.rnd() < 0.3,
    address: { city: g.pick(['Berlin', 'Paris', 'Austin', 'Leeds', 'Osaka']), postcode: String(g.int(10000, 99999)), timezone: g.pick(['Europe/Berlin', 'America/Chicago', 'Asia/Tokyo']) },
    experiments: { onboarding: g.pick(['control', 'variant-a', 'variant-b']), pricing: g.pick(['control', 'annual-first']) },
    session: { id: g.uuid(), startedAt: '2024-04-20T10:00:00Z', durationSec: g.int(5, 7200) },
    consent: { analytics: g.rnd() < 0.6, ads: g.rnd() < 0.3, version: `v${g.int(1, 5)}` },
    locale: g.pick(['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'es-ES']),
  });
}

function cloudTrailEvent(g: Gen): object {
  const eventSource = g.skewed(CT_SOURCES);
  const eventName = g.pick(CT_EVENTS[eventSource]);
  const account = g.skewed(ACCOUNTS);
  const source = `aws.${eventSource.split('.')[0]}`;
  return envelope(g, source, 'AWS API Call via CloudTrail', [], {
    eventVersion: '1.09',
    userIdentity: { type: g.pick(['IAMUser', 'AssumedRole', 'Root']), principalId: `AIDA${g.hex(16).toUpperCase()}`, arn: `arn:aws:iam::${account}:user/${g.pick(['alice', 'bob', 'ci-deployer', 'terraform'])}`, accountId: account, sessionContext: { attributes: { mfaAuthenticated: String(g.rnd() < 0.6), creationDate: '2024-04-20T09:00:00Z' } } },
    eventTime: '2024-04-20T10:11:12Z',
    eventSource,
    eventName,
    awsRegion: g.skewed(REGIONS),
    sourceIPAddress: g.ip(),
    userAgent: g.pick(USER_AGENTS),
    requestParameters: { resourceName: `res-${g.hex(8)}`, tagSpecificationSet: { items: [{ resourceType: 'instance', tags: [{ key: 'Owner', value: 'team-a' }] }] } },
    responseElements: g.rnd() < 0.5 ? null : { requestId: g.uuid() },
    requestID: g.uuid(),
    eventID: g.uuid(),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: eventSource },
  });
}

const SHAPES = [orderEvent, orderEvent, paymentEvent, paymentEvent, s3Event, ec2Event, userEvent, cloudTrailEvent];

function makeEvents(g: Gen, n: number): string[] {
  return Array.from({ length: n }, () => JSON.stringify(g.pick(SHAPES)(g)));
}

// ---------------------------------------------------------------------------------------------------------
// Rules: the kinds of patterns teams write, with many rules sharing sources
// ---------------------------------------------------------------------------------------------------------

type Pattern = Record<string, unknown>;
const num = (...args: (string | number)[]): { numeric: (string | number)[] } => ({ numeric: args });

const RULE_KINDS: readonly { weight: number; make: (g: Gen) => Pattern }[] = [
  // Exact source and detail-type: the most common rule there is.
  { weight: 2, make: g => ({ source: [g.pick(['com.acme.orders', 'com.acme.payments', 'com.acme.users'])], 'detail-type': [g.pick([...ORDER_TYPES, ...PAYMENT_TYPES, ...USER_TYPES])] }) },
  // The same, for one account or region (cross-account routing).
  { weight: 6, make: g => ({ source: [g.pick(['com.acme.orders', 'com.acme.payments', 'com.acme.users', 'aws.ec2', 'aws.s3'])], account: [g.pick(ACCOUNTS)], region: g.some(REGIONS, g.int(1, 2)) }) },
  // Orders for some tiers and countries.
  { weight: 12, make: g => ({ source: ['com.acme.orders'], 'detail-type': ['Order Placed'], detail: { customer: { tier: [g.pick(TIERS)], country: g.some(COUNTRIES, g.int(1, 3)) }, channel: [g.pick(CHANNELS)] } }) },
  // Order value bands, per currency and customer tier.
  { weight: 10, make: g => { const lo = g.int(0, 2000); return { source: ['com.acme.orders'], detail: { total: [num('>=', lo, '<', lo + g.int(10, 300))], currency: [g.pick(CURRENCIES)], customer: { tier: [g.pick(TIERS)] } } }; } },
  // A product was ordered (array of objects).
  { weight: 10, make: g => ({ source: ['com.acme.orders'], 'detail-type': [g.pick(ORDER_TYPES)], detail: { items: { sku: g.some(SKUS, g.int(1, 3)) } } }) },
  // Uploads of one tenant (prefix).
  { weight: 12, make: g => ({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { object: { key: [{ prefix: `${g.pick(['uploads', 'exports', 'media', 'incoming'])}/${g.pick(TENANTS)}/` }] } } }) },
  // Objects of a bucket by extension (suffix).
  { weight: 5, make: g => ({ source: ['aws.s3'], detail: { bucket: { name: [g.pick(BUCKETS)] }, object: { key: [{ suffix: `.${g.pick(EXTENSIONS)}` }] } } }) },
  // EC2 instances leaving service (anything-but).
  { weight: 6, make: g => ({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: [{ 'anything-but': g.some(EC2_STATES, 2) }], 'instance-type': [{ prefix: g.pick(['t3', 'm6i', 'c7g', 'r6g', 'g5']) }] }, region: [g.pick(REGIONS)] }) },
  // Failed payments above an amount (exists + numeric).
  { weight: 8, make: g => ({ source: ['com.acme.payments'], detail: { failureCode: [{ exists: true }], amount: [num('>', g.int(10, 2000))], processor: [g.pick(['stripe', 'adyen', 'braintree'])], customer: { country: g.some(COUNTRIES, 2) } } }) },
  // Payments without a card that are not refunds.
  { weight: 4, make: g => ({ source: ['com.acme.payments'], 'detail-type': [{ 'anything-but': 'Payment Refunded' }], detail: { card: [{ exists: false }], method: [g.pick(PAYMENT_METHODS)], customer: { country: [g.pick(COUNTRIES)] } } }) },
  // Sensitive API calls (CloudTrail) from outside the private network.
  { weight: 8, make: g => { const src = g.pick(CT_SOURCES); return { 'detail-type': ['AWS API Call via CloudTrail'], account: [g.pick(ACCOUNTS)], detail: { eventSource: [src], eventName: g.some(CT_EVENTS[src], g.int(1, 3)), sourceIPAddress: [{ 'anything-but': { prefix: '10.' } }] } }; } },
  // Calls from one account's private range (cidr).
  { weight: 3, make: g => ({ 'detail-type': ['AWS API Call via CloudTrail'], account: [g.pick(ACCOUNTS)], detail: { sourceIPAddress: [{ cidr: `10.${g.int(0, 40)}.0.0/16` }] } }) },
  // Sign-ups of a plan, country written in any case.
  { weight: 6, make: g => ({ source: ['com.acme.users'], 'detail-type': ['User Signed Up'], detail: { plan: [g.pick(PLANS)], country: [{ 'equals-ignore-case': g.pick(COUNTRIES) }] } }) },
  // Users of a mail domain.
  { weight: 3, make: g => ({ source: ['com.acme.users'], detail: { email: [{ suffix: `@${g.pick(DOMAINS)}` }], marketingOptIn: [true], plan: [g.pick(PLANS)] } }) },
  // A few wildcards.
  { weight: 2, make: g => ({ source: ['aws.s3'], detail: { object: { key: [{ wildcard: `*/${g.pick(TENANTS)}/2024/*.${g.pick(EXTENSIONS)}` }] } } }) },
  { weight: 1, make: g => ({ resources: [{ wildcard: `arn:aws:ec2:${g.pick(REGIONS)}:*:instance/*` }], detail: { state: ['terminated'] } }) },
  // A few $or rules.
  { weight: 2, make: g => ({ source: ['com.acme.payments'], detail: { customer: { country: [g.pick(COUNTRIES)] } }, $or: [{ detail: { riskScore: [num('>', g.int(60, 95))] } }, { detail: { method: [g.pick(PAYMENT_METHODS)], amount: [num('>', g.int(200, 2500))] } }] }) },
  { weight: 1, make: g => ({ source: ['com.acme.orders'], detail: { $or: [{ channel: [g.pick(CHANNELS)] }, { couponCode: [{ prefix: `SPRING${g.int(1, 4)}` }] }], customer: { tier: [g.pick(TIERS)], country: [g.pick(COUNTRIES)] } } }) },
];

function makeRules(g: Gen, n: number): string[] {
  const total = RULE_KINDS.reduce((s, k) => s + k.weight, 0);
  return Array.from({ length: n }, () => {
    let r = g.rnd() * total;
    const kind = RULE_KINDS.find(k => (r -= k.weight) < 0) ?? RULE_KINDS[0];
    return JSON.stringify(kind.make(g));
  });
}

/** A realistic pattern of about 4 KB: a long allow-list of sources, detail-types and accounts, plus detail clauses. */
function fourKbPattern(g: Gen): string {
  const p: Pattern = {
    source: ['com.acme.orders', 'com.acme.payments', 'aws.s3', 'aws.ec2'],
    'detail-type': [...ORDER_TYPES, ...PAYMENT_TYPES],
    account: ACCOUNTS.slice(0, 30),
    region: REGIONS,
    detail: {
      customer: { tier: TIERS.slice(1), country: COUNTRIES },
      total: [num('>=', 100, '<', 5000)],
      items: { sku: g.some(SKUS, 60) },
      channel: [{ 'anything-but': ['partner-api'] }],
      couponCode: [{ exists: false }, { prefix: 'SPRING' }],
    },
  };
  let text = JSON.stringify(p);
  // Top up with more SKUs until just under 4096 characters.
  const skus = (p.detail as { items: { sku: string[] } }).items.sku;
  for (const extra of SKUS) {
    if (skus.includes(extra)) continue;
    const next = JSON.stringify({ ...p, detail: { ...(p.detail as object), items: { sku: [...skus, extra] } } });
    if (next.length > 4090) break;
    skus.push(extra);
    text = next;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------

/** CPU time of this process in ms: other processes on a busy machine do not inflate it the way wall time is. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeOnce(fn: () => void): number {
  const t0 = cpuMs();
  fn();
  return cpuMs() - t0;
}

function compileOrThrow(text: string, maxPatternSize?: number): CompiledPattern {
  const r = compile(text, 'eventbridge', { maxPatternSize, warnings: false });
  if (!r.pattern) throw new Error(`benchmark pattern does not compile: ${r.problems.map(p => p.message).join('; ')}\n${text}`);
  return r.pattern;
}

function prepared(text: string): PreparedEvent {
  const p = prepareEvent(text, 'eventbridge');
  if ('error' in p) throw new Error(p.error);
  return p;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function main(): void {
  const g = new Gen(mulberry32(SEED));
  const events = makeEvents(g, EVENT_COUNT);
  const sizes = events.map(e => e.length);
  const avg = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const allRules = makeRules(g, 10_000);
  const ruleSets = [1, 100, 1000, 10_000].map(n => ({ n, texts: allRules.slice(0, n) }));
  const runs = 5;
  if (process.env.EVENTLENS_BENCH_DUMP) {
    // For digging into the index: the exact rules and events this run uses.
    fs.writeFileSync(path.join(process.env.EVENTLENS_BENCH_DUMP, 'bench-rules.json'), JSON.stringify(allRules));
    fs.writeFileSync(path.join(process.env.EVENTLENS_BENCH_DUMP, 'bench-events.json'), JSON.stringify(events));
  }
  // EVENTLENS_BENCH_ONLY=whole-process: just the end-to-end `eventlens route` figures (same events and rules).
  if (process.env.EVENTLENS_BENCH_ONLY === 'whole-process') return wholeProcess(events, allRules);

  console.log(`EventLens engine benchmark — ${fmt(EVENT_COUNT)} events (${fmt(Math.min(...sizes))}–${fmt(Math.max(...sizes))} bytes, mean ${fmt(avg)}), seed ${SEED}`);
  console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, load average ${os.loadavg()[0].toFixed(1)}; CPU time of this process, median of ${runs} interleaved rounds after a warm-up\n`);

  let sink = 0;
  const parseAll = (): void => {
    for (const e of events) sink += (JSON.parse(e) as { id: string }).id.length;
  };

  const built = ruleSets.map(({ n, texts }) => {
    const compiled = texts.map(t => compileOrThrow(t));
    const set = new RuleSet('eventbridge');
    compiled.forEach((c, i) => set.add(`rule-${String(i).padStart(5, '0')}`, c));
    return { n, set, compiled, matched: 0, candidates: 0, evaluated: 0 };
  });
  for (const b of built) {
    for (const e of events) {
      b.candidates += b.set.candidateCount(e);
      b.evaluated += b.set.evaluatedCount(e);
    }
  }

  // Runs are interleaved (parse, then each rule set, per round) so a load change on the machine touches all
  // workloads alike; the ratio to JSON.parse is taken within the same rounds.
  const times = new Map<string, number[]>();
  const record = (label: string, ms: number): void => void times.set(label, [...(times.get(label) ?? []), ms]);
  for (let round = 0; round <= runs; round++) {
    const parseMs = timeOnce(parseAll);
    if (round > 0) record('parse', parseMs);
    for (const b of built) {
      const ms = timeOnce(() => {
        b.matched = 0;
        // The event text, as `eventlens route` hands it over: the rule set reads only the paths its rules use.
        for (const e of events) b.matched += b.set.matchingRules(e).length;
      });
      if (round > 0) record(`set${b.n}`, ms);
    }
  }
  // The pruned reader must answer as the full path does (prepareEvent), or the figures compare different work.
  for (const b of built) {
    let full = 0;
    for (const e of events) full += b.set.matchingRules(prepared(e)).length;
    if (full !== b.matched) console.log(`WARNING: ${b.n} rules: ${b.matched} matches from the event text, ${full} from prepareEvent`);
  }
  const parseMs = median(times.get('parse') ?? [0]);
  const rows: { label: string; ms: number; perEvent?: number; candidates?: number; evaluated?: number }[] = [{ label: 'JSON.parse alone', ms: parseMs }];
  for (const b of built) rows.push({ label: `parse + match, ${fmt(b.n)} rule${b.n === 1 ? '' : 's'}`, ms: median(times.get(`set${b.n}`) ?? [0]), perEvent: b.matched / EVENT_COUNT, candidates: b.candidates / EVENT_COUNT, evaluated: b.evaluated / EVENT_COUNT });

  // What the index buys: the same 1,000 patterns, each matched on its own.
  const thousand = built.find(b => b.n === 1000);
  if (thousand) {
    let matched = 0;
    const scan = (): void => {
      matched = 0;
      for (const e of events) {
        const p = prepared(e);
        for (const c of thousand.compiled) if (matches(c, p)) matched++;
      }
    };
    const scanTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      const p = timeOnce(parseAll);
      scanTimes.push((timeOnce(scan) / p) * parseMs);
    }
    rows.push({ label: 'linear scan, 1,000 rules (matches() each)', ms: median(scanTimes), perEvent: matched / EVENT_COUNT, candidates: 1000, evaluated: 1000 });
    // The index and the scan must agree, or the figures compare different work.
    if (matched !== thousand.matched) console.log(`WARNING: the rule set found ${thousand.matched} matches, the linear scan ${matched}`);
  }

  const header = `${'workload'.padEnd(44)}${'events/s'.padStart(10)}${'µs/event'.padStart(10)}${'× JSON.parse'.padStart(14)}${'matches/event'.padStart(15)}${'candidates/event'.padStart(18)}${'evaluated/event'.padStart(17)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const r of rows) {
    const perSec = (EVENT_COUNT / r.ms) * 1000;
    console.log(
      `${r.label.padEnd(44)}${fmt(perSec).padStart(10)}${fmt((r.ms * 1000) / EVENT_COUNT, 1).padStart(10)}${fmt(r.ms / parseMs, 2).padStart(14)}` +
        `${(r.perEvent === undefined ? '' : fmt(r.perEvent, 2)).padStart(15)}${(r.candidates === undefined ? '' : fmt(r.candidates, 1)).padStart(18)}` +
        `${(r.evaluated === undefined ? '' : fmt(r.evaluated, 2)).padStart(17)}`,
    );
  }
  console.log('(candidates/event: rules the index finds per event, RuleSet.candidateCount; evaluated/event: those it leaves to the evaluator, RuleSet.evaluatedCount: it decides the rest itself)');

  // Compile times.
  const thousandTexts = ruleSets[2].texts;
  const compileRuns: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const ms = timeOnce(() => {
      const set = new RuleSet('eventbridge');
      thousandTexts.forEach((t, k) => set.add(`r${k}`, compileOrThrow(t)));
      // The index is built on first use: part of getting 1,000 rules ready.
      set.candidateCount(events[0]);
    });
    if (i > 0) compileRuns.push(ms);
  }
  const compileThousand = median(compileRuns);
  // compile() alone, without the rule set: what a workspace of 1,000 pattern files costs the diagnostics.
  const compileOnlyRuns: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const ms = timeOnce(() => thousandTexts.forEach(t => compileOrThrow(t)));
    if (i > 0) compileOnlyRuns.push(ms);
  }
  const big = fourKbPattern(new Gen(mulberry32(SEED + 1)));
  const bigRuns: number[] = [];
  compileOrThrow(big, 4096);
  for (let i = 0; i < 300; i++) {
    bigRuns.push(timeOnce(() => compileOrThrow(big, 4096)));
  }
  console.log('');
  console.log(`compile 1,000 rules (compile + RuleSet.add)     ${fmt(compileThousand, 1)} ms   (median of ${runs})`);
  console.log(`compile 1,000 rules (compile() only)            ${fmt(median(compileOnlyRuns), 1)} ms   (median of ${runs})`);
  console.log(`compile one ${fmt(big.length)}-character pattern          ${fmt(median(bigRuns), 3)} ms   (median of 300)`);

  // Targets (issue #11): compiling 10,000 rules into a rule set in under 1 s.
  const tenK = ruleSets[3].texts;
  const tenKMs = timeOnce(() => {
    const set = new RuleSet('eventbridge');
    tenK.forEach((t, k) => set.add(`r${k}`, compileOrThrow(t)));
    set.candidateCount(events[0]);
  });
  console.log(`compile 10,000 rules into a rule set            ${fmt(tenKMs, 0)} ms   (target < 1,000 ms; compile + add + index)`);

  hundredThousand(events, parseAll, rulesFor);
  wholeProcess(events, allRules);
  // The 256 KB policies (#12 item 6) are timed in their own process: bench/policies.ts.
  if (sink === 42) console.log('');
}

/** More rules of the same kinds (the first 10,000 are the ones above), for the 100,000-rule figures. */
function rulesFor(n: number): string[] {
  const g = new Gen(mulberry32(SEED + 7));
  return makeRules(g, n);
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/**
 * In process, 100,000 rules generated the same way: events/s against JSON.parse in the same rounds, and how the
 * heap grows per rule (patterns, plans and index; measured after a forced GC when node runs with --expose-gc).
 */
function hundredThousand(events: readonly string[], parseAll: () => void, rulesFor: (n: number) => string[]): void {
  const n = 100_000;
  const texts = rulesFor(n);
  const before = heapMb();
  const t0 = cpuMs();
  const set = new RuleSet('eventbridge');
  texts.forEach((t, k) => set.add(`rule-${String(k).padStart(6, '0')}`, compileOrThrow(t)));
  set.candidateCount(events[0]);
  const buildMs = cpuMs() - t0;
  const after = heapMb();
  const ratios: number[] = [];
  let matched = 0;
  for (let round = 0; round <= 3; round++) {
    const p = timeOnce(parseAll);
    const m = timeOnce(() => {
      matched = 0;
      for (const e of events) matched += set.matchingRules(e).length;
    });
    if (round > 0) ratios.push(m / p);
  }
  console.log('');
  console.log(`100,000 rules in process: ${fmt(median(ratios), 2)}× JSON.parse (target ≤ 6×; median of 3 rounds), ${fmt(matched / events.length, 1)} matches/event`);
  console.log(`  built in ${fmt(buildMs)} ms; heap ${fmt(before)} → ${fmt(after)} MB: ${fmt(((after - before) * 1024 * 1024) / n)} bytes per rule${(globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: approximate)'}`);
}

/**
 * CPU time (user + system, ms) of this process's children that have ended, from /proc/self/stat (Linux; clock ticks
 * of 10 ms), or undefined where there is no /proc. Worker threads and V8's helper threads are part of their process.
 */
function childCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of the file (cutime, cstime); the slice starts at field 3.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * `eventlens route` as a user runs it, against a process that only reads the same lines and JSON.parses them:
 * wall time of whole processes (start, rules, reading and writing included), alternated, best of three, and the CPU
 * time of the same child processes (best of three). The CLI's code cache (codeCache.ts) lives in a fresh folder
 * for the run: the first route run finds it empty (printed on its own line), the timed rounds find it written.
 */
function wholeProcess(events: readonly string[], allRules: readonly string[]): void {
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  if (!fs.existsSync(cli)) {
    console.log('eventlens route end to end: skipped (dist/cli.js not built)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-bench-'));
  try {
    const eventsFile = path.join(dir, 'events.jsonl');
    fs.writeFileSync(eventsFile, events.join('\n') + '\n');
    const parseOnly = path.join(dir, 'parse-only.js');
    fs.writeFileSync(
      parseOnly,
      `const fs = require('fs');\nlet n = 0;\nfor (const line of fs.readFileSync(process.argv[2], 'utf8').split('\\n')) if (line) n += JSON.parse(line).id.length;\nif (n === 42) console.log(n);\n`,
    );
    const ruleFiles = [100, 1000].map(n => {
      const file = path.join(dir, `rules-${n}.json`);
      fs.writeFileSync(file, JSON.stringify(Object.fromEntries(allRules.slice(0, n).map((t, i) => [`rule-${i}`, JSON.parse(t) as unknown]))));
      return { n, file };
    });
    const env: NodeJS.ProcessEnv = { ...process.env, EVENTLENS_CACHE_DIR: path.join(dir, 'cache') };
    delete env.EVENTLENS_CODE_CACHE;
    const run = (args: string[]): { ms: number; cpu: number | undefined } => {
      const c0 = childCpuMs();
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { maxBuffer: 1 << 28, encoding: 'utf8', env });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const c1 = childCpuMs();
      if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
      return { ms, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0 };
    };
    const best = new Map<string, { ms: number; cpu: number | undefined }>();
    const keep = (k: string, r: { ms: number; cpu: number | undefined }): void => {
      const b = best.get(k);
      best.set(k, { ms: Math.min(b?.ms ?? Infinity, r.ms), cpu: r.cpu === undefined ? undefined : Math.min(b?.cpu ?? Infinity, r.cpu) });
    };
    const routeArgs = (file: string, via = cli): string[] => [via, 'route', '--rules', file, eventsFile];
    // EVENTLENS_BENCH_BASELINE=<another checkout's dist/cli.js>: its route runs in the same rounds, for a before/after.
    const baseline = process.env.EVENTLENS_BENCH_BASELINE ? path.resolve(process.env.EVENTLENS_BENCH_BASELINE) : undefined;
    const first = run(routeArgs(ruleFiles[0].file));
    if (baseline) run(routeArgs(ruleFiles[0].file, baseline));
    for (let round = 0; round < 3; round++) {
      keep('parse', run([parseOnly, eventsFile]));
      for (const { n, file } of ruleFiles) {
        keep(`route${n}`, run(routeArgs(file)));
        if (baseline) keep(`baseline${n}`, run(routeArgs(file, baseline)));
      }
    }
    const parse = best.get('parse') ?? { ms: 1, cpu: undefined };
    const cpu = (r: { cpu: number | undefined }): string => (r.cpu === undefined ? '' : `   CPU ${fmt(r.cpu).padStart(6)} ms${parse.cpu ? ` ${fmt(r.cpu / parse.cpu, 2)}×` : ''}`);
    console.log('');
    console.log(`whole process, ${fmt(events.length)} events, best of 3 alternated (load average ${os.loadavg()[0].toFixed(1)}); CPU: user + system of the child process`);
    console.log(`  read + JSON.parse only                 ${fmt(parse.ms).padStart(6)} ms${' '.repeat(27)}${cpu(parse)}`);
    for (const { n } of ruleFiles) {
      const r = best.get(`route${n}`) ?? { ms: 0, cpu: undefined };
      const target = n === 100 ? 1.2 : 1.6;
      console.log(`  eventlens route, ${fmt(n).padEnd(5)} rules            ${fmt(r.ms).padStart(6)} ms   ${fmt(r.ms / parse.ms, 2)}× (target ≤ ${target}×)${' '.repeat(6)}${cpu(r)}`);
    }
    if (baseline) {
      for (const { n } of ruleFiles) {
        const r = best.get(`baseline${n}`) ?? { ms: 0, cpu: undefined };
        console.log(`  baseline route, ${fmt(n).padEnd(5)} rules             ${fmt(r.ms).padStart(6)} ms   ${fmt(r.ms / parse.ms, 2)}×${' '.repeat(22)}${cpu(r)}`);
      }
    }
    console.log(`  eventlens route, 100 rules, first run (empty code cache): ${fmt(first.ms)} ms${first.cpu === undefined ? '' : `, CPU ${fmt(first.cpu)} ms`}`);
    // Where a route run's time goes (EVENTLENS_TIMING, CPU ms by phase), from one more run of each, after the rounds.
    const phases = (args: string[]): string => {
      const r = spawnSync(process.execPath, args, { maxBuffer: 1 << 28, encoding: 'utf8', env: { ...env, EVENTLENS_TIMING: '1' } });
      return /timing: (.*)/.exec(r.stderr)?.[1] ?? `no timing line (exit ${r.status})`;
    };
    for (const { n, file } of ruleFiles) {
      console.log(`  phases, ${fmt(n)} rules (CPU ms): ${phases(routeArgs(file))}`);
      if (baseline) console.log(`  baseline phases, ${fmt(n)} rules: ${phases(routeArgs(file, baseline))}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run when this file is the entry point; bench/profileIndex.ts imports the generators without running it.
if (path.basename(process.argv[1] ?? '') === 'engine.js') main();

export { cpuMs, Gen, heapMb, makeEvents, makeRules, rulesFor, SEED, EVENT_COUNT };
