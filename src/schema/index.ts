import { builder } from './builder.js';
import './errors.js';
import './flow-execution.js';
import './flow-execution-event.js';
import './flow-execution-lifecycle.js';
import './flow-execution-subscriptions.js';
import './flow-snapshot.js';
import './flow.js';

/** The gateway's schema, assembled once from the domain modules. */
export const schema = builder.toSchema();
