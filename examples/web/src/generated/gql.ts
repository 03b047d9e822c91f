/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ExecutionDetail($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        ...ExecutionSummary\n        startedAt\n        errors {\n          error\n          nodeName\n          message\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": typeof types.ExecutionDetailDocument,
    "\n  fragment ExecutionSummary on FlowExecution {\n    id\n    executionArn\n    executionId\n    flowId\n    flowAliasId\n    flowVersion\n    status\n    createdAt\n    endedAt\n  }\n": typeof types.ExecutionSummaryFragmentDoc,
    "\n  fragment TimelineEvent on FlowExecutionEvent {\n    ... on FlowInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowFailureEvent {\n      timestamp\n      errorCode\n      errorMessage\n    }\n    ... on NodeInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on NodeOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n        next {\n          nodeName\n        }\n      }\n    }\n    ... on NodeActionEvent {\n      timestamp\n      nodeName\n      serviceName\n      operationName\n      requestId\n    }\n    ... on NodeDependencyEvent {\n      timestamp\n      nodeName\n    }\n    ... on NodeFailureEvent {\n      timestamp\n      nodeName\n      errorCode\n      errorMessage\n    }\n    ... on ConditionResultEvent {\n      timestamp\n      nodeName\n      satisfiedConditions\n    }\n  }\n": typeof types.TimelineEventFragmentDoc,
    "\n  query ExecutionEvents($executionArn: String!, $first: Int!, $after: String) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        events(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...TimelineEvent\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": typeof types.ExecutionEventsDocument,
    "\n  subscription LiveEvents($executionArn: String!) {\n    flowExecutionEvents(executionArn: $executionArn) {\n      ...TimelineEvent\n    }\n  }\n": typeof types.LiveEventsDocument,
    "\n  query FlowExecutions($flowId: ID!, $first: Int!, $after: String) {\n    flow(id: $flowId) {\n      ... on Flow {\n        id\n        flowId\n        executions(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...ExecutionSummary\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": typeof types.FlowExecutionsDocument,
    "\n  query ExecutionSnapshot($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        flowSnapshot {\n          flowVersion\n          executionRoleArn\n          customerEncryptionKeyArn\n          definition\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": typeof types.ExecutionSnapshotDocument,
    "\n  fragment ProblemFields on Error {\n    message\n    ... on ValidationError {\n      field\n    }\n    ... on NotFoundError {\n      resourceId\n    }\n    ... on ThrottledError {\n      retryAfterSeconds\n    }\n    ... on UpstreamError {\n      retryable\n      requestId\n    }\n    ... on LimitExceededError {\n      limit\n      maximum\n    }\n    ... on DependencyFailedError {\n      resourceName\n    }\n  }\n": typeof types.ProblemFieldsFragmentDoc,
    "\n  subscription FollowExecution($executionArn: String!) {\n    flowExecutionUpdated(executionArn: $executionArn) {\n      ...ExecutionSummary\n      startedAt\n      errors {\n        error\n        nodeName\n        message\n      }\n    }\n  }\n": typeof types.FollowExecutionDocument,
};
const documents: Documents = {
    "\n  query ExecutionDetail($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        ...ExecutionSummary\n        startedAt\n        errors {\n          error\n          nodeName\n          message\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": types.ExecutionDetailDocument,
    "\n  fragment ExecutionSummary on FlowExecution {\n    id\n    executionArn\n    executionId\n    flowId\n    flowAliasId\n    flowVersion\n    status\n    createdAt\n    endedAt\n  }\n": types.ExecutionSummaryFragmentDoc,
    "\n  fragment TimelineEvent on FlowExecutionEvent {\n    ... on FlowInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowFailureEvent {\n      timestamp\n      errorCode\n      errorMessage\n    }\n    ... on NodeInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on NodeOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n        next {\n          nodeName\n        }\n      }\n    }\n    ... on NodeActionEvent {\n      timestamp\n      nodeName\n      serviceName\n      operationName\n      requestId\n    }\n    ... on NodeDependencyEvent {\n      timestamp\n      nodeName\n    }\n    ... on NodeFailureEvent {\n      timestamp\n      nodeName\n      errorCode\n      errorMessage\n    }\n    ... on ConditionResultEvent {\n      timestamp\n      nodeName\n      satisfiedConditions\n    }\n  }\n": types.TimelineEventFragmentDoc,
    "\n  query ExecutionEvents($executionArn: String!, $first: Int!, $after: String) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        events(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...TimelineEvent\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": types.ExecutionEventsDocument,
    "\n  subscription LiveEvents($executionArn: String!) {\n    flowExecutionEvents(executionArn: $executionArn) {\n      ...TimelineEvent\n    }\n  }\n": types.LiveEventsDocument,
    "\n  query FlowExecutions($flowId: ID!, $first: Int!, $after: String) {\n    flow(id: $flowId) {\n      ... on Flow {\n        id\n        flowId\n        executions(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...ExecutionSummary\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": types.FlowExecutionsDocument,
    "\n  query ExecutionSnapshot($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        flowSnapshot {\n          flowVersion\n          executionRoleArn\n          customerEncryptionKeyArn\n          definition\n        }\n      }\n      ...ProblemFields\n    }\n  }\n": types.ExecutionSnapshotDocument,
    "\n  fragment ProblemFields on Error {\n    message\n    ... on ValidationError {\n      field\n    }\n    ... on NotFoundError {\n      resourceId\n    }\n    ... on ThrottledError {\n      retryAfterSeconds\n    }\n    ... on UpstreamError {\n      retryable\n      requestId\n    }\n    ... on LimitExceededError {\n      limit\n      maximum\n    }\n    ... on DependencyFailedError {\n      resourceName\n    }\n  }\n": types.ProblemFieldsFragmentDoc,
    "\n  subscription FollowExecution($executionArn: String!) {\n    flowExecutionUpdated(executionArn: $executionArn) {\n      ...ExecutionSummary\n      startedAt\n      errors {\n        error\n        nodeName\n        message\n      }\n    }\n  }\n": types.FollowExecutionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExecutionDetail($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        ...ExecutionSummary\n        startedAt\n        errors {\n          error\n          nodeName\n          message\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"): (typeof documents)["\n  query ExecutionDetail($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        ...ExecutionSummary\n        startedAt\n        errors {\n          error\n          nodeName\n          message\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExecutionSummary on FlowExecution {\n    id\n    executionArn\n    executionId\n    flowId\n    flowAliasId\n    flowVersion\n    status\n    createdAt\n    endedAt\n  }\n"): (typeof documents)["\n  fragment ExecutionSummary on FlowExecution {\n    id\n    executionArn\n    executionId\n    flowId\n    flowAliasId\n    flowVersion\n    status\n    createdAt\n    endedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TimelineEvent on FlowExecutionEvent {\n    ... on FlowInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowFailureEvent {\n      timestamp\n      errorCode\n      errorMessage\n    }\n    ... on NodeInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on NodeOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n        next {\n          nodeName\n        }\n      }\n    }\n    ... on NodeActionEvent {\n      timestamp\n      nodeName\n      serviceName\n      operationName\n      requestId\n    }\n    ... on NodeDependencyEvent {\n      timestamp\n      nodeName\n    }\n    ... on NodeFailureEvent {\n      timestamp\n      nodeName\n      errorCode\n      errorMessage\n    }\n    ... on ConditionResultEvent {\n      timestamp\n      nodeName\n      satisfiedConditions\n    }\n  }\n"): (typeof documents)["\n  fragment TimelineEvent on FlowExecutionEvent {\n    ... on FlowInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on FlowFailureEvent {\n      timestamp\n      errorCode\n      errorMessage\n    }\n    ... on NodeInputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n      }\n    }\n    ... on NodeOutputEvent {\n      timestamp\n      nodeName\n      fields {\n        name\n        content\n        next {\n          nodeName\n        }\n      }\n    }\n    ... on NodeActionEvent {\n      timestamp\n      nodeName\n      serviceName\n      operationName\n      requestId\n    }\n    ... on NodeDependencyEvent {\n      timestamp\n      nodeName\n    }\n    ... on NodeFailureEvent {\n      timestamp\n      nodeName\n      errorCode\n      errorMessage\n    }\n    ... on ConditionResultEvent {\n      timestamp\n      nodeName\n      satisfiedConditions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExecutionEvents($executionArn: String!, $first: Int!, $after: String) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        events(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...TimelineEvent\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"): (typeof documents)["\n  query ExecutionEvents($executionArn: String!, $first: Int!, $after: String) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        events(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...TimelineEvent\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveEvents($executionArn: String!) {\n    flowExecutionEvents(executionArn: $executionArn) {\n      ...TimelineEvent\n    }\n  }\n"): (typeof documents)["\n  subscription LiveEvents($executionArn: String!) {\n    flowExecutionEvents(executionArn: $executionArn) {\n      ...TimelineEvent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlowExecutions($flowId: ID!, $first: Int!, $after: String) {\n    flow(id: $flowId) {\n      ... on Flow {\n        id\n        flowId\n        executions(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...ExecutionSummary\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"): (typeof documents)["\n  query FlowExecutions($flowId: ID!, $first: Int!, $after: String) {\n    flow(id: $flowId) {\n      ... on Flow {\n        id\n        flowId\n        executions(first: $first, after: $after) {\n          edges {\n            cursor\n            node {\n              ...ExecutionSummary\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExecutionSnapshot($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        flowSnapshot {\n          flowVersion\n          executionRoleArn\n          customerEncryptionKeyArn\n          definition\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"): (typeof documents)["\n  query ExecutionSnapshot($executionArn: String!) {\n    flowExecution(executionArn: $executionArn) {\n      ... on FlowExecution {\n        id\n        flowSnapshot {\n          flowVersion\n          executionRoleArn\n          customerEncryptionKeyArn\n          definition\n        }\n      }\n      ...ProblemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProblemFields on Error {\n    message\n    ... on ValidationError {\n      field\n    }\n    ... on NotFoundError {\n      resourceId\n    }\n    ... on ThrottledError {\n      retryAfterSeconds\n    }\n    ... on UpstreamError {\n      retryable\n      requestId\n    }\n    ... on LimitExceededError {\n      limit\n      maximum\n    }\n    ... on DependencyFailedError {\n      resourceName\n    }\n  }\n"): (typeof documents)["\n  fragment ProblemFields on Error {\n    message\n    ... on ValidationError {\n      field\n    }\n    ... on NotFoundError {\n      resourceId\n    }\n    ... on ThrottledError {\n      retryAfterSeconds\n    }\n    ... on UpstreamError {\n      retryable\n      requestId\n    }\n    ... on LimitExceededError {\n      limit\n      maximum\n    }\n    ... on DependencyFailedError {\n      resourceName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowExecution($executionArn: String!) {\n    flowExecutionUpdated(executionArn: $executionArn) {\n      ...ExecutionSummary\n      startedAt\n      errors {\n        error\n        nodeName\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription FollowExecution($executionArn: String!) {\n    flowExecutionUpdated(executionArn: $executionArn) {\n      ...ExecutionSummary\n      startedAt\n      errors {\n        error\n        nodeName\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;