/** The conformance suite (test-support/conformance-suite.ts) for the cart generator. */
import { conformanceSuite } from './test-support/conformance-suite.js';

conformanceSuite('cart');
