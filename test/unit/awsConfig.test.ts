// Profiles, regions, endpoints and credentials from temporary shared config files, as the real SDK reads them.
// Every endpoint here is the local server (or a closed port): nothing can reach real AWS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createSession, defaultProfileName, defaultRegion, isAwsError, listEventBuses, listProfiles, listTopics, resolveEndpoints,
  type AwsError,
} from '../../src/aws/index';
import { startAwsServer, type AwsServer } from '../support/awsServer';
import { collectingLogger, rejection } from '../support/awsTestKit';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-awsconfig-'));
const configFile = path.join(tmp, 'config');
const credentialsFile = path.join(tmp, 'credentials');

// The SDK reads these from process.env: isolate the test from the machine's own AWS set-up.
for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
process.env.HOME = tmp;
process.env.USERPROFILE = tmp;
process.env.AWS_CONFIG_FILE = configFile;
process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
process.env.AWS_EC2_METADATA_DISABLED = 'true';

let server: AwsServer;

before(async () => {
  server = await startAwsServer({ seed: 'demo' });
  const ep = server.endpoint;
  fs.writeFileSync(configFile, [
    '[default]',
    'region = eu-west-1',
    '',
    '[profile local]',
    'region = us-east-1',
    `endpoint_url = ${ep}`,
    '',
    '[profile split]   # services section per service',
    'region = us-west-2',
    'services = local-split',
    'endpoint_url = http://127.0.0.1:9',
    '',
    '[services local-split]',
    'eventbridge =',
    `  endpoint_url = ${ep}`,
    '',
    '[profile nocreds]',
    'region = ap-south-1',
    `endpoint_url = ${ep}`,
    '',
    '[profile corp-dev]',
    'sso_session = corp',
    'sso_account_id = 111122223333',
    'sso_role_name = Developer',
    'region = us-east-2',
    `endpoint_url = ${ep}`,
    '',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '',
    '[profile legacy-sso]',
    'sso_start_url = https://legacy.awsapps.com/start',
    'sso_region = us-east-1',
    'sso_account_id = 111122223333',
    'sso_role_name = ReadOnly',
    `endpoint_url = ${ep}`,
    '',
    '[profile tool]',
    'credential_process = /opt/bin/get-creds --account dev',
    '',
    '[profile admin]',
    'role_arn = arn:aws:iam::111122223333:role/Admin',
    'source_profile = default',
    'region = ca-central-1',
    '',
    '[profile ignored]',
    `endpoint_url = ${ep}`,
    'ignore_configured_endpoint_urls = true',
    '',
    '[not-a-profile]',
    'region = xx',
  ].join('\n'));
  fs.writeFileSync(credentialsFile, [
    '[default]',
    'aws_access_key_id = test',
    'aws_secret_access_key = test',
    '',
    '[local]',
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    '',
    '[split]',
    'aws_access_key_id = test',
    'aws_secret_access_key = test',
    '',
    '[keys-only]',
    'aws_access_key_id = test',
    'aws_secret_access_key = test',
  ].join('\n'));
});

after(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('profiles and regions', () => {
  test('lists every profile from both files, default first, with kind, region and endpoint', async () => {
    const profiles = await listProfiles();
    assert.deepEqual(profiles.map(p => [p.name, p.kind, p.region ?? '-']), [
      ['default', 'static', 'eu-west-1'],
      ['local', 'static', 'us-east-1'],
      ['split', 'static', 'us-west-2'],
      ['nocreds', 'unknown', 'ap-south-1'],
      ['corp-dev', 'sso', 'us-east-2'],
      ['legacy-sso', 'sso', '-'],
      ['tool', 'process', '-'],
      ['admin', 'assume-role', 'ca-central-1'],
      ['ignored', 'unknown', '-'],
      ['keys-only', 'static', '-'],
    ]);
    const local = profiles.find(p => p.name === 'local');
    assert.deepEqual(local?.sources, ['config', 'credentials']);
    assert.equal(local?.endpointUrl, server.endpoint);
    assert.deepEqual(profiles.find(p => p.name === 'keys-only')?.sources, ['credentials']);
    assert.ok(!JSON.stringify(profiles).includes('wJalrXUtnFEMI'), 'no secrets in the list');
  });

  test('no files at all: no profiles', async () => {
    const profiles = await listProfiles({ ...process.env, AWS_CONFIG_FILE: path.join(tmp, 'missing'), AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'missing2') });
    assert.deepEqual(profiles, []);
  });

  test('default region: the profile, else AWS_REGION, else us-east-1', async () => {
    assert.equal(await defaultRegion('admin'), 'ca-central-1');
    assert.equal(await defaultRegion(), 'eu-west-1');
    assert.equal(await defaultRegion('tool', { ...process.env, AWS_REGION: 'eu-north-1' }), 'eu-north-1');
    assert.equal(await defaultRegion('admin', { ...process.env, AWS_REGION: 'eu-north-1' }), 'ca-central-1');
    assert.equal(await defaultRegion('tool'), 'us-east-1');
    assert.equal(await defaultRegion(undefined, { ...process.env, AWS_PROFILE: 'corp-dev' }), 'us-east-2');
  });

  test('default profile name honours AWS_PROFILE', () => {
    assert.equal(defaultProfileName({}), 'default');
    assert.equal(defaultProfileName({ AWS_PROFILE: 'admin' }), 'admin');
  });
});

describe('endpoint resolution', () => {
  test('the chosen profile endpoint_url, even when AWS_PROFILE names another profile', async () => {
    const env = { ...process.env, AWS_PROFILE: 'admin' };
    const e = await resolveEndpoints({ profile: 'local' }, env);
    assert.deepEqual(e.eventbridge, { url: server.endpoint, source: 'profile' });
    assert.deepEqual(e.sns, { url: server.endpoint, source: 'profile' });
    // And the reverse: an explicit profile without endpoint_url does not inherit AWS_PROFILE's.
    const d = await resolveEndpoints({ profile: 'default' }, { ...process.env, AWS_PROFILE: 'local' });
    assert.deepEqual(d.eventbridge, { source: 'default' });
  });

  test('[services] section per service beats the profile endpoint_url', async () => {
    const e = await resolveEndpoints({ profile: 'split' });
    assert.deepEqual(e.eventbridge, { url: server.endpoint, source: 'profile-services' });
    assert.deepEqual(e.sns, { url: 'http://127.0.0.1:9', source: 'profile' });
  });

  test('env beats config; service env beats global env; an explicit URL beats all', async () => {
    const env = { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:7001', AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:7002' };
    const e = await resolveEndpoints({ profile: 'local' }, env);
    assert.deepEqual(e.eventbridge, { url: 'http://127.0.0.1:7001', source: 'env' });
    assert.deepEqual(e.sns, { url: 'http://127.0.0.1:7002', source: 'env-service' });
    const x = await resolveEndpoints({ profile: 'local', endpointUrl: 'http://127.0.0.1:7003' }, env);
    assert.deepEqual(x.eventbridge, { url: 'http://127.0.0.1:7003', source: 'argument' });
  });

  test('ignore_configured_endpoint_urls switches configured endpoints off', async () => {
    const e = await resolveEndpoints({ profile: 'ignored' });
    assert.deepEqual(e.eventbridge, { source: 'default' });
  });

  test('a services line naming a missing section is an endpoint error', async () => {
    const broken = path.join(tmp, 'broken-config');
    fs.writeFileSync(broken, '[profile b]\nservices = nowhere\n');
    const err = await rejection(resolveEndpoints({ profile: 'b' }, { ...process.env, AWS_CONFIG_FILE: broken }));
    assert.ok(isAwsError(err) && err.cause === 'endpoint');
    assert.match(err.message, /services section .*: nowhere$/);
  });
});

describe('sessions on profiles, with the real SDK credential chain', () => {
  test('an explicitly chosen profile: its endpoint_url and its credentials are used', async () => {
    const logger = collectingLogger();
    const session = await createSession({ profile: 'local', region: 'us-east-1', logger });
    try {
      assert.equal(session.endpoints.eventbridge.url, server.endpoint);
      assert.equal(session.label, `local · us-east-1 · ${new URL(server.endpoint).host}`);
      const before = server.requests.length;
      const page = await listEventBuses(session);
      assert.equal(page.items.length, 4);
      const req = server.requests[before];
      assert.match(req.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/events\/aws4_request/);
      await listTopics(session);
      assert.match(server.requests.at(-1)?.headers.authorization ?? '', /\/us-east-1\/sns\/aws4_request/);
      assert.ok(logger.lines.every(l => !l.includes('AKIAIOSFODNN7EXAMPLE')));
    } finally {
      session.dispose();
    }
  });

  test('the services section sends EventBridge to the local server', async () => {
    const session = await createSession({ profile: 'split', region: 'us-west-2' });
    try {
      const before = server.requests.length;
      await listEventBuses(session);
      assert.equal(server.requests.length, before + 1);
      assert.equal(server.requests.at(-1)?.region, 'us-west-2');
    } finally {
      session.dispose();
    }
  });

  test('a profile without credentials: credentials-missing, nothing sent', async () => {
    const session = await createSession({ profile: 'nocreds', region: 'ap-south-1' });
    try {
      const before = server.requests.length;
      const err = await rejection(listEventBuses(session)) as AwsError;
      assert.ok(isAwsError(err), String(err));
      assert.equal(err.cause, 'credentials-missing');
      assert.match(err.message, /No AWS credentials found for profile "nocreds".*Run `aws configure --profile nocreds` or `aws sso login --profile nocreds`/);
      assert.equal(server.requests.length, before);
    } finally {
      session.dispose();
    }
  });

  test('an SSO profile whose cached token expired: sso-expired, with the login command', async () => {
    const cache = path.join(tmp, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    const expired = new Date(Date.now() - 3600_000).toISOString();
    fs.writeFileSync(path.join(cache, `${createHash('sha1').update('https://legacy.awsapps.com/start').digest('hex')}.json`),
      JSON.stringify({ accessToken: 'x'.repeat(40), expiresAt: expired, region: 'us-east-1', startUrl: 'https://legacy.awsapps.com/start' }));
    fs.writeFileSync(path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({ accessToken: 'y'.repeat(40), expiresAt: expired, region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start' }));
    for (const profile of ['legacy-sso', 'corp-dev']) {
      const session = await createSession({ profile, region: 'us-east-1' });
      try {
        const before = server.requests.length;
        const err = await rejection(listEventBuses(session)) as AwsError;
        assert.ok(isAwsError(err), String(err));
        assert.equal(err.cause, 'sso-expired', `${profile}: ${err.message}`);
        assert.match(err.message, new RegExp(`Run \`aws sso login --profile ${profile}\`, then Retry`));
        assert.equal(server.requests.length, before);
      } finally {
        session.dispose();
      }
    }
  });

  test('an SSO profile never logged in: sso-expired', async () => {
    fs.rmSync(path.join(tmp, '.aws', 'sso'), { recursive: true, force: true });
    const session = await createSession({ profile: 'corp-dev', region: 'us-east-1' });
    try {
      const err = await rejection(listEventBuses(session)) as AwsError;
      assert.equal(err.cause, 'sso-expired', err.message);
    } finally {
      session.dispose();
    }
  });
});
