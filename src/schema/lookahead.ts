import {
  type FieldNode,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  isAbstractType,
  Kind,
  type SelectionSetNode,
  typeFromAST,
} from 'graphql';

/**
 * The coerced arguments of every selection of `fieldName` that the current field's result would
 * execute if it resolved to `objectType`: through aliases, inline fragments and named fragments,
 * honouring `@skip`/`@include` and type conditions, as graphql-js's own field collection does.
 */
export function selectedFieldArguments(
  info: GraphQLResolveInfo,
  objectType: GraphQLObjectType,
  fieldName: string,
): Record<string, unknown>[] {
  return selectedFields(info, objectType, fieldName).map((selected) => selected.args);
}

/** A selection of a field: its coerced arguments and its node (to look further down). */
export interface SelectedField {
  readonly args: Record<string, unknown>;
  readonly node: FieldNode;
}

/** Like `selectedFieldArguments`, with each selection's node. */
export function selectedFields(
  info: GraphQLResolveInfo,
  objectType: GraphQLObjectType,
  fieldName: string,
): SelectedField[] {
  const fieldDef = objectType.getFields()[fieldName];
  if (!fieldDef) return [];
  const found: SelectedField[] = [];
  const visitedFragments = new Set<string>();

  const included = (node: FieldNode | SelectionSetNode['selections'][number]): boolean => {
    const skip = getDirectiveValues(GraphQLSkipDirective, node, info.variableValues);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues);
    return include?.if !== false;
  };

  const appliesTo = (typeName: string | undefined): boolean => {
    if (typeName === undefined || typeName === objectType.name) return true;
    const condition = typeFromAST(info.schema, {
      kind: Kind.NAMED_TYPE,
      name: { kind: Kind.NAME, value: typeName },
    });
    return (
      condition !== undefined &&
      isAbstractType(condition) &&
      info.schema.isSubType(condition, objectType)
    );
  };

  const visit = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      switch (selection.kind) {
        case Kind.FIELD:
          if (selection.name.value === fieldName) {
            found.push({
              args: getArgumentValues(fieldDef, selection, info.variableValues),
              node: selection,
            });
          }
          break;
        case Kind.INLINE_FRAGMENT:
          if (appliesTo(selection.typeCondition?.name.value)) visit(selection.selectionSet);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = info.fragments[name];
          if (visitedFragments.has(name) || !fragment) continue;
          visitedFragments.add(name);
          if (appliesTo(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
          break;
        }
      }
    }
  };

  for (const node of info.fieldNodes) {
    if (node.selectionSet) visit(node.selectionSet);
  }
  return found;
}

/**
 * Whether a connection field's `edges` are asked for with `@stream` (and its `if` is not false):
 * then the connection hands its edges out page by page as the upstream answers.
 */
export function streamsEdges(
  connection: FieldNode,
  variables: GraphQLResolveInfo['variableValues'],
): boolean {
  return (connection.selectionSet?.selections ?? []).some((selection) => {
    if (selection.kind !== Kind.FIELD || selection.name.value !== 'edges') return false;
    const stream = selection.directives?.find((d) => d.name.value === 'stream');
    if (!stream) return false;
    const condition = stream.arguments?.find((a) => a.name.value === 'if');
    if (!condition) return true;
    if (condition.value.kind === Kind.BOOLEAN) return condition.value.value;
    if (condition.value.kind === Kind.VARIABLE)
      return variables[condition.value.name.value] !== false;
    return true;
  });
}
