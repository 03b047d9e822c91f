import { printSubgraphSchema } from '@apollo/subgraph';
import {
  type ASTNode,
  type DefinitionNode,
  type GraphQLFieldConfigMap,
  GraphQLInterfaceType,
  GraphQLList,
  type GraphQLNamedOutputType,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLSchema,
  type GraphQLTypeResolver,
  GraphQLUnionType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  lexicographicSortSchema,
  type ObjectTypeDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';

/** How the gateway's schema joins a supergraph as a Federation v2 subgraph. */
export interface SubgraphOptions {
  /**
   * Serve `Query.node` and `Query.nodes`. Default false: a supergraph can have only one owner of
   * them (apollographql/federation#1067), and one that already has Relay types has one.
   */
  readonly nodeFields?: boolean;
  /**
   * Prefix of the typed errors' names (`BedrockError`, `BedrockValidationError`...). Default
   * `Bedrock`. Names like `Error` and `ValidationError` are what every subgraph picks, each with its
   * own fields; value types of one name merge across subgraphs and must then agree field for field,
   * so unprefixed names would make composition depend on every other team's error types. `''`
   * keeps the gateway's own names, for a supergraph known to have none of its own.
   */
  readonly errorTypePrefix?: string;
}

export const DEFAULT_ERROR_TYPE_PREFIX = 'Bedrock';

/** The interface every typed error implements; it and its implementations get the prefix. */
const ERROR_INTERFACE = 'Error';

/** The Relay root fields another subgraph may own. */
const NODE_FIELDS = new Set(['node', 'nodes']);

/**
 * Turns the schema Pothos builds for a subgraph (entities, `_entities`, `_service`) into the one
 * this gateway serves to a supergraph: typed errors prefixed, `node`/`nodes` left out unless
 * asked for, and `_service { sdl }` printing the schema actually served.
 */
export function adaptSubgraphSchema(
  subgraph: GraphQLSchema,
  options: SubgraphOptions = {},
): GraphQLSchema {
  const errorInterface = subgraph.getType(ERROR_INTERFACE);
  if (!isInterfaceType(errorInterface)) {
    throw new Error(`The schema has no ${ERROR_INTERFACE} interface to prefix`);
  }
  const prefix = options.errorTypePrefix ?? DEFAULT_ERROR_TYPE_PREFIX;
  const renames = new Map(
    [errorInterface, ...subgraph.getImplementations(errorInterface).objects].map((type) => [
      type.name,
      `${prefix}${type.name}`,
    ]),
  );
  let sdl = '';
  const adapted = lexicographicSortSchema(
    rebuild(subgraph, {
      renames,
      droppedQueryFields: options.nodeFields === true ? new Set() : NODE_FIELDS,
      // The supergraph composes from this: it must describe the adapted schema, set just below.
      serviceSdl: () => sdl,
    }),
  );
  sdl = printSortedSubgraphSchema(adapted);
  return adapted;
}

/**
 * The subgraph SDL with its federation directives, sorted like `lexicographicSortSchema`:
 * `printSubgraphSchema` prints from AST nodes, which keep the order types were defined in, and a
 * committed schema should only change where the schema does.
 */
export function printSortedSubgraphSchema(schema: GraphQLSchema): string {
  const sortedByName = <T extends { readonly name: { readonly value: string } }>(
    nodes: readonly T[] | undefined,
  ): T[] | undefined => nodes && [...nodes].sort((a, b) => compare(a.name.value, b.name.value));
  const document = visit(parse(printSubgraphSchema(schema)), {
    Document: {
      leave: (node) => ({
        ...node,
        // The schema extension (`@link`) first, then the types by name.
        definitions: [...node.definitions].sort((a, b) =>
          compare(definitionName(a), definitionName(b)),
        ),
      }),
    },
    ObjectTypeDefinition: {
      leave: (node) => ({
        ...node,
        interfaces: sortedByName(node.interfaces),
        fields: sortedByName(node.fields),
      }),
    },
    InterfaceTypeDefinition: {
      leave: (node) => ({
        ...node,
        interfaces: sortedByName(node.interfaces),
        fields: sortedByName(node.fields),
      }),
    },
    InputObjectTypeDefinition: {
      leave: (node) => ({ ...node, fields: sortedByName(node.fields) }),
    },
    FieldDefinition: { leave: (node) => ({ ...node, arguments: sortedByName(node.arguments) }) },
    UnionTypeDefinition: { leave: (node) => ({ ...node, types: sortedByName(node.types) }) },
    EnumTypeDefinition: { leave: (node) => ({ ...node, values: sortedByName(node.values) }) },
  });
  return `${print(document)}\n`;
}

function definitionName(node: DefinitionNode): string {
  return 'name' in node && node.name ? node.name.value : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Rebuild {
  readonly renames: ReadonlyMap<string, string>;
  readonly droppedQueryFields: ReadonlySet<string>;
  readonly serviceSdl: () => string;
}

/**
 * Rebuilds every composite output type with the new names (AST nodes included: the subgraph SDL
 * is printed from them), keeping resolvers, type resolvers and entity resolvers. Scalars, enums
 * and input types hold no reference to a renamed type and are kept as they are.
 */
function rebuild(schema: GraphQLSchema, plan: Rebuild): GraphQLSchema {
  const config = schema.toConfig();
  const queryName = config.query?.name;
  const rename = (name: string) => plan.renames.get(name) ?? name;
  const built = new Map<string, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType>();

  const named = (type: GraphQLNamedOutputType): GraphQLNamedOutputType =>
    built.get(type.name) ?? type;
  const output = (type: GraphQLOutputType): GraphQLOutputType => {
    if (isNonNullType(type)) {
      const inner = output(type.ofType);
      return isNonNullType(inner) ? inner : new GraphQLNonNull(inner);
    }
    if (isListType(type)) return new GraphQLList(output(type.ofType));
    return named(type);
  };
  const objectType = (type: GraphQLObjectType): GraphQLObjectType => {
    const rebuilt = built.get(type.name);
    if (!isObjectType(rebuilt)) throw new Error(`${type.name} was not rebuilt as an object type`);
    return rebuilt;
  };
  const interfaceType = (type: GraphQLInterfaceType): GraphQLInterfaceType => {
    const rebuilt = built.get(type.name);
    if (!isInterfaceType(rebuilt)) throw new Error(`${type.name} was not rebuilt as an interface`);
    return rebuilt;
  };
  const fields = <S, C>(
    typeName: string,
    map: GraphQLFieldConfigMap<S, C>,
  ): GraphQLFieldConfigMap<S, C> => {
    const kept: GraphQLFieldConfigMap<S, C> = {};
    for (const [name, field] of Object.entries(map)) {
      if (typeName === queryName && plan.droppedQueryFields.has(name)) continue;
      kept[name] = {
        ...field,
        type: output(field.type),
        astNode: field.astNode && renameInAst(field.astNode, plan.renames),
        ...(typeName === queryName && name === '_service'
          ? { resolve: () => ({ sdl: plan.serviceSdl() }) }
          : {}),
      };
    }
    return kept;
  };
  const astNode = <N extends ASTNode>(node: N | null | undefined, typeName: string) => {
    if (!node) return node;
    const renamed = renameInAst(node, plan.renames);
    return typeName === queryName ? dropFieldsInAst(renamed, plan.droppedQueryFields) : renamed;
  };

  for (const type of config.types) {
    // graphql-js adds its own introspection types to every schema; they must stay the same objects.
    if (isIntrospectionType(type)) continue;
    if (isObjectType(type)) {
      const c = type.toConfig();
      built.set(
        type.name,
        new GraphQLObjectType({
          ...c,
          name: rename(c.name),
          interfaces: () => c.interfaces.map(interfaceType),
          fields: () => fields(type.name, c.fields),
          astNode: astNode(c.astNode, type.name),
        }),
      );
    } else if (isInterfaceType(type)) {
      const c = type.toConfig();
      built.set(
        type.name,
        new GraphQLInterfaceType({
          ...c,
          name: rename(c.name),
          interfaces: () => c.interfaces.map(interfaceType),
          fields: () => fields(type.name, c.fields),
          resolveType: renamedTypeResolver(c.resolveType, rename),
          astNode: astNode(c.astNode, type.name),
        }),
      );
    } else if (isUnionType(type)) {
      const c = type.toConfig();
      built.set(
        type.name,
        new GraphQLUnionType({
          ...c,
          name: rename(c.name),
          types: () => c.types.map(objectType),
          resolveType: renamedTypeResolver(c.resolveType, rename),
          astNode: astNode(c.astNode, type.name),
        }),
      );
    }
  }

  return new GraphQLSchema({
    ...config,
    query: config.query && objectType(config.query),
    mutation: config.mutation && objectType(config.mutation),
    subscription: config.subscription && objectType(config.subscription),
    types: config.types.map((type) => built.get(type.name) ?? type),
  });
}

/** Type resolvers answer with type names: map the old names they know to the new ones. */
function renamedTypeResolver<S, C>(
  resolveType: GraphQLTypeResolver<S, C> | null | undefined,
  rename: (name: string) => string,
): GraphQLTypeResolver<S, C> | undefined {
  if (!resolveType) return undefined;
  const map = (name: string | undefined) => (name === undefined ? name : rename(name));
  return (value, context, info, abstractType) => {
    const resolved = resolveType(value, context, info, abstractType);
    return resolved instanceof Promise ? resolved.then(map) : map(resolved);
  };
}

function renameInAst<N extends ASTNode>(node: N, renames: ReadonlyMap<string, string>): N {
  const renamed = <D extends { readonly name: { readonly value: string } }>(definition: D): D => {
    const to = renames.get(definition.name.value);
    return to ? { ...definition, name: { ...definition.name, value: to } } : definition;
  };
  return visit(node, {
    NamedType: { leave: renamed },
    ObjectTypeDefinition: { leave: renamed },
    InterfaceTypeDefinition: { leave: renamed },
    UnionTypeDefinition: { leave: renamed },
  });
}

function dropFieldsInAst<N extends ASTNode>(node: N, dropped: ReadonlySet<string>): N {
  return visit(node, {
    [Kind.OBJECT_TYPE_DEFINITION]: {
      leave: (definition: ObjectTypeDefinitionNode) => ({
        ...definition,
        fields: definition.fields?.filter((field) => !dropped.has(field.name.value)),
      }),
    },
  });
}
