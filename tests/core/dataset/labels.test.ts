import { describe, expect, it } from 'vitest';
import {
  chooseSeparator,
  isControlToken,
  parseLabel,
  perturbationKey,
  resolveGeneToken,
} from '../../../src/core/dataset/labels';

describe('parseLabel', () => {
  it.each([
    ['ctrl', '+', []],
    ['KLF1+ctrl', '+', ['KLF1']],
    ['ctrl+KLF1', '+', ['KLF1']],
    ['CEBPA+KLF1', '+', ['CEBPA', 'KLF1']],
    ['A+B+C', '+', ['A', 'B', 'C']],
    ['control', '_', []],
    ['CEBPA_KLF1', '_', ['CEBPA', 'KLF1']],
    ['ZAP70_1', '_', ['ZAP70']],
    ['NegCtrl10_NegCtrl0__NegCtrl10_NegCtrl0', '_', []],
    ['KLF1_NegCtrl0__KLF1_NegCtrl0', '_', ['KLF1']],
    ['non-targeting', '_', []],
    ['HLA-A', '_', ['HLA-A']],
    ['CEBPA,KLF1', ',', ['CEBPA', 'KLF1']],
  ] as const)('%s -> %j', (label, sep, genes) => {
    expect(parseLabel(label, sep)).toEqual(genes);
  });
  it('recognises control spellings and not genes', () => {
    for (const t of ['ctrl', 'CONTROL', 'NT', 'non_targeting', 'NegCtrl3', 'safe-targeting', 'scrambled'])
      expect(isControlToken(t)).toBe(true);
    for (const t of ['NTRK1', 'CTRL1', 'KLF1', 'NT5E']) expect(isControlToken(t)).toBe(false);
  });
  it('prefers + over _ and keys sets independently of order', () => {
    expect(chooseSeparator(['ctrl', 'A+ctrl', 'MT_CO1+ctrl'])).toBe('+');
    expect(chooseSeparator(['control', 'A_B'])).toBe('_');
    expect(perturbationKey(['KLF1', 'CEBPA'])).toBe(perturbationKey(['CEBPA', 'KLF1']));
  });
});

describe('resolveGeneToken', () => {
  const lex = {
    known: new Set(['ZAP70', 'LAT', 'NKX2-1', 'SLC7A6', 'TP53']),
    aliases: new Map([
      ['LAT-2', 'SLC7A6'],
      ['P53', 'TP53'],
    ]),
  };
  it.each([
    ['ZAP70', 'ZAP70'],
    ['sgZAP70', 'ZAP70'],
    ['ZAP70-2', 'ZAP70'],
    ['sgRNA-ZAP70.3', 'ZAP70'],
    ['NKX2-1', 'NKX2-1'],
    ['P53', 'TP53'],
    ['LAT-2', 'LAT'],
    ['GENE99', null],
    ['sg', null],
  ] as const)('%s -> %s', (token, gene) => {
    expect(resolveGeneToken(token, lex)).toBe(gene);
  });
});
