// A real SMTP server on loopback for tests (smtp-server, on a port the system picks). It keeps
// every message it receives, parsed enough to check what a person would get: envelope, headers,
// text, HTML and attachments. The MIME parsing is deliberately small: it reads what nodemailer
// writes (multipart, base64, quoted-printable, RFC 2047 encoded words), nothing more.
import { SMTPServer } from 'smtp-server'

export interface ReceivedAttachment {
  readonly filename: string
  readonly contentType: string
  readonly content: Buffer
}

export interface ReceivedMail {
  readonly envelopeFrom: string | undefined
  readonly envelopeTo: readonly string[]
  /** The user name the client authenticated as, if it did. */
  readonly authenticatedAs: string | undefined
  readonly from: string
  readonly to: string
  readonly subject: string
  readonly text: string | undefined
  readonly html: string | undefined
  readonly attachments: readonly ReceivedAttachment[]
  readonly raw: string
}

export interface TestSmtpServer {
  readonly host: string
  readonly port: number
  readonly messages: ReceivedMail[]
  /** SMTP_* settings that point the app at this server. */
  env(): Record<string, string>
  close(): Promise<void>
}

export async function startSmtpServer(
  options: {
    user?: string
    password?: string
    /** A port to listen on (a server "coming back" where it was); otherwise the system picks one. */
    port?: number
    /** Wait this long before accepting each message (two workers then overlap). */
    delayMs?: number
  } = {},
): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = []
  const requireAuth = options.user !== undefined
  const server = new SMTPServer({
    // Loopback only, plain text: no certificate to make. AUTH over plain text is allowed here.
    disabledCommands: requireAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !requireAuth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) {
        callback(null, { user: auth.username })
      } else {
        callback(new Error('Invalid user name or password'))
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        messages.push(parseMail(raw, session))
        if (options.delayMs === undefined) callback()
        else setTimeout(callback, options.delayMs)
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve()
    })
  })
  const address = server.server.address()
  if (address === null || typeof address === 'string') throw new Error('SMTP server has no port')
  const port = address.port
  return {
    host: '127.0.0.1',
    port,
    messages,
    env: () => ({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      ...(options.user === undefined
        ? {}
        : { SMTP_USER: options.user, SMTP_PASSWORD: options.password ?? '' }),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
      }),
  }
}

interface Part {
  readonly headers: ReadonlyMap<string, string>
  readonly body: string
}

function parseMail(
  raw: string,
  session: { envelope: { mailFrom: unknown; rcptTo: { address: string }[] }; user?: unknown },
): ReceivedMail {
  const top = splitPart(raw)
  const leaves = flatten(top)
  const text = leaves.find((p) => contentType(p) === 'text/plain' && !isAttachment(p))
  const html = leaves.find((p) => contentType(p) === 'text/html' && !isAttachment(p))
  const mailFrom = session.envelope.mailFrom
  return {
    envelopeFrom:
      typeof mailFrom === 'object' && mailFrom !== null && 'address' in mailFrom
        ? String(mailFrom.address)
        : undefined,
    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
    authenticatedAs: typeof session.user === 'string' ? session.user : undefined,
    from: decodeWords(top.headers.get('from') ?? ''),
    to: decodeWords(top.headers.get('to') ?? ''),
    subject: decodeWords(top.headers.get('subject') ?? ''),
    text: text === undefined ? undefined : decodeBody(text).toString('utf8'),
    html: html === undefined ? undefined : decodeBody(html).toString('utf8'),
    attachments: leaves.filter(isAttachment).map((p) => ({
      filename: param(p.headers.get('content-disposition') ?? '', 'filename') ?? '',
      contentType: p.headers.get('content-type') ?? '',
      content: decodeBody(p),
    })),
    raw,
  }
}

function splitPart(raw: string): Part {
  const normalised = raw.replace(/\r\n/g, '\n')
  const end = normalised.indexOf('\n\n')
  const head = end === -1 ? normalised : normalised.slice(0, end)
  const body = end === -1 ? '' : normalised.slice(end + 2)
  const headers = new Map<string, string>()
  // Folded header lines continue with whitespace.
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body }
}

function flatten(part: Part): Part[] {
  const type = part.headers.get('content-type') ?? 'text/plain'
  if (!type.toLowerCase().startsWith('multipart/')) return [part]
  const boundary = param(type, 'boundary')
  if (boundary === undefined) return [part]
  const pieces = part.body.split(`--${boundary}`)
  // The first piece is the preamble; the last starts with "--" (the closing delimiter).
  return pieces
    .slice(1)
    .filter((piece) => !piece.startsWith('--'))
    .flatMap((piece) => flatten(splitPart(piece.replace(/^\n/, ''))))
}

function contentType(part: Part): string {
  return (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase()
}

function isAttachment(part: Part): boolean {
  return (part.headers.get('content-disposition') ?? '').toLowerCase().startsWith('attachment')
}

function param(header: string, name: string): string | undefined {
  const match = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header)
  return match?.[1]
}

function decodeBody(part: Part): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  const body = part.body.replace(/\n$/, '')
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64')
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body)
  return Buffer.from(body, 'utf8')
}

function decodeQuotedPrintable(text: string): Buffer {
  const unfolded = text.replace(/=\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < unfolded.length; i++) {
    const ch = unfolded[i]!
    const hex = unfolded.slice(i + 1, i + 3)
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'))
    }
  }
  return Buffer.from(bytes)
}

/** RFC 2047: =?UTF-8?Q?Zo=C3=AB?= and =?UTF-8?B?Wm/Dqw==?=, adjacent words joined. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_, _charset: string, kind: string, data: string) =>
        kind.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    )
}
