import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { chiSquareSf } from '../../stats/distributions.js';
import { graphicalModel } from './model.js';
import { modelFromParams, paramsOf } from './params.js';
import { sampleCodes } from './sample.js';
import { bruteJoint, randomPotentials } from './test-support/brute-force.js';

const sizes = [2, 3, 2, 3];
const cliques = [
  [0, 1],
  [1, 2],
  [2, 3],
  [0, 3],
];
const domain = { attributes: sizes.map((size, i) => ({ name: `x${i}`, size })), hash: 'test' };
const potentials = randomPotentials(sizes, cliques, 17, 1);
const model = graphicalModel(domain, cliques, potentials, 1);

describe('sampleCodes', () => {
  it('draws rows with the frequencies of the model joint (chi-square, 36 cells)', () => {
    const rows = 60000;
    const codes = sampleCodes(model, rows, Rng.from(5));
    const observed = new Float64Array(36);
    for (let r = 0; r < rows; r++) {
      let cell = 0;
      for (let a = 0; a < 4; a++) cell = cell * sizes[a] + codes[a][r];
      observed[cell]++;
    }
    const joint = bruteJoint(sizes, cliques, potentials, rows);
    let statistic = 0;
    for (let x = 0; x < 36; x++) statistic += (observed[x] - joint[x]) ** 2 / joint[x];
    expect(chiSquareSf(statistic, 35)).toBeGreaterThan(0.001);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = sampleCodes(model, 200, Rng.from(3));
    expect(sampleCodes(model, 200, Rng.from(3))).toEqual(a);
    expect(sampleCodes(model, 200, Rng.from(4))).not.toEqual(a);
  });
});

describe('model params', () => {
  it('survive a JSON round trip with the same beliefs', () => {
    const back = modelFromParams(JSON.parse(JSON.stringify(paramsOf(model))));
    back.beliefs.forEach((b, i) => {
      for (let j = 0; j < b.length; j++) expect(b[j]).toBeCloseTo(model.beliefs[i][j], 14);
    });
  });

  it('are refused when a potential has the wrong number of cells', () => {
    const params = paramsOf(model);
    params.potentials[1].pop();
    expect(() => modelFromParams(params)).toThrow(/potential of x1, x2 has 5 cells, its clique 6/);
  });
});

describe('model params order', () => {
  it('are refused when a clique is not in domain order (its potential would be read transposed)', () => {
    const params = paramsOf(model);
    params.cliques[0] = ['x1', 'x0'];
    expect(() => modelFromParams(params)).toThrow(/x1, x0 is not in domain order/);
  });
});
