import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { addDays, WorkCalendar } from './calendar.ts';

const cal = new WorkCalendar();

describe('working-day calendar (pure)', () => {
  it('knows National Day 2024 and its make-up Saturday 10-12 and Sunday 9-29', () => {
    expect(cal.isWorkday('2024-10-01')).toBe(false);
    expect(cal.isWorkday('2024-10-07')).toBe(false);
    expect(cal.isWorkday('2024-09-29')).toBe(true); // Sunday, 调休上班
    expect(cal.isWorkday('2024-10-12')).toBe(true); // Saturday, 调休上班
    expect(cal.isWorkday('2024-10-13')).toBe(false);
  });

  it('counts working days from the day after the start, across National Day (行政处罚法 art. 85)', () => {
    // 9-30 (1), [10-1..10-7 holiday], 10-8 (2), 10-9 (3), 10-10 (4), 10-11 (5)
    expect(cal.addWorkdays('2024-09-29', 5)).toBe('2024-10-11');
    // 7 working days from 9-27 (Fri): 9-29 Sun 调休 (1), 9-30 (2), 10-8 (3) … 10-12 Sat 调休 (7)
    expect(cal.addWorkdays('2024-09-27', 7)).toBe('2024-10-12');
  });

  it('counts working days across Spring Festival 2024 with its make-up Sunday 2-4 and Sunday 2-18', () => {
    // 2024 春节: 2-10..2-17 off; 2-4 (Sun) and 2-18 (Sun) are working days.
    expect(cal.isWorkday('2024-02-04')).toBe(true);
    expect(cal.isWorkday('2024-02-12')).toBe(false);
    expect(cal.isWorkday('2024-02-18')).toBe(true);
    // 除夕 2-9 (Fri) was not an official holiday in 2024 (only encouraged leave): a working day.
    expect(cal.isWorkday('2024-02-09')).toBe(true);
    // from 2-8 (Thu): 2-9 (1), [2-10..2-17 off], 2-18 Sun 调休 (2), 2-19 (3)
    expect(cal.addWorkdays('2024-02-08', 3)).toBe('2024-02-19');
    // 15 calendar days from 2024-01-29 end on 2-13, inside the holiday → 2-18 (the make-up Sunday)
    expect(cal.addCalendarDays('2024-01-29', 15)).toBe('2024-02-18');
  });

  it('moves a calendar-day deadline ending in a holiday to the next working day (民法典 art. 203)', () => {
    // 30 days from 2024-09-03 ends 10-03, inside National Day → 10-08
    expect(cal.addCalendarDays('2024-09-03', 30)).toBe('2024-10-08');
    // ending on an ordinary Saturday → Monday
    expect(cal.addCalendarDays('2024-11-01', 15)).toBe('2024-11-18');
    // ending on a make-up Saturday stays: that Saturday is a working day
    expect(cal.addCalendarDays('2024-09-12', 30)).toBe('2024-10-12');
    // an ordinary weekday stays
    expect(cal.addCalendarDays('2024-11-01', 4)).toBe('2024-11-05');
  });

  it('2026 National Day and Mid-Autumn', () => {
    expect(cal.isWorkday('2026-10-01')).toBe(false);
    expect(cal.addCalendarDays('2026-09-10', 21)).toBe(cal.isWorkday('2026-10-01') ? '2026-10-01' : cal.addWorkdays('2026-09-30', 1));
  });

  it('an administrator schedule overrides the package, e.g. a year it does not know', () => {
    const custom = new WorkCalendar(
      new Map([
        ['2027-10-01', { kind: 'rest' as const, name: '国庆节' }],
        ['2027-10-04', { kind: 'rest' as const, name: '国庆节' }],
        ['2027-10-09', { kind: 'work' as const, name: '国庆节调休' }],
      ]),
    );
    expect(cal.hasYear(2027)).toBe(false);
    expect(custom.hasYear(2027)).toBe(true);
    expect(custom.isWorkday('2027-10-01')).toBe(false);
    expect(custom.isWorkday('2027-10-09')).toBe(true); // a Saturday made a working day
    expect(custom.addWorkdays('2027-09-30', 1)).toBe('2027-10-05');
  });

  it('due states: overdue after the day, due soon within 3 working days', () => {
    expect(cal.dueState('2024-10-08', '2024-10-09')).toBe('overdue');
    expect(cal.dueState('2024-10-08', '2024-09-30')).toBe('due_soon'); // only 1 working day between
    expect(cal.dueState('2024-11-29', '2024-11-01')).toBe('open');
  });

  it('due state agrees with counting working days one by one, around holidays and make-up days', () => {
    const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));
    for (const today of days('2024-09-25', 25)) {
      for (const due of days(today, 20)) {
        const expected = today > due ? 'overdue' : cal.workdaysBetween(today, due) <= 3 ? 'due_soon' : 'open';
        expect(cal.dueState(due, today), `${today} → ${due}`).toBe(expected);
      }
    }
  });
});

describe('calendar API', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env.close());

  it('answers deadlines and workdays without login', async () => {
    const r = await env.call('GET', '/api/v1/calendar/deadline?start=2024-09-29&days=5&unit=workday');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ due: '2024-10-11' });
    const d = await env.call('GET', '/api/v1/calendar/deadline?start=2024-09-03&days=30&unit=day');
    expect(d.json()).toEqual({ due: '2024-10-08' });
    const w = await env.call('GET', '/api/v1/calendar/workday?date=2024-10-12');
    expect(w.json()).toEqual({ workday: true });
  });

  it('rejects bad input with a localised 400 naming the field', async () => {
    const zh = await env.call('GET', '/api/v1/calendar/deadline?start=2024-02-30&days=5&unit=workday');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().fields[0]).toEqual({ field: 'query.start', message: '日期格式应为 YYYY-MM-DD 且为真实日期' });
    const en = await env.call('GET', '/api/v1/calendar/deadline?start=2024-01-01&days=-1&unit=week', { headers: { 'accept-language': 'en-US' } });
    expect(en.statusCode).toBe(400);
    const fields = en.json().fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['query.days', 'query.unit']);
  });

  it('lets the system admin enter a year schedule, audited, and warns while next year is missing', async () => {
    const status = await env.call('GET', '/api/v1/calendar/status', { cookie: await env.login('admin') });
    expect(status.statusCode).toBe(200);
    const cookie = await env.login('admin');
    const body = { days: [{ date: '2027-01-01', kind: 'rest', name: '元旦' }] };
    const denied = await env.call('PUT', '/api/v1/calendar/years/2027', { cookie: await env.login('nzs_sfs'), body });
    expect(denied.statusCode).toBe(403);
    const ok = await env.call('PUT', '/api/v1/calendar/years/2027', { cookie, body });
    expect(ok.statusCode).toBe(200);
    const w = await env.call('GET', '/api/v1/calendar/workday?date=2027-01-01');
    expect(w.json()).toEqual({ workday: false });
    const ev = await env.deps.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'calendar.set_year').execute();
    expect(ev).toHaveLength(1);
    const wrongYear = await env.call('PUT', '/api/v1/calendar/years/2027', { cookie, body: { days: [{ date: '2028-01-01', kind: 'rest' }] } });
    expect(wrongYear.statusCode).toBe(400);
    // the fuzzer's find: one date twice was a primary-key 500 and left nothing half-written
    const twice = await env.call('PUT', '/api/v1/calendar/years/2027', { cookie, body: { days: [{ date: '2027-02-10', kind: 'rest' }, { date: '2027-02-10', kind: 'work' }] } });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().fields[0].field).toBe('days.1.date');
    expect((await env.call('GET', '/api/v1/calendar/workday?date=2027-01-01')).json()).toEqual({ workday: false });
    expect(wrongYear.json().fields[0].field).toBe('days.0.date');
  });
});
