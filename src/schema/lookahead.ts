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
  const fieldDef = objectType.getFields()[fieldName];
  if (!fieldDef) return [];
  const found: Record<string, unknown>[] = [];
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
            found.push(getArgumentValues(fieldDef, selection, info.variableValues));
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
