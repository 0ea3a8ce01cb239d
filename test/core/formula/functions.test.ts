// The formula language worked by hand: every function, operator precedence, coercions,
// errors as values, in English and pt-BR syntax. Expected values are computed here by
// hand (Excel's documented results), never by the code under test.
import { describe, expect, it } from 'vitest';
import { evaluateCustomColumns, type CustomValue } from '../../../core/formula/index.js';
import type { CustomColumn, CustomerMetrics } from '../../../core/types.js';

const AS_OF = '2024-03-15';

const metrics = {
  status: 'active', mrr: 2500, arr: 30000, licenses: 10, tier: 'Tier 2', lastPurchase: '2023-12-01', renewalDate: '2024-04-14',
  daysToRenewal: 30, ltv: 50000, lifetimeMonths: 20, tcv: 60000, overdueInvoices: 1, ticketsAboveSla: 0, pendingActivities: 3,
  lateActivities: 2, lastInteraction: null, activeUsers30d: 7, actions30d: 120, nps: 40, csat: null, ces: null, openTickets: 1,
  sponsor: { name: 'Ana Souza', email: 'ana@acme.com.br', phone: null }, engagementScore: 20,
  indicators: { engagement: 60, adoption: 70, nps: 70, support: 100, financial: 0, relationship: 100 },
  healthScore: 72.5, healthBand: 'yellow', situation: 'risk', variation7d: -5, variation15d: null, variation30d: 10, custom: {},
} satisfies CustomerMetrics;
const customer = { id: 'c1', name: 'Açaí Comércio Ltda', segment: 'Varejo', registeredAt: '2022-01-31', riskFlag: true, plan: '' };

/** Evaluates one formula on the customer above. */
function ev(formula: string, locale = 'en-US', others: CustomColumn[] = []): CustomValue {
  const defs = [...others, { id: 'x', label: 'X', formula }];
  return evaluateCustomColumns(defs, customer, metrics, AS_OF, locale).x;
}
const e = (code: string) => ({ error: code });

describe('operators', () => {
  it('follows Excel precedence: unary minus above ^, ^ left-associative, % postfix', () => {
    expect(ev('1+2*3')).toBe(7);
    expect(ev('(1+2)*3')).toBe(9);
    expect(ev('-2^2')).toBe(4); // Excel: (−2)² = 4
    expect(ev('2^3^2')).toBe(64); // Excel: (2³)² = 64
    expect(ev('50%*200')).toBe(100);
    expect(ev('10/4')).toBe(2.5);
    expect(ev('"a"&1+1')).toBe('a2'); // & below +
    expect(ev('1+1=2')).toBe(true); // comparison lowest
    expect(ev('=2*mrr')).toBe(5000); // a leading = as typed in a cell
  });
  it('compares like Excel: numbers < text < booleans, text ignoring case, 15 significant digits', () => {
    expect(ev('0.1+0.2=0.3')).toBe(true);
    expect(ev('"abc"="ABC"')).toBe(true);
    expect(ev('"b">"A"')).toBe(true);
    expect(ev('1<"0"')).toBe(true);
    expect(ev('"z"<TRUE')).toBe(true);
    expect(ev('1<>2')).toBe(true);
    expect(ev('3>=3')).toBe(true);
    expect(ev('lastInteraction=0')).toBe(true); // blank reads as the other side's empty value
    expect(ev('lastInteraction=""')).toBe(true);
    expect(ev('renewalDate>"2024-04-01"')).toBe(true); // a date against ISO text compares as dates
  });
  it('coerces text, booleans and blanks in arithmetic', () => {
    expect(ev('"3"+1')).toBe(4);
    expect(ev('TRUE+1')).toBe(2);
    expect(ev('lastInteraction+1')).toBe(1);
    expect(ev('"abc"+1')).toEqual(e('#VALUE!'));
  });
  it('does date arithmetic: date ± days is a date, date − date is days', () => {
    expect(ev('renewalDate-TODAY()')).toBe(30);
    expect(ev('TODAY()+17')).toBe('2024-04-01');
    expect(ev('renewalDate-14')).toBe('2024-03-31');
    expect(ev('TODAY()*1')).toBe(45366); // the Excel serial of 2024-03-15
  });
  it('gives errors as values and propagates them', () => {
    expect(ev('1/0')).toEqual(e('#DIV/0!'));
    expect(ev('0^-1')).toEqual(e('#DIV/0!'));
    expect(ev('(1/0)+1')).toEqual(e('#DIV/0!'));
    expect(ev('10^400')).toEqual(e('#VALUE!')); // never Infinity
    expect(ev('NOPE(1)')).toEqual(e('#NAME?'));
    expect(ev('[Not a field]+1')).toEqual(e('#REF!'));
    expect(ev('mrr+')).toEqual(e('#NAME?')); // a stored formula that does not parse
  });
});

describe('references', () => {
  it('reads fields and metrics by id or by label in either language, ignoring case and accents', () => {
    expect(ev('mrr')).toBe(2500);
    expect(ev('MRR*12')).toBe(30000);
    expect(ev('[Health score]')).toBe(72.5);
    expect(ev('[dias p/ renovacao]')).toBe(30);
    expect(ev('[Days to renewal]')).toBe(30);
    expect(ev('indicators.nps')).toBe(70);
    expect(ev('[Segmento]')).toBe('Varejo');
    expect(ev('segment')).toBe('Varejo');
    expect(ev('registeredAt')).toBe('2022-01-31');
    expect(ev('riskFlag')).toBe(true);
    expect(ev('sponsor')).toBe('Ana Souza');
    expect(ev('sponsor.email')).toBe('ana@acme.com.br');
    expect(ev('situation')).toBe('risk');
    expect(ev('id')).toBe('c1');
  });
  it('reads empty fields and metrics without a value as blank (null)', () => {
    expect(ev('plan')).toBe(null);
    expect(ev('csat')).toBe(null);
    expect(ev('phase')).toBe(null);
  });
});

describe('functions (English names)', () => {
  it('IF, IFS, AND, OR, NOT, IFERROR, ISBLANK', () => {
    expect(ev('IF(mrr>2000, "big", "small")')).toBe('big');
    expect(ev('IF(mrr>3000, "big")')).toBe(false);
    expect(ev('IF(1/0>1, 1, 2)')).toEqual(e('#DIV/0!'));
    expect(ev('IF(TRUE, 1, 1/0)')).toBe(1); // only the chosen branch runs
    expect(ev('IFS(healthScore<50,"red",healthScore<75,"yellow",TRUE,"green")')).toBe('yellow');
    expect(ev('IFS(mrr<0, 1)')).toEqual(e('#N/A'));
    expect(ev('AND(mrr>0, nps>30)')).toBe(true);
    expect(ev('AND(mrr>0, nps>50)')).toBe(false);
    expect(ev('AND(csat)')).toEqual(e('#VALUE!')); // only blanks
    expect(ev('OR(mrr>10000, riskFlag)')).toBe(true);
    expect(ev('NOT(riskFlag)')).toBe(false);
    expect(ev('IFERROR(1/0, -1)')).toBe(-1);
    expect(ev('IFERROR(mrr/licenses, 0)')).toBe(250);
    expect(ev('ISBLANK(csat)')).toBe(true);
    expect(ev('ISBLANK(nps)')).toBe(false);
  });
  it('ROUND, ROUNDUP, ROUNDDOWN round the decimal number shown', () => {
    expect(ev('ROUND(2.675, 2)')).toBe(2.68); // binary 2.67499999… still rounds up, as in Excel
    expect(ev('ROUND(-2.5, 0)')).toBe(-3); // halves away from zero
    expect(ev('ROUND(1234.5678, -2)')).toBe(1200);
    expect(ev('ROUND(2.5)')).toBe(3);
    expect(ev('ROUNDUP(3.2, 0)')).toBe(4);
    expect(ev('ROUNDUP(-3.2, 0)')).toBe(-4);
    expect(ev('ROUNDUP(0.1+0.2, 1)')).toBe(0.3); // not 0.4
    expect(ev('ROUNDDOWN(3.99, 1)')).toBe(3.9);
    expect(ev('ROUNDDOWN(-3.99, 0)')).toBe(-3);
  });
  it('MIN, MAX, ABS, SUM, AVERAGE skip blanks', () => {
    expect(ev('MIN(mrr, 100, 3000)')).toBe(100);
    expect(ev('MAX(nps, csat, 10)')).toBe(40);
    expect(ev('MIN(csat, ces)')).toBe(0);
    expect(ev('MIN(renewalDate, lastPurchase)')).toBe('2023-12-01'); // all dates: a date
    expect(ev('ABS(variation7d)')).toBe(5);
    expect(ev('SUM(1, 2, csat, TRUE)')).toBe(4);
    expect(ev('AVERAGE(10, csat, 20)')).toBe(15);
    expect(ev('AVERAGE(csat, ces)')).toEqual(e('#DIV/0!'));
    expect(ev('SUM(1, "x")')).toEqual(e('#VALUE!'));
  });
  it('LEFT, RIGHT, MID, LEN, UPPER, LOWER, CONCAT, TEXT', () => {
    expect(ev('LEFT(name, 4)')).toBe('Açaí');
    expect(ev('LEFT(name)')).toBe('A');
    expect(ev('RIGHT(name, 4)')).toBe('Ltda');
    expect(ev('MID(name, 6, 8)')).toBe('Comércio');
    expect(ev('MID(name, 0, 1)')).toEqual(e('#VALUE!'));
    expect(ev('LEN(name)')).toBe(18);
    expect(ev('UPPER(segment)')).toBe('VAREJO');
    expect(ev('LOWER("ÁRVORE")')).toBe('árvore');
    expect(ev('CONCAT(segment, " / ", tier)')).toBe('Varejo / Tier 2');
    expect(ev('"MRR: "&mrr/3')).toBe('MRR: 833.333333333333'); // 15 significant digits
    expect(ev('TEXT(1234.5, "#,##0.00")')).toBe('1,234.50');
    expect(ev('TEXT(0.256, "0.0%")')).toBe('25.6%');
    expect(ev('TEXT(renewalDate, "dd/mm/yyyy")')).toBe('14/04/2024');
    expect(ev('TEXT(renewalDate, "yyyy-mm")')).toBe('2024-04');
  });
  it('DATE, YEAR, MONTH, DAY, DAYS, EDATE, TODAY', () => {
    expect(ev('DATE(2024, 2, 30)')).toBe('2024-03-01'); // day overflow rolls into March
    expect(ev('DATE(2024, 13, 1)')).toBe('2025-01-01');
    expect(ev('DATE(2024, 3, 0)')).toBe('2024-02-29');
    expect(ev('YEAR(registeredAt)')).toBe(2022);
    expect(ev('MONTH(renewalDate)')).toBe(4);
    expect(ev('DAY(renewalDate)')).toBe(14);
    expect(ev('YEAR("2021-07-09")')).toBe(2021);
    expect(ev('DAYS(renewalDate, TODAY())')).toBe(30);
    expect(ev('DAYS(TODAY(), registeredAt)')).toBe(774); // 2022-01-31 → 2024-03-15: 335 + 365 + 44 days
    expect(ev('EDATE(registeredAt, 1)')).toBe('2022-02-28'); // clamped to the month end
    expect(ev('EDATE(TODAY(), -12)')).toBe('2023-03-15');
    expect(ev('TODAY()')).toBe(AS_OF);
    expect(ev('YEAR(csat)')).toEqual(e('#VALUE!'));
  });
  it('refuses nothing at evaluation: a wrong argument count is #VALUE!', () => {
    expect(ev('ROUND(1, 2, 3)')).toEqual(e('#VALUE!'));
    expect(ev('TODAY(1)')).toEqual(e('#VALUE!'));
  });
});

describe('pt-BR syntax and names', () => {
  const pt = (f: string) => ev(f, 'pt-BR');
  it('takes ; between arguments, a decimal comma, pt-BR function names and booleans', () => {
    expect(pt('SE(mrr>2000;"grande";"pequeno")')).toBe('grande');
    expect(pt('ARRED(mrr*1,5;0)')).toBe(3750);
    expect(pt('SES(healthScore<50;"vermelho";VERDADEIRO;"ok")')).toBe('ok');
    expect(pt('E(mrr>0;NÃO(FALSO))')).toBe(true);
    expect(pt('OU(FALSO;nao(riskFlag))')).toBe(false); // case and accents of names ignored
    expect(pt('SEERRO(1/0;0)')).toBe(0);
    expect(pt('ÉCÉL.VAZIA(csat)')).toBe(true);
    expect(pt('ARREDONDAR.PARA.CIMA(2,01;1)')).toBe(2.1);
    expect(pt('ARREDONDAR.PARA.BAIXO(2,09;1)')).toBe(2);
    expect(pt('MÍNIMO(3;1;2)+MÁXIMO(3;1;2)')).toBe(4);
    expect(pt('SOMA(1;2;3)/MÉDIA(1;2;3)')).toBe(3);
    expect(pt('ESQUERDA(name;4)&DIREITA(name;4)')).toBe('AçaíLtda');
    expect(pt('EXT.TEXTO(name;6;8)')).toBe('Comércio');
    expect(pt('NÚM.CARACT(segment)')).toBe(6);
    expect(pt('MAIÚSCULA(segment)&MINÚSCULA("X")')).toBe('VAREJOx');
    expect(pt('TEXTO(1234,5;"#.##0,00")')).toBe('1.234,50');
    expect(pt('TEXTO(renewalDate;"dd/mm/aaaa")')).toBe('14/04/2024');
    expect(pt('DATA(2024;2;29)')).toBe('2024-02-29');
    expect(pt('ANO(HOJE())*100+MÊS(HOJE())')).toBe(202403);
    expect(pt('DIA(renewalDate)')).toBe(14);
    expect(pt('DIAS(renewalDate;HOJE())')).toBe(30);
    expect(pt('DATAM(HOJE();1)')).toBe('2024-04-15');
    expect(pt('"NPS "&1,5')).toBe('NPS 1,5'); // numbers become text with the decimal comma
    expect(pt('mrr>1000')).toBe(true);
  });
  it('English names work in a pt-BR workbook and pt-BR names in an English one', () => {
    expect(ev('IF(TRUE;1;2)', 'pt-BR')).toBe(1);
    expect(ev('SE(VERDADEIRO, 1, 2)', 'en-US')).toBe(1);
  });
  it('reads a formula written in the other syntax when it does not read in the locale one', () => {
    expect(ev('SE(mrr>1000;1;0)', 'en-US')).toBe(1); // ; is always a separator
    expect(ev('ROUND(mrr*1.5,0)', 'pt-BR')).toBe(3750);
  });
});
