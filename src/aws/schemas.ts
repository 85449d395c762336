import {
  DescribeSchemaCommand,
  ListRegistriesCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
} from '@aws-sdk/client-schemas';
import { fetchPage } from './paging';
import { internal } from './session';
import type { AwsSession, Page, PageOptions, RegistrySummary, SchemaContent, SchemaSummary, SchemaVersionSummary } from './types';

const iso = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

/**
 * One page of the Schema Registry's registries in the session's region: AWS's `aws.events`, `discovered-schemas`
 * and the account's own. (The Schemas API speaks restJson1; its client ships paginators, but the explorer pages one
 * "Load more…" at a time, so this uses the same page step as the other lists.)
 */
export async function listRegistries(session: AwsSession, page: PageOptions = {}): Promise<Page<RegistrySummary>> {
  const s = internal(session);
  return fetchPage(s, 'schemas', 'ListRegistries', '', page, 100,
    (NextToken, Limit) => s.schemas().send(new ListRegistriesCommand({ NextToken, Limit }), { abortSignal: page.signal }),
    res => ({
      items: (res.Registries ?? []).map(r => ({ name: r.RegistryName ?? '', ...(r.RegistryArn ? { arn: r.RegistryArn } : {}) })),
      nextToken: res.NextToken,
    }));
}

/** One page of a registry's schemas (names like `aws.ec2@EC2InstanceStateChangeNotification`). */
export async function listSchemas(session: AwsSession, registryName: string, page: PageOptions & { readonly namePrefix?: string } = {}): Promise<Page<SchemaSummary>> {
  const s = internal(session);
  return fetchPage(s, 'schemas', 'ListSchemas', `registry=${registryName}`, page, 100,
    (NextToken, Limit) => s.schemas().send(new ListSchemasCommand({ RegistryName: registryName, SchemaNamePrefix: page.namePrefix, NextToken, Limit }), { abortSignal: page.signal }),
    res => ({
      items: (res.Schemas ?? []).map(x => ({
        registryName,
        name: x.SchemaName ?? '',
        ...(x.SchemaArn ? { arn: x.SchemaArn } : {}),
        ...(x.VersionCount !== undefined ? { versionCount: x.VersionCount } : {}),
        ...(x.LastModified ? { lastModified: iso(x.LastModified) } : {}),
      })),
      nextToken: res.NextToken,
    }));
}

/** One page of a schema's versions, oldest first as AWS lists them. */
export async function listSchemaVersions(session: AwsSession, registryName: string, schemaName: string, page: PageOptions = {}): Promise<Page<SchemaVersionSummary>> {
  const s = internal(session);
  return fetchPage(s, 'schemas', 'ListSchemaVersions', `registry=${registryName} schema=${schemaName}`, page, 100,
    (NextToken, Limit) => s.schemas().send(new ListSchemaVersionsCommand({ RegistryName: registryName, SchemaName: schemaName, NextToken, Limit }), { abortSignal: page.signal }),
    res => ({
      items: (res.SchemaVersions ?? []).map(v => ({ registryName, schemaName, version: v.SchemaVersion ?? '', ...(v.Type ? { type: v.Type } : {}) })),
      nextToken: res.NextToken,
    }));
}

/** A schema's content (the latest version when `version` is omitted), as the registry stores it. */
export async function describeSchema(session: AwsSession, registryName: string, schemaName: string, version?: string, signal?: AbortSignal): Promise<SchemaContent> {
  const s = internal(session);
  const res = await s.call('schemas', 'DescribeSchema', `registry=${registryName} schema=${schemaName}${version ? ` version=${version}` : ''}`,
    () => s.schemas().send(new DescribeSchemaCommand({ RegistryName: registryName, SchemaName: schemaName, SchemaVersion: version }), { abortSignal: signal }),
    r => `version ${r.SchemaVersion ?? '?'}, ${r.Content?.length ?? 0} chars`);
  return {
    registryName,
    name: res.SchemaName ?? schemaName,
    version: res.SchemaVersion ?? version ?? '',
    type: res.Type ?? 'OpenApi3',
    content: res.Content ?? '',
    ...(res.Description ? { description: res.Description } : {}),
    ...(res.SchemaArn ? { arn: res.SchemaArn } : {}),
    ...(res.VersionCreatedDate ? { versionCreated: iso(res.VersionCreatedDate) } : {}),
    ...(res.LastModified ? { lastModified: iso(res.LastModified) } : {}),
  };
}
