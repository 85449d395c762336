import * as vscode from 'vscode';
import type { AwsSession, Page, PageOptions, RegistrySummary, SchemaSummary, SchemaVersionSummary } from '../aws/types';
import type { Connection } from './explorerConnection';

/**
 * The explorer's Schema Registry branch: Region → Schema registries → registry → schemas → versions. A version
 * opens its content read-only; a schema (or a version) offers "New Pattern for This Event". Readonly records with a
 * `kind`, like the rest of the tree; the tree hooks these in with one case each.
 */
export type SchemaExplorerNode = SchemaRegistriesNode | SchemaRegistryNode | SchemaItemNode | SchemaVersionNode;

interface Base {
  readonly id: string;
  readonly parentId?: string;
  readonly region: string;
}

export interface SchemaRegistriesNode extends Base { readonly kind: 'schemaRegistries' }
export interface SchemaRegistryNode extends Base { readonly kind: 'schemaRegistry'; readonly registry: RegistrySummary }
export interface SchemaItemNode extends Base { readonly kind: 'schema'; readonly schema: SchemaSummary }
export interface SchemaVersionNode extends Base { readonly kind: 'schemaVersion'; readonly version: SchemaVersionSummary }

/** Every schema node kind has a list of children except a version. */
export type ListableSchemaNode = SchemaRegistriesNode | SchemaRegistryNode | SchemaItemNode;

const KINDS = new Set(['schemaRegistries', 'schemaRegistry', 'schema', 'schemaVersion']);

export function isSchemaExplorerNode(node: { readonly kind: string }): node is SchemaExplorerNode {
  return KINDS.has(node.kind);
}

export function isListableSchemaNode(node: { readonly kind: string }): node is ListableSchemaNode {
  return node.kind === 'schemaRegistries' || node.kind === 'schemaRegistry' || node.kind === 'schema';
}

/** The "Schema registries" folder under a region. */
export function schemaRegistriesFolder(region: string, regionId: string): SchemaRegistriesNode {
  return { kind: 'schemaRegistries', id: `${regionId}/schemas`, parentId: regionId, region };
}

export const SCHEMA_EMPTY_LABEL: Readonly<Record<ListableSchemaNode['kind'], string>> = {
  schemaRegistries: 'No schema registries',
  schemaRegistry: 'No schemas in this registry',
  schema: 'No versions',
};

export const SCHEMA_WHAT: Readonly<Record<ListableSchemaNode['kind'], string>> = {
  schemaRegistries: 'list the schema registries',
  schemaRegistry: 'list the schemas',
  schema: 'list the schema versions',
};

const icon = (id: string): vscode.ThemeIcon => new vscode.ThemeIcon(id);

/** What a registry holds, in words (AWS's own, discovered, or the account's). */
function registryKind(name: string): string | undefined {
  if (name === 'aws.events') return 'AWS service events';
  if (name === 'discovered-schemas') return 'discovered from your buses';
  return undefined;
}

/** How a schema node looks in the tree. */
export function schemaTreeItem(node: SchemaExplorerNode): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'schemaRegistries':
      item = new vscode.TreeItem('Schema registries', C.Collapsed);
      item.iconPath = icon('symbol-structure');
      item.contextValue = 'schemaRegistries';
      item.tooltip = `EventBridge Schema Registry in ${node.region}: AWS's event schemas, discovered schemas and your registries`;
      break;
    case 'schemaRegistry':
      item = new vscode.TreeItem(node.registry.name, C.Collapsed);
      item.description = registryKind(node.registry.name);
      item.iconPath = icon('library');
      item.contextValue = 'schemaRegistry';
      item.tooltip = node.registry.arn ?? node.registry.name;
      break;
    case 'schema': {
      const s = node.schema;
      item = new vscode.TreeItem(s.name, C.Collapsed);
      item.description = [s.versionCount !== undefined ? `${s.versionCount} version${s.versionCount === 1 ? '' : 's'}` : undefined, s.lastModified?.slice(0, 10)].filter(Boolean).join(' · ');
      item.iconPath = icon('symbol-class');
      item.contextValue = 'schema';
      item.tooltip = new vscode.MarkdownString(`**${s.name}**\n\nRegistry: \`${s.registryName}\`${s.arn ? `  \nARN: \`${s.arn}\`` : ''}\n\nExpand for its versions; **New Pattern for This Event** starts a pattern for it.`);
      break;
    }
    case 'schemaVersion': {
      const v = node.version;
      item = new vscode.TreeItem(`Version ${v.version}`, C.None);
      item.description = v.type;
      item.iconPath = icon('json');
      item.contextValue = 'schemaVersion';
      item.tooltip = `${v.schemaName} version ${v.version} (${v.type ?? 'schema'}). Click to open it read-only.`;
      item.command = { command: 'eventlens.schemas.openVersion', title: 'Open Schema', arguments: [{ registryName: v.registryName, schemaName: v.schemaName, version: v.version }] };
      break;
    }
  }
  item.id = node.id;
  return item;
}

/** One page of a schema node's list, as child nodes. */
export async function fetchSchemaPage(conn: Connection, session: AwsSession, node: ListableSchemaNode, options: PageOptions): Promise<Page<SchemaExplorerNode>> {
  const aws = conn.aws;
  const region = node.region;
  switch (node.kind) {
    case 'schemaRegistries': {
      const page = await aws.listRegistries(session, options);
      return { nextToken: page.nextToken, items: page.items.map(registry => ({ kind: 'schemaRegistry' as const, id: `${node.id}/reg:${registry.name}`, parentId: node.id, region, registry })) };
    }
    case 'schemaRegistry': {
      const page = await aws.listSchemas(session, node.registry.name, options);
      return { nextToken: page.nextToken, items: page.items.map(schema => ({ kind: 'schema' as const, id: `${node.id}/s:${schema.name}`, parentId: node.id, region, schema })) };
    }
    case 'schema': {
      const page = await aws.listSchemaVersions(session, node.schema.registryName, node.schema.name, options);
      // Newest first: the version a pattern is checked against is the latest.
      const items = page.items.map(version => ({ kind: 'schemaVersion' as const, id: `${node.id}/v:${version.version}`, parentId: node.id, region, version }));
      return { nextToken: page.nextToken, items: page.nextToken ? items : items.reverse() };
    }
  }
}

/** The `eventlens.schemas.newPattern` argument for a schema or version node. */
export function newPatternArg(node: SchemaItemNode | SchemaVersionNode): { readonly registryName: string; readonly schemaName: string } {
  return node.kind === 'schema'
    ? { registryName: node.schema.registryName, schemaName: node.schema.name }
    : { registryName: node.version.registryName, schemaName: node.version.schemaName };
}
