import { changeFailRateBand, deploymentFrequencyBand, leadTimeBand, recoveryTimeBand } from './bands';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('DORA bands at their boundaries', () => {
  it('deployment frequency (DevLake 2023): days per week, then per month; null without deployments', () => {
    expect(deploymentFrequencyBand(0, 0, 0)).toBeNull();
    expect(deploymentFrequencyBand(40, 5, 20)).toBe('elite');
    expect(deploymentFrequencyBand(40, 4.5, 20)).toBe('high');
    expect(deploymentFrequencyBand(6, 1, 3)).toBe('high');
    expect(deploymentFrequencyBand(3, 0.5, 1)).toBe('medium');
    expect(deploymentFrequencyBand(1, 0, 0.5)).toBe('low');
  });

  it('change lead time: < 1 day, < 7 days, < 30 days', () => {
    expect(leadTimeBand(null)).toBeNull();
    expect(leadTimeBand(DAY - 1)).toBe('elite');
    expect(leadTimeBand(DAY)).toBe('high');
    expect(leadTimeBand(7 * DAY)).toBe('medium');
    expect(leadTimeBand(30 * DAY - 1)).toBe('medium');
    expect(leadTimeBand(30 * DAY)).toBe('low');
  });

  it('change fail rate (2023): ≤ 5 %, ≤ 10 %, ≤ 15 %, exactly at the boundary in whole numbers', () => {
    expect(changeFailRateBand(0, 0)).toBeNull();
    expect(changeFailRateBand(0, 7)).toBe('elite');
    expect(changeFailRateBand(1, 20)).toBe('elite'); // 5 %
    expect(changeFailRateBand(3, 50)).toBe('high'); // 6 %
    expect(changeFailRateBand(3, 30)).toBe('high'); // 10 %
    expect(changeFailRateBand(3, 20)).toBe('medium'); // 15 %
    expect(changeFailRateBand(4, 6)).toBe('low');
  });

  it('failed deployment recovery time: < 1 hour, < 1 day, < 7 days', () => {
    expect(recoveryTimeBand(null)).toBeNull();
    expect(recoveryTimeBand(HOUR - 1)).toBe('elite');
    expect(recoveryTimeBand(HOUR)).toBe('high');
    expect(recoveryTimeBand(DAY)).toBe('medium');
    expect(recoveryTimeBand(7 * DAY)).toBe('low');
  });
});
