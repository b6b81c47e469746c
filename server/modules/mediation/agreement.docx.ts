import { AlignmentType, Document, DocumentGridType, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun } from 'docx';

/**
 * 人民调解协议书 (人民调解法 art. 29) as a Word document laid out after GB/T 9704-2012 (domain-facts §5):
 * A4; margins top 37 mm, left 28 mm (so about 35 mm bottom, 26 mm right); 22 lines of 28 characters;
 * body 3号仿宋; title 2号小标宋, centred; level-one headings 3号黑体; page numbers 4号宋体 "— 1 —",
 * odd pages right, even pages left. The Chinese font names are written into `eastAsia` and not
 * embedded; the font table names a fallback for each (仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体 …) for
 * machines without the GB2312 fonts.
 */
export interface AgreementDocParty {
  /** 申请人 / 被申请人 / 其他当事人 */
  role: string;
  kind: 'person' | 'organisation';
  name: string;
  gender: string | null;
  birthDate: string | null;
  idCard: string | null;
  phone: string | null;
  address: string | null;
  creditCode: string | null;
}

export interface AgreementDocData {
  committeeName: string;
  caseNo: string;
  parties: AgreementDocParty[];
  facts: string;
  issues: string;
  responsibilities: string;
  terms: string;
  performanceMethod: string;
  performanceDeadline: string | null;
  effectiveOn: string;
  mediators: string[];
}

const MM = 56.6929; // twips per millimetre
const PT3 = 32; // 3号 = 16 pt, in half-points
const PT2 = 44; // 2号 = 22 pt
const PT4 = 28; // 4号 = 14 pt
const INDENT2 = 640; // two 3号 characters, in twips

const FANGSONG = '仿宋_GB2312';
const XIAOBIAOSONG = '方正小标宋简体';
const HEITI = '黑体';
const SONGTI = '宋体';

/** Written into word/fontTable.xml: altName is what Word and WPS use when the named font is missing. */
const FONT_TABLE = [
  { name: FANGSONG, alt: '仿宋' },
  { name: XIAOBIAOSONG, alt: '宋体' },
  { name: HEITI, alt: 'SimHei' },
  { name: SONGTI, alt: 'SimSun' },
];

function fontTableXml(): string {
  const fonts = FONT_TABLE.map((f) => `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}</w:fonts>`;
}

const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

/** 成文日期 in Arabic numerals, the year in full, no leading zeros (GB/T 9704 §7.3.5). */
export function chineseDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function body(text: string, opts: { indent?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: INDENT2 },
    children: [new TextRun({ text, font: font(FANGSONG), size: PT3 })],
  });
}

/** Each line of a multi-line field becomes its own indented paragraph. */
function bodyLines(text: string): Paragraph[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.length ? lines : ['（无）']).map((l) => body(l));
}

function heading(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: INDENT2 }, children: [new TextRun({ text, font: font(HEITI), size: PT3 })] });
}

function partyLine(p: AgreementDocParty): string {
  if (p.kind === 'organisation') {
    return `${[`${p.role}：${p.name}`, p.creditCode ? `统一社会信用代码：${p.creditCode}` : null].filter(Boolean).join('，')}。`;
  }
  return (
    `${[
      `${p.role}：${p.name}`,
      p.gender,
      p.birthDate ? `${chineseDate(p.birthDate)}出生` : null,
      p.idCard ? `公民身份号码：${p.idCard}` : null,
      p.address ? `住址：${p.address}` : null,
      p.phone ? `联系电话：${p.phone}` : null,
    ]
      .filter(Boolean)
      .join('，')}。`
  );
}

/** A line to sign on: who, then the blank (art. 29: the parties sign, seal or fingerprint; the mediator signs). */
function signature(who: string, how: string): Paragraph {
  return new Paragraph({
    indent: { firstLine: INDENT2 },
    spacing: { before: 290 },
    children: [
      new TextRun({ text: `${who}　　${how}：`, font: font(FANGSONG), size: PT3 }),
      new TextRun({ text: '　'.repeat(8), font: font(FANGSONG), size: PT3, underline: {} }),
    ],
  });
}

function pageNumberFooter(alignment: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  // One character in from the edge: right on odd pages, left on even pages (GB/T 9704 §7.5).
  return new Footer({
    children: [
      new Paragraph({
        alignment,
        indent: alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(SONGTI), size: PT4 })],
      }),
    ],
  });
}

export async function buildAgreementDocx(d: AgreementDocData): Promise<Buffer> {
  const copies = d.parties.length + 1;
  const deadline = d.performanceDeadline ? `${chineseDate(d.performanceDeadline)}前` : '协议生效时当场履行';
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 290 },
      children: [new TextRun({ text: '人民调解协议书', font: font(XIAOBIAOSONG), size: PT2 })],
    }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `编号：${d.caseNo}`, font: font(FANGSONG), size: PT3 })] }),
    ...d.parties.map((p) => body(partyLine(p))),
    heading('一、纠纷的主要事实、争议事项'),
    ...bodyLines(d.facts),
    ...(d.issues ? bodyLines(d.issues) : []),
    heading('二、各方当事人的责任'),
    ...bodyLines(d.responsibilities),
    heading('三、经调解，各方当事人自愿达成如下协议'),
    ...bodyLines(d.terms),
    heading('四、履行方式、期限'),
    body(`履行方式：${d.performanceMethod || '（无）'}。履行期限：${deadline}。`),
    heading('五、协议的效力'),
    body('本协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。'),
    body('各方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。'),
    body(`本协议书一式${copies}份，当事人各执一份，人民调解委员会留存一份。`),
    ...d.parties.map((p) => signature(`${p.role}：${p.name}`, '签名、盖章或者按指印')),
    ...(d.mediators.length ? d.mediators : ['']).map((m) => signature(`人民调解员：${m}`, '签名')),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { before: 580 },
      indent: { right: INDENT2 * 2 },
      children: [new TextRun({ text: `${d.committeeName}（印章）`, font: font(FANGSONG), size: PT3 })],
    }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: INDENT2 * 2 }, children: [new TextRun({ text: chineseDate(d.effectiveOn), font: font(FANGSONG), size: PT3 })] }),
  ];

  const doc = new Document({
    creator: d.committeeName,
    title: `人民调解协议书 ${d.caseNo}`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FANGSONG), size: PT3 },
          // 22 lines on the 225 mm text block: about 29 pt per line.
          paragraph: { spacing: { line: 579, lineRule: LineRuleType.EXACT } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(37 * MM), left: Math.round(28 * MM), bottom: Math.round(35 * MM), right: Math.round(26 * MM), footer: Math.round(28 * MM) },
          },
          // 28 characters per 156 mm line with a 3号 body: the usual 公文 grid.
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: 579, charSpace: -849 },
        },
        footers: { default: pageNumberFooter(AlignmentType.RIGHT), even: pageNumberFooter(AlignmentType.LEFT) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
