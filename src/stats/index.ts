/** Distribution functions and tests shared across synthcohort's statistics. */
export {
  chiSquareCdf,
  chiSquareLogSf,
  chiSquareSf,
  logGamma,
  logRegularizedGammaQ,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  normalTwoSidedP,
  regularizedGammaP,
  regularizedGammaQ,
} from './distributions.js';
