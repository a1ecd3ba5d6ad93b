/** The conformance suite (test-support/conformance-suite.ts) for the mst generator. */
import { conformanceSuite } from './test-support/conformance-suite.js';

conformanceSuite('mst');
