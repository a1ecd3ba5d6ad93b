import { GENERATORS } from '../../generators/registry.js';
import type { CommandContext } from '../io.js';

export async function run(_args: string[], _options: Record<string, unknown>, context: CommandContext) {
  const width = Math.max(...GENERATORS.map((g) => g.name.length));
  for (const g of GENERATORS) {
    const traits = [
      g.capabilities.federable ? 'federable' : '',
      g.capabilities.differentialPrivacy ? 'differential privacy' : '',
    ]
      .filter(Boolean)
      .join(', ');
    context.io.stdout(`${g.name.padEnd(width)}  ${g.summary}${traits ? ` [${traits}]` : ''}\n`);
  }
}
