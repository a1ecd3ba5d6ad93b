import type { Generator } from '../../generators/generator.js';
import { GENERATORS } from '../../generators/registry.js';
import type { CommandContext } from '../io.js';

export async function run(_args: string[], _options: Record<string, unknown>, context: CommandContext) {
  const width = Math.max(...GENERATORS.map((g) => g.name.length));
  for (const g of GENERATORS) {
    const traits = [g.capabilities.federable ? 'federable' : '', guarantee(g)].filter(Boolean).join('; ');
    context.io.stdout(`${g.name.padEnd(width)}  ${g.summary}${traits ? ` [${traits}]` : ''}\n`);
  }
}

/** The guarantee a user relies on, in the words the flags use. */
function guarantee(g: Generator): string {
  if (!g.capabilities.differentialPrivacy) return '';
  const rounds = g.capabilities.rounds ? `, ${g.capabilities.rounds} rounds of data access` : '';
  return `(ε, δ)-differential privacy via zCDP: needs --epsilon (δ default 1e-6) and --schema${rounds}`;
}
