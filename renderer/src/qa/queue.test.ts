import { describe, expect, it } from 'vitest';
import type { StoredSample } from '../../../shared/protocol/qa';
import type { SampleItem } from '../../../shared/qa';
import { mapLimited, queueFromSamples } from './queue';

const sample = (id: string, drawnAt: string, items: SampleItem[]): StoredSample => ({
  id,
  planId: 'daily_service',
  seed: id,
  branchId: 'BR-SH01',
  periodFrom: '2025-03-03T00:00:00Z',
  periodTo: '2025-03-04T00:00:00Z',
  drawnBy: 'qa01',
  drawnAt,
  result: { planId: 'daily_service', planVersion: 1, seed: id, population: 10, drawn: items.length, items, byReason: { compliance_block: 0, compliance_override: 0, suitability_confirm: 0, complaint_words: 0, low_csat: 0, random: 0 } },
});
const item = (sessionId: string, reasons: SampleItem['reasons'], complaintWords?: string[]): SampleItem => ({ sessionId, agentId: 'agent01', branchId: 'BR-SH01', reasons, ...(complaintWords ? { complaintWords } : {}) });

describe('review queue from samples', () => {
  it('lists each session once, newest sample first, with the reasons of every draw in the fixed order', () => {
    const queue = queueFromSamples([
      sample('S1', '2025-03-03T10:00:00Z', [item('CV-1', ['random']), item('CV-2', ['complaint_words'], ['投诉'])]),
      sample('S2', '2025-03-03T11:00:00Z', [item('CV-2', ['low_csat'], ['差评']), item('CV-3', ['compliance_block'])]),
    ]);
    expect(queue.map((q) => q.sessionId)).toEqual(['CV-2', 'CV-3', 'CV-1']);
    expect(queue[0]).toMatchObject({ sampleId: 'S2', reasons: ['complaint_words', 'low_csat'], complaintWords: ['差评', '投诉'] });
  });

  it('runs at most `limit` tasks at once and keeps results in input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimited([30, 10, 20, 5], 2, async (ms) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    });
    expect(out).toEqual([60, 20, 40, 10]);
    expect(peak).toBe(2);
  });
});
