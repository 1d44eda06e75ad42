import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encodePng, svgToPng } from './png.ts'
import { lineChart } from './svg.ts'

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The chunks of a PNG, in order. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  const out: { type: string; data: Buffer }[] = []
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at)
    out.push({
      type: png.toString('latin1', at + 4, at + 8),
      data: png.subarray(at + 8, at + 8 + length),
    })
    at += 12 + length
  }
  return out
}

/** Decodes what encodePng writes (8-bit RGBA, filter 0) back to pixels. */
function pixelsOf(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const parts = chunks(png)
  const header = parts.find((c) => c.type === 'IHDR')?.data ?? Buffer.alloc(13)
  const width = header.readUInt32BE(0)
  const height = header.readUInt32BE(4)
  const raw = inflateSync(Buffer.concat(parts.filter((c) => c.type === 'IDAT').map((c) => c.data)))
  const rgba = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y += 1) {
    expect(raw[y * (width * 4 + 1)]).toBe(0)
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))
  }
  return { width, height, rgba }
}

describe('charts as PNG', () => {
  it('encodes pixels as a PNG that decodes to the same pixels', () => {
    const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 40])
    const png = encodePng(rgba, 2, 2)
    expect(png.subarray(0, 8)).toEqual(signature)
    expect(chunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
    // The IEND chunk's CRC is fixed by the standard: a wrong CRC table would not give it.
    expect(png.subarray(-4).toString('hex')).toBe('ae426082')
    expect(pixelsOf(png)).toEqual({ width: 2, height: 2, rgba })
  })

  it('renders a line chart at twice its size on white, with the line in the chart’s blue', async () => {
    const chart = lineChart(
      [
        { label: 'Jan 26', value: 20 },
        { label: 'Feb 26', value: 25 },
        { label: 'Mar 26', value: 18 },
      ],
      { title: 'Re-referrals', unit: '%', target: 22, width: 300, height: 120 },
    )
    const picture = await svgToPng(chart.svg)
    expect(picture.width).toBe(300)
    expect(picture.height).toBe(120)
    const { width, height, rgba } = pixelsOf(picture.png)
    expect([width, height]).toEqual([600, 240])
    const at = (x: number, y: number) => [
      ...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4),
    ]
    expect(at(1, 1)).toEqual([255, 255, 255, 255])
    let blue = 0
    let dark = 0
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i] === 0x1d && rgba[i + 1] === 0x70 && rgba[i + 2] === 0xb8) blue += 1
      if ((rgba[i] ?? 255) < 60 && (rgba[i + 1] ?? 255) < 60 && (rgba[i + 2] ?? 255) < 60) dark += 1
    }
    expect(blue).toBeGreaterThan(500)
    // The axis labels are drawn: the text needs the font the renderer was given.
    expect(dark).toBeGreaterThan(100)
  })
})
