// The SVG charts as PNG pictures, for documents that cannot show SVG (Word board papers).
//
// resvg compiled to WebAssembly renders the same SVG the pages show, so a chart looks the same on
// the page and on paper, with no native code to build. WebAssembly cannot see the machine's fonts:
// the text (axis labels, "Target") is set in DejaVu Sans, loaded from its npm package.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { deflateSync } from 'node:zlib'
import { initWasm, Resvg } from '@resvg/resvg-wasm'

export interface Picture {
  readonly png: Buffer
  /** Size in CSS pixels (the chart's own size; the PNG itself holds `scale` times as many). */
  readonly width: number
  readonly height: number
}

interface Renderer {
  readonly fonts: Uint8Array[]
}

let ready: Promise<Renderer> | undefined

async function start(): Promise<Renderer> {
  const require = createRequire(import.meta.url)
  const [wasm, font] = await Promise.all([
    readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  ])
  await initWasm(wasm)
  return { fonts: [new Uint8Array(font)] }
}

function renderer(): Promise<Renderer> {
  ready ??= start().catch((error: unknown) => {
    // Let a later call try again rather than keep a failed start for the life of the process.
    ready = undefined
    throw error
  })
  return ready
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/**
 * Encodes RGBA pixels as a PNG. resvg's own encoder runs inside WebAssembly and takes longer than
 * drawing the chart; Node's zlib does the compression natively.
 */
export function encodePng(pixels: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bits per channel
  header[9] = 6 // colour type: RGBA
  const stride = width * 4
  const raw = Buffer.alloc((stride + 1) * height)
  for (let y = 0; y < height; y += 1) {
    // Filter type 0 (none) before each row.
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ])
}

/** Renders an SVG chart (from ./svg.ts) to a PNG on a white background, sharp when printed. */
export async function svgToPng(svg: string, options: { scale?: number } = {}): Promise<Picture> {
  const { fonts } = await renderer()
  const scale = options.scale ?? 2
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontBuffers: fonts,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  })
  try {
    const image = resvg.render()
    try {
      return {
        png: encodePng(image.pixels, image.width, image.height),
        width: Math.round(image.width / scale),
        height: Math.round(image.height / scale),
      }
    } finally {
      image.free()
    }
  } finally {
    resvg.free()
  }
}
