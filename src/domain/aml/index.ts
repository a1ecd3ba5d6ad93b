export {
  deriveEln2022,
  ELN2022_ADVERSE_CYTOGENETICS,
  ELN2022_DERIVATION,
  ELN2022_INPUTS,
  ELN2022_LEVELS,
  ELN2022_MR_GENES,
  type Eln2022Input,
  type Eln2022Risk,
  eln2022Column,
  elnRisk2022,
} from './eln2022.js';
