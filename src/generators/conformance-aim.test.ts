/** The conformance suite (test-support/conformance-suite.ts) for the aim generator. */
import { conformanceSuite } from './test-support/conformance-suite.js';

conformanceSuite('aim');
