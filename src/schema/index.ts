import { builder } from './builder.js';
import './errors.js';
import './flow-execution.js';
import './flow.js';

/** The gateway's schema, assembled once from the domain modules. */
export const schema = builder.toSchema();
