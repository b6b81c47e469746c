import { describe, expect, it } from 'vitest';
import { createTestEnv } from '../testing/harness.ts';
import { escapeLike, likeContains } from './like.ts';
import { sql } from 'kysely';

describe('LIKE patterns take the user’s text literally', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(likeContains('宅基地')).toBe('%宅基地%');
  });

  it('on the real engine: "50%" matches only a literal 50%, "_" only an underscore', async () => {
    const env = await createTestEnv();
    try {
      const db = env.deps.database.db;
      const match = async (text: string, term: string) =>
        Number((await sql<{ n: number }>`select case when ${text} like ${likeContains(term)} escape '\\' then 1 else 0 end as n`.execute(db)).rows[0].n);
      expect(await match('赔偿50%', '50%')).toBe(1);
      expect(await match('赔偿500元', '50%')).toBe(0);
      expect(await match('a_b', '_')).toBe(1);
      expect(await match('ab', '_')).toBe(0);
      expect(await match('路径\\甲', '\\')).toBe(1);
    } finally {
      await env.close();
    }
  });
});
