import { describe, expect, it } from 'vitest';
import productsJson from '../../resources/products/products.json';
import cardsJson from '../../resources/cards/cards.json';
import { CatalogError, parseCards, parseProducts } from './catalog';

describe('shipped product library', () => {
  const products = parseProducts(productsJson);

  it('validates and has at least 30 products', () => {
    expect(products.length).toBeGreaterThanOrEqual(30);
  });

  it('covers every risk level with the expected product families', () => {
    const typesAt = (level: string) =>
      new Set(products.filter((p) => p.riskLevel === level).map((p) => p.type));
    expect(typesAt('R1').has('money-market')).toBe(true);
    expect(typesAt('R2').has('bond-fund')).toBe(true);
    expect(typesAt('R3').has('balanced-fund')).toBe(true);
    expect(typesAt('R4').has('equity-fund')).toBe(true);
    expect(typesAt('R5').has('structured-note')).toBe(true);
    expect(products.map((p) => p.name)).toEqual(expect.arrayContaining(['稳利货币A', '中证500指数增强']));
  });
});

describe('shipped business cards', () => {
  const cards = parseCards(cardsJson);

  it('validates and includes the required cards, bilingual', () => {
    const titles = cards.map((c) => c.title.zh);
    expect(titles).toEqual(
      expect.arrayContaining([
        '创业板开通',
        '科创板开通',
        '新股申购',
        '国债逆回购',
        '港股通开通',
        '两融开户',
      ]),
    );
    for (const card of cards) expect(card.title.en).toMatch(/[A-Za-z]/);
  });
});

describe('catalog validation', () => {
  const good = productsJson[0];

  it('reports the index and field of a bad product', () => {
    const bad = [good, { ...good, code: 'X2', riskLevel: 'r3' }];
    expect(() => parseProducts(bad)).toThrow(CatalogError);
    try {
      parseProducts(bad);
    } catch (err) {
      expect((err as CatalogError).issues.join('\n')).toContain('[1.riskLevel]');
    }
  });

  it('rejects duplicate product codes and card ids', () => {
    expect(() => parseProducts([good, good])).toThrow(/duplicate key/);
    expect(() => parseCards([cardsJson[0], cardsJson[0]])).toThrow(/duplicate key/);
  });

  it('rejects a card without an English title', () => {
    const card = { ...cardsJson[0], title: { zh: '创业板开通' } };
    expect(() => parseCards([card])).toThrow(/title\.en/);
  });
});
