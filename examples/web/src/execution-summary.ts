import { graphql } from './generated/gql';

/**
 * What the list and the detail view show of an execution. Both select `id`, so the normalized
 * cache holds one record per execution: a status the detail view reads updates the list too.
 */
export const ExecutionSummary = graphql(`
  fragment ExecutionSummary on FlowExecution {
    id
    executionArn
    executionId
    flowId
    flowAliasId
    flowVersion
    status
    createdAt
    endedAt
  }
`);
