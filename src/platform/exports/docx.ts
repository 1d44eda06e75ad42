// docx types TextRun options through a type that also carries String.prototype.bold/italics,
// which the linter mistakes for the deprecated string methods.
/* eslint-disable @typescript-eslint/no-deprecated */
// Word documents (docx) built from a few block types, for agendas, minutes and board papers.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | {
      readonly kind: 'paragraph'
      readonly text: string
      readonly bold?: boolean
      readonly italic?: boolean
    }
  | { readonly kind: 'bullets'; readonly items: readonly string[] }
  | {
      readonly kind: 'table'
      readonly headers: readonly string[]
      readonly rows: readonly (readonly string[])[]
    }
  /** A PNG picture (charts are rendered to PNG for Word), with its text alternative. */
  | {
      readonly kind: 'image'
      readonly png: Buffer
      readonly width: number
      readonly height: number
      readonly altText: string
    }

export interface DocumentSpec {
  readonly title: string
  readonly subtitle?: string
  readonly blocks: readonly Block[]
}

const headingLevels = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const

function render(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ text: block.text, heading: headingLevels[block.level] })]
    case 'paragraph':
      return block.text.split(/\n{2,}/).map(
        (text) =>
          new Paragraph({
            children: [
              new TextRun({ text, bold: block.bold ?? false, italics: block.italic ?? false }),
            ],
          }),
      )
    case 'bullets':
      return block.items.map((text) => new Paragraph({ text, bullet: { level: 0 } }))
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: block.headers.map(
                (h) =>
                  new TableCell({
                    children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })],
                  }),
              ),
            }),
            ...block.rows.map(
              (row) =>
                new TableRow({
                  children: row.map((text) => new TableCell({ children: [new Paragraph(text)] })),
                }),
            ),
          ],
        }),
        new Paragraph(''),
      ]
    case 'image':
      return [
        new Paragraph({
          alignment: AlignmentType.LEFT,
          children: [
            new ImageRun({
              type: 'png',
              data: block.png,
              transformation: { width: block.width, height: block.height },
              altText: { name: block.altText, title: block.altText, description: block.altText },
            }),
          ],
        }),
      ]
  }
}

export async function toDocx(spec: DocumentSpec): Promise<Buffer> {
  const doc = new Document({
    creator: 'Assure',
    title: spec.title,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        children: [
          new Paragraph({ text: spec.title, heading: HeadingLevel.TITLE }),
          ...(spec.subtitle === undefined
            ? []
            : [new Paragraph({ children: [new TextRun({ text: spec.subtitle, italics: true })] })]),
          ...spec.blocks.flatMap(render),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
