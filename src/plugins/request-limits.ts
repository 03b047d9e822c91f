import {
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  GraphQLInt,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValidationContext,
  valueFromAST,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestLimits } from '../config.js';

/**
 * Every limit a request meets before a resolver runs: body size, tokens, depth, aliases,
 * directives, and a cost in which `first` multiplies its subtree. (The per-operation budget of
 * upstream calls is enforced while resolving, by the loaders.)
 */
export function useRequestLimits(
  limits: RequestLimits,
  options: { readonly introspection: boolean; readonly defaultFirst: number },
): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      // Without a declared length the body would have to be read to be measured: refuse instead,
      // as every GraphQL client sends one.
      const declared = request.headers.get('content-length');
      const length = declared === null ? Number.NaN : Number(declared);
      if (!Number.isFinite(length)) {
        endResponse(limitResponse(fetchAPI, 411, 'A request body needs a Content-Length.'));
      } else if (length > limits.maxBodyBytes) {
        endResponse(
          limitResponse(fetchAPI, 413, `The request body exceeds ${limits.maxBodyBytes} bytes.`),
        );
      }
    },
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) =>
        parse(source, { ...parseOptions, maxTokens: limits.maxTokens }),
      );
    },
    onValidate({ addValidationRule }) {
      addValidationRule(depthRule(limits.maxDepth));
      addValidationRule(
        countRule(
          'aliases',
          limits.maxAliases,
          Kind.FIELD,
          (node) => 'alias' in node && !!node.alias,
        ),
      );
      addValidationRule(countRule('directives', limits.maxDirectives, Kind.DIRECTIVE, () => true));
      if (!options.introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const document: DocumentNode = args.document;
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode =>
          d.kind === Kind.OPERATION_DEFINITION &&
          (args.operationName == null || d.name?.value === args.operationName),
      );
      if (!operation) return;
      const fragments = new Map(
        document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      const root = args.schema.getRootType(operation.operation);
      if (!root) return;
      const cost = selectionCost(operation.selectionSet, root, {
        schema: args.schema,
        fragments,
        variables: args.variableValues ?? {},
        defaultFirst: options.defaultFirst,
        visiting: new Set(),
      });
      if (cost > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            limitError(
              'cost',
              limits.maxCost,
              `The operation costs ${cost}, above the limit of ${limits.maxCost}.`,
            ),
          ],
        });
      }
    },
  };
}

function limitError(limit: string, maximum: number, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'LIMIT_EXCEEDED', limit, maximum, http: { status: 400 } },
  });
}

function limitResponse(fetchAPI: { Response: typeof Response }, status: number, message: string) {
  return new fetchAPI.Response(
    JSON.stringify({
      errors: [{ message, extensions: { code: 'LIMIT_EXCEEDED', limit: 'body' } }],
    }),
    { status, headers: { 'content-type': 'application/json' } },
  );
}

/** Rejects documents whose operations nest fields deeper than `max` (introspection not counted). */
function depthRule(max: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const depth = selectionDepth(operation.selectionSet, context, new Set());
      if (depth > max) {
        context.reportError(
          limitError(
            'depth',
            max,
            `The operation nests ${depth} levels deep, above the limit of ${max}.`,
          ),
        );
      }
    },
  });
}

function selectionDepth(
  set: SelectionSetNode,
  context: ValidationContext,
  visiting: Set<string>,
): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const below = selection.selectionSet
        ? selectionDepth(selection.selectionSet, context, visiting)
        : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, context, visiting));
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // Fragment cycles are another rule's error; here they simply stop the descent.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      deepest = Math.max(deepest, selectionDepth(fragment.selectionSet, context, visiting));
      visiting.delete(name);
    }
  }
  return deepest;
}

/** Rejects documents with more than `max` nodes of `kind` that pass `counts`. */
function countRule(
  limit: string,
  max: number,
  kind: typeof Kind.FIELD | typeof Kind.DIRECTIVE,
  counts: (node: object) => boolean,
) {
  return (context: ValidationContext): ASTVisitor => {
    let seen = 0;
    return {
      [kind](node: object) {
        if (counts(node)) seen += 1;
      },
      Document: {
        leave() {
          if (seen > max) {
            context.reportError(
              limitError(
                limit,
                max,
                `The document has ${seen} ${limit}, above the limit of ${max}.`,
              ),
            );
          }
        },
      },
    };
  };
}

interface CostContext {
  readonly schema: GraphQLSchema;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly defaultFirst: number;
  readonly visiting: Set<string>;
}

/**
 * Each field costs 1 plus its subtree; a field with a `first` argument multiplies its subtree by
 * `first` (the page size it asks for, or the default), so a page of 100 executions costs 100 of
 * them. On a union or interface only one concrete type is ever resolved per item, so fragments on
 * concrete types count as the most expensive of them, not their sum.
 */
function selectionCost(
  set: SelectionSetNode,
  parent: GraphQLNamedType,
  context: CostContext,
): number {
  let shared = 0;
  const perType = new Map<string, number>();
  const add = (typeName: string | undefined, cost: number) => {
    const type = typeName === undefined ? undefined : context.schema.getType(typeName);
    // Fragments on the parent itself or on an abstract type apply to every item: shared.
    if (!type || type === parent || !isObjectType(type) || isObjectType(parent)) shared += cost;
    else perType.set(type.name, (perType.get(type.name) ?? 0) + cost);
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      shared += fieldCost(selection, parent, context);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const name = selection.typeCondition?.name.value;
      const type = name ? context.schema.getType(name) : parent;
      if (type) add(name, selectionCost(selection.selectionSet, type, context));
    } else {
      const name = selection.name.value;
      const fragment = context.fragments.get(name);
      if (!fragment || context.visiting.has(name)) continue;
      const typeName = fragment.typeCondition.name.value;
      const type = context.schema.getType(typeName);
      if (!type) continue;
      context.visiting.add(name);
      add(typeName, selectionCost(fragment.selectionSet, type, context));
      context.visiting.delete(name);
    }
  }
  return shared + Math.max(0, ...perType.values());
}

function fieldCost(selection: FieldNode, parent: GraphQLNamedType, context: CostContext): number {
  if (selection.name.value.startsWith('__')) return 0;
  const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
  const field = fields[selection.name.value];
  if (!field) return 0;
  const child = getNamedType(field.type);
  let multiplier = 1;
  if (field.args.some((arg) => arg.name === 'first')) {
    const argument = selection.arguments?.find((a) => a.name.value === 'first');
    const value = argument
      ? valueFromAST(argument.value, GraphQLInt, context.variables)
      : undefined;
    multiplier = typeof value === 'number' && value > 0 ? value : context.defaultFirst;
  }
  const below =
    selection.selectionSet && isCompositeType(child)
      ? selectionCost(selection.selectionSet, child, context)
      : 0;
  return 1 + multiplier * below;
}
