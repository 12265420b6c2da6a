/**
 * Share links: the whole document in the URL fragment, so that a link works without a server and
 * the document never reaches one (browsers do not send the fragment). The file form is
 * deflated (CompressionStream, 'deflate-raw': no header, the link is short) and written in
 * base64url, whose alphabet needs no escaping in a URL.
 *
 * Opening a link is opening an untrusted file: the text goes through the same schema, and a
 * damaged link yields messages, never an exception.
 */
import type { NetworkDocument } from '../domain/document';
import { toScenarioFile } from '../domain/scenarioFile';
import { parseDocument } from '../domain/schema';

/** The fragment's key: `#doc=…`. A key, not a bare blob, so other fragment uses can coexist. */
export const SHARE_KEY = 'doc';

/**
 * A decompressed link larger than this is refused: a few hundred bytes of deflate can expand to
 * gigabytes, and a link is something a stranger can send. Real documents are tens of kilobytes.
 */
export const MAX_SHARED_BYTES = 4 * 1024 * 1024;

export type ShareResult = { ok: true; document: NetworkDocument } | { ok: false; errors: string[] };

export async function encodeShareLink(doc: NetworkDocument): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toScenarioFile(doc)));
  const packed = await readAll(byteStream(json).pipeThrough(new CompressionStream('deflate-raw')), Infinity);
  return `#${SHARE_KEY}=${toBase64Url(packed)}`;
}

/** The encoded document in a fragment (`#doc=…`, with or without the `#`), or null when there is none. */
export function shareFragmentPayload(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const payload = params.get(SHARE_KEY);
  return payload === null ? null : payload.trim();
}

/** Null when the fragment holds no document; otherwise the document or what is wrong with the link. */
export async function decodeShareLink(hash: string): Promise<ShareResult | null> {
  const payload = shareFragmentPayload(hash);
  if (payload === null) return null;
  if (payload === '') return damaged('it holds no document');
  const packed = fromBase64Url(payload);
  if (!packed) return damaged('it contains characters a share link never has (it may have been cut or retyped)');
  let bytes: Uint8Array;
  try {
    bytes = await readAll(byteStream(packed).pipeThrough(new DecompressionStream('deflate-raw')), MAX_SHARED_BYTES);
  } catch (e) {
    return damaged(e instanceof TooLarge ? e.message : 'its data does not unpack (it may have been cut short)');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return damaged('its data is not a scenario file (not valid JSON)');
  }
  return parseDocument(json);
}

/** The page's own address with `fragment` as its only fragment. */
export function shareUrl(location: { origin: string; pathname: string; search: string }, fragment: string): string {
  return `${location.origin}${location.pathname}${location.search}${fragment}`;
}

function damaged(why: string): ShareResult {
  return { ok: false, errors: [`the share link is damaged: ${why}`] };
}

class TooLarge extends Error {}

function byteStream(bytes: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array<ArrayBuffer>> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new TooLarge(`it unpacks to more than ${Math.round(limit / 1024 / 1024)} MB, far more than any scenario`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...bytes) overflows the argument limit on a large document.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
