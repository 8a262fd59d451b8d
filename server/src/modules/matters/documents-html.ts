// A 文书 as one self-contained A4 page: inline CSS, system CJK serif fonts, the QR code as inline
// SVG. Nothing is fetched from elsewhere (many deployments are offline, and CSP is 'self' only),
// and there is no script: the user prints with the browser's own print command.
import { toString as qrSvg } from 'qrcode';
import type { DocBlock, DocModel } from './documents-model.ts';

const CSS = `
@page { size: A4; margin: 25mm 22mm 22mm 25mm; }
html { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 12pt; color: #000; background: #fff; }
body { margin: 0; }
.page { position: relative; max-width: 163mm; margin: 0 auto; }
@media screen {
  html { background: #e8e8e8; }
  .page { background: #fff; max-width: 210mm; min-height: 297mm; box-sizing: border-box;
    margin: 8mm auto; padding: 25mm 22mm 22mm 25mm; box-shadow: 0 0 3mm rgba(0,0,0,.25); }
}
@media screen and (max-width: 640px) {
  html { background: #fff; }
  .page { margin: 0; padding: 6mm 4mm; min-height: 0; box-shadow: none; }
  .sign { width: auto; }
}
.issuer { text-align: center; font-size: 16pt; font-weight: bold; letter-spacing: 1pt; margin: 0 0 2mm; }
h1 { text-align: center; font-size: 22pt; font-weight: bold; letter-spacing: 3pt; margin: 2mm 0 3mm; }
.number { text-align: center; margin: 0 0 6mm; }
p { line-height: 1.9; margin: 0 0 2mm; }
p.indent { text-indent: 2em; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; }
th, td { border: 0.6pt solid #000; padding: 2mm 3mm; vertical-align: top; text-align: left; line-height: 1.6; }
th { width: 30mm; font-weight: normal; white-space: nowrap; }
td { white-space: pre-wrap; word-break: break-all; }
.qr { text-align: center; margin: 6mm 0 0; page-break-inside: avoid; }
.qr svg { width: 36mm; height: 36mm; }
.qr p { text-align: center; font-size: 10.5pt; margin: 1mm 0 0; }
.sign { margin: 14mm 0 0 auto; width: 70mm; text-align: center; page-break-inside: avoid; }
.sign p { margin: 0; }
.trace { margin-top: 12mm; padding-top: 2mm; border-top: 0.5pt solid #888; font-size: 9pt; color: #444; }
.watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; font-size: 26pt;
  color: rgba(0,0,0,.07); transform: rotate(-30deg); white-space: nowrap; pointer-events: none; }
`;

/** Every value printed here comes from data someone typed: all of it is escaped. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

async function renderBlock(block: DocBlock): Promise<string> {
  switch (block.kind) {
    case 'text':
      return `<p${block.indent ? ' class="indent"' : ''}>${escapeHtml(block.text)}</p>`;
    case 'fields':
      return `<table>${block.rows
        .map(
          ([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'qr': {
      // the library draws the SVG from the URL alone; nothing user-typed reaches the markup
      const svg = await qrSvg(block.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return `<div class="qr">${svg}<p>${escapeHtml(block.caption)}</p></div>`;
    }
  }
}

export async function renderDocumentHtml(doc: DocModel): Promise<Buffer> {
  const blocks = await Promise.all(doc.blocks.map(renderBlock));
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.fileStem)}</title>
<style>${CSS}</style>
</head>
<body>
<main class="page">
<div class="watermark" aria-hidden="true">${escapeHtml(doc.watermark)}</div>
<p class="issuer">${escapeHtml(doc.issuer)}</p>
<h1>${escapeHtml(doc.title)}</h1>
${doc.number === null ? '' : `<p class="number">${escapeHtml(doc.number)}</p>`}
${blocks.join('\n')}
<div class="sign"><p>${escapeHtml(doc.issuer)}（盖章）</p><p>${escapeHtml(doc.date)}</p></div>
<p class="trace">${escapeHtml(doc.printTrace)}</p>
</main>
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}
