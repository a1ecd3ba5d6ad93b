/**
 * The thresholds of a variable selection, in one validated control object: the defaults are what a
 * consortium reviewing a wide clinical extract would start from, every one stated in the report so
 * that a reader knows what "near-constant" or "redundant" meant for this selection.
 */
import * as z from 'zod';

const Share = z.number().min(0).max(1);

export const SelectOptions = z
  .object({
    /** A column missing in more than this share of rows is suggested for dropping. */
    maxMissing: Share.default(0.5),
    /**
     * The least share of present values that must differ from the most frequent one: below it a
     * column is near-constant (0.02: the top value covers ≥ 98% of the rows).
     */
    minVariation: Share.default(0.02),
    /**
     * caret's `nearZeroVar` rule for numbers (Kuhn 2008): near-constant when the most frequent value
     * is more than `freqRatio` times as common as the second AND distinct values are fewer than
     * `uniqueShare` of the present ones (defaults 95/5 and 10%, as caret's).
     */
    freqRatio: z
      .number()
      .positive()
      .default(95 / 5),
    uniqueShare: Share.default(0.1),
    /** Two columns whose association reaches this are redundant: |Spearman|, Cramér's V or η. */
    redundancy: Share.default(0.9),
    /** A mutation carried by fewer than this share of the typed patients is flagged as rare. */
    rareMutation: Share.default(0.02),
    /** Rare mutations are kept unless this is set (a rare driver may be the point of the study). */
    dropRare: z.boolean().default(false),
    /** Pairs with fewer complete rows than this are not compared: an association on 5 rows means nothing. */
    minPairs: z.number().int().min(3).default(20),
    /** Categories with more levels than this are not compared: Cramér's V grows with the levels alone. */
    maxLevels: z.number().int().min(2).default(50),
  })
  .strict();

export type SelectOptions = z.infer<typeof SelectOptions>;
export type SelectOptionsInput = z.input<typeof SelectOptions>;
