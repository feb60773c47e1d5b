/**
 * The `leaderboard:` section of competition.yml: how `holdout leaderboard` ranks the ledger
 * (src/leaderboard/rank.ts) and what its page shows. Every key is optional:
 *
 *   leaderboard:
 *     rule: selected        # best (default) | last | selected
 *     selected_max: 2
 *     baselines: [organizer-bot]
 *     timeline: { start: 2026-12-01T00:00:00Z, end: 2027-02-28T23:59:59Z, reveal: 2027-03-01T12:00:00Z }
 */
import { z } from 'zod';

export const LEADERBOARD_RULES = ['best', 'last', 'selected'] as const;
export type LeaderboardRule = (typeof LEADERBOARD_RULES)[number];

/** A date-time with an offset (2026-12-01T00:00:00Z), or a date (2026-12-01, midnight UTC). */
const when = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('An ISO 8601 date-time with its offset (2026-12-01T00:00:00Z), or a date (2026-12-01, midnight UTC).');

const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, 'must be a GitHub login');

export const leaderboardSection = z
  .object({
    title: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Heading of LEADERBOARD.md and of the leaderboard page; defaults to the competition name.'),
    rule: z
      .enum(LEADERBOARD_RULES)
      .default('best')
      .describe(
        'Which submission of each participant is ranked: best (their best public score), last (their latest successful submission), or selected (up to selected_max submissions they list in their selection file; the best of those counts, on each split; with none listed, their selected_max best public submissions, as Kaggle auto-selects). On the private split, best and last rank the private score of that same submission.',
      ),
    selected_max: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(2)
      .describe('rule selected: the most submissions a participant may select; later lines of the file are ignored.'),
    selection_file: z
      .string()
      .regex(/^[^/\\]+$/, 'must be a file name, without folders')
      .default('selected.txt')
      .describe(
        "rule selected: the file in a participant's own folder (submissions/<login>/<file>, on the default branch) listing the head commit SHAs they select, one a line (7 to 40 hex digits; # starts a comment).",
      ),
    baselines: z
      .array(login)
      .default([])
      .describe(
        "Logins of the organizer's baseline entries: shown on the leaderboard and marked, but given no rank and not counted in anyone's place (records of kind baseline are baselines too).",
      ),
    timeline: z
      .object({
        start: when.optional().describe('When submissions open.'),
        end: when.optional().describe('When submissions close.'),
        reveal: when.optional().describe('When the private leaderboard is to be revealed.'),
      })
      .strict()
      .prefault({})
      .describe('Dates shown on the leaderboard page as the competition timeline; each is optional.'),
  })
  .strict();

export type LeaderboardSection = z.output<typeof leaderboardSection>;
