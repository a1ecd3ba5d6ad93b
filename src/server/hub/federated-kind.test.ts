/** The `federated` job kind end to end on the hub's embedded database (PGlite): see federated-suite.ts. */
import { federatedHubSuite } from './federated-suite.js';

federatedHubSuite('embedded PGlite');
