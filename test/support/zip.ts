// Builds zip files by hand for upload tests: honest ones, and the hostile kinds a library would
// refuse to write (a part that inflates to far more than it says, a "zip bomb").
import { createDeflateRaw, deflateRawSync } from 'node:zlib'

export interface ZipEntry {
  readonly name: string
  /** The part's bytes, deflated (or, with `stored`, as they are). */
  readonly compressed: Buffer
  /** The uncompressed size written in the headers (a lie, for a hostile zip). */
  readonly declaredSize: number
  readonly stored?: boolean
}

/** An entry of real content, deflated, its size told truly. */
export function entry(name: string, content: string | Buffer): ZipEntry {
  const data = typeof content === 'string' ? Buffer.from(content) : content
  return { name, compressed: deflateRawSync(data), declaredSize: data.length }
}

/** `size` bytes of `byte`, deflated without ever holding them (about 1 KB per MB). */
export async function deflatedRepeat(size: number, byte = 0x30): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => out.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve)
    deflate.on('error', reject)
  })
  const chunk = Buffer.alloc(1024 * 1024, byte)
  for (let sent = 0; sent < size; sent += chunk.length) {
    if (!deflate.write(chunk.subarray(0, Math.min(chunk.length, size - sent))))
      await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await done
  return Buffer.concat(out)
}

/** A zip of the entries (CRCs are left at zero: the code under test must not get that far). */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(e.stored === true ? 0 : 8, 8)
    local.writeUInt32LE(e.compressed.length, 18)
    local.writeUInt32LE(e.declaredSize, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(e.stored === true ? 0 : 8, 10)
    central.writeUInt32LE(e.compressed.length, 20)
    central.writeUInt32LE(e.declaredSize, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, e.compressed)
    directory.push(central, name)
    offset += local.length + name.length + e.compressed.length
  }
  const dir = Buffer.concat(directory)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}

/** The smallest parts an XLSX opens with, before its first worksheet. */
export function xlsxSkeleton(): ZipEntry[] {
  return [
    entry(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
  ]
}
