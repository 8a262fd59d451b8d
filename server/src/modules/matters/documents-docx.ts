// A 文书 as a Word file (A4, 宋体 body), for units that must edit, seal and file it. The receipt's
// QR code is embedded as a PNG; the print trace goes into the page footer.
import {
  AlignmentType,
  Document,
  Footer,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import { toBuffer as qrPng } from 'qrcode';
import type { DocBlock, DocModel } from './documents-model.ts';

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' } as const;
/** Half-points: 小四 body, 二号 title, 三号 issuer line. */
const SIZE = { body: 24, title: 44, issuer: 32, small: 18 } as const;
/** Twips: A4 with the GB/T 9704 margins (37 mm top, 28 mm left, 26 mm right, 35 mm bottom). */
const PAGE = { width: 11906, height: 16838, top: 2098, left: 1587, right: 1474, bottom: 1984 };
const LABEL_WIDTH = 2200;
const TABLE_WIDTH = PAGE.width - PAGE.left - PAGE.right;

function run(text: string, opts: { bold?: boolean; size?: number } = {}): TextRun {
  // typed apart from the call: TextRun also takes a plain string, whose (deprecated) String#bold
  // would otherwise be what the `bold` key is checked against
  const options: IRunOptions = { text, font: FONT, size: opts.size ?? SIZE.body, bold: opts.bold };
  return new TextRun(options);
}

function paragraph(
  text: string,
  opts: { align?: 'center' | 'right'; indent?: boolean; bold?: boolean; size?: number } = {},
): Paragraph {
  return new Paragraph({
    children: [run(text, opts)],
    alignment:
      opts.align === 'center'
        ? AlignmentType.CENTER
        : opts.align === 'right'
          ? AlignmentType.RIGHT
          : AlignmentType.LEFT,
    // two characters of first-line indent, 1.5 lines
    indent: opts.indent ? { firstLine: 480 } : undefined,
    spacing: { line: 360, after: 60 },
  });
}

function cell(text: string, width: number): TableCell {
  // one paragraph per line so multi-line descriptions keep their breaks
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: text.split(/\r?\n/).map((line) => paragraph(line)),
  });
}

function fieldsTable(rows: readonly (readonly [string, string])[]): Table {
  return new Table({
    width: { size: TABLE_WIDTH, type: WidthType.DXA },
    columnWidths: [LABEL_WIDTH, TABLE_WIDTH - LABEL_WIDTH],
    rows: rows.map(
      ([label, value]) =>
        new TableRow({
          cantSplit: true,
          children: [cell(label, LABEL_WIDTH), cell(value, TABLE_WIDTH - LABEL_WIDTH)],
        }),
    ),
  });
}

async function renderBlock(block: DocBlock): Promise<(Paragraph | Table)[]> {
  switch (block.kind) {
    case 'text':
      return [paragraph(block.text, { indent: block.indent })];
    case 'fields':
      return [fieldsTable(block.rows), paragraph('')];
    case 'qr': {
      const png = await qrPng(block.url, { type: 'png', margin: 1, width: 300 });
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new ImageRun({
              type: 'png',
              data: png,
              transformation: { width: 136, height: 136 },
              altText: { name: 'qr', title: '查询二维码', description: block.url },
            }),
          ],
        }),
        paragraph(block.caption, { align: 'center', size: 21 }),
      ];
    }
  }
}

export async function renderDocumentDocx(doc: DocModel): Promise<Buffer> {
  const body = (await Promise.all(doc.blocks.map(renderBlock))).flat();
  const document = new Document({
    creator: doc.issuer,
    title: doc.fileStem,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, left: PAGE.left, right: PAGE.right, bottom: PAGE.bottom },
          },
        },
        footers: {
          default: new Footer({ children: [paragraph(doc.printTrace, { size: SIZE.small })] }),
        },
        children: [
          paragraph(doc.issuer, { align: 'center', bold: true, size: SIZE.issuer }),
          paragraph(doc.title, { align: 'center', bold: true, size: SIZE.title }),
          ...(doc.number === null ? [] : [paragraph(doc.number, { align: 'center' })]),
          paragraph(''),
          ...body,
          paragraph(''),
          paragraph(''),
          paragraph(`${doc.issuer}（盖章）`, { align: 'right' }),
          paragraph(doc.date, { align: 'right' }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
