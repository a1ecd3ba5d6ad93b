/** The conformance suite (test-support/conformance-suite.ts) for the copula generator. */
import { conformanceSuite } from './test-support/conformance-suite.js';

conformanceSuite('copula');
