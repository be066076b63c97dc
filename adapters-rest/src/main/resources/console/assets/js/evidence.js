import { read, el, summary, problem, param } from './console.js';

// Everything below is checked here, with the browser's own SHA-256 and Ed25519 (WebCrypto): the entry's leaf hash
// from its content, the audit path to a root (RFC 9162 §2.1.3.2), that root against the latest checkpoint, and the
// checkpoint's signature (a C2SP signed note) against the published verifier key.

const problemBox = document.getElementById('problem');
const out = document.getElementById('verification');
const utf8 = new TextEncoder();

const hex = bytes => Array.from(new Uint8Array(bytes), b => b.toString(16).padStart(2, '0')).join('');
const unhex = text => new Uint8Array(text.match(/../g).map(pair => parseInt(pair, 16)));
const unbase64 = text => Uint8Array.from(atob(text), c => c.charCodeAt(0));
const concat = (...parts) => {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
};
const sha256 = async bytes => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const nodeHash = (left, right) => sha256(concat(new Uint8Array([1]), left, right));

/** The entry's content as the chains and the tree cover it: one RFC 4180 record, an absent field empty. */
export function contentRecord(entry) {
  const fields = [String(entry.globalIndex), entry.deviceId, entry.deviceVersion, entry.deviceType, entry.cspRegion,
    entry.eventId, entry.eventType, entry.party, entry.role, entry.actingUser, entry.effectiveAt, entry.recordedAt,
    entry.reason, entry.restrictedAfter, entry.responsibleSupplier, entry.detail, entry.eventSha256];
  return fields.map(field => {
    if (field === null || field === undefined) {
      return '';
    }
    const text = String(field);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }).join(',');
}

/** RFC 9162 §2.1.3.2. */
async function rootFromPath(index, size, leaf, path) {
  if (index >= size) {
    return null;
  }
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) {
      return null;
    }
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

/** The checkpoint's text when its signature by the verifier key is valid; null otherwise. */
async function openNote(note, verifierKey) {
  // <name>+<key ID hex>+<base64>: the base64 may itself hold '+'
  const first = verifierKey.indexOf('+');
  const second = verifierKey.indexOf('+', first + 1);
  const name = verifierKey.slice(0, first);
  const keyIdHex = verifierKey.slice(first + 1, second);
  const typedKey = verifierKey.slice(second + 1);
  const typed = unbase64(typedKey);
  if (typed[0] !== 1 || typed.length !== 33) {
    return { text: null, why: 'the verifier key is not an Ed25519 key' };
  }
  const publicKey = typed.slice(1);
  const keyId = (await sha256(concat(utf8.encode(name + '\n'), new Uint8Array([1]), publicKey))).slice(0, 4);
  if (hex(keyId) !== keyIdHex) {
    return { text: null, why: 'the verifier key\u2019s ID does not match its key' };
  }
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const line = note.slice(split + 2).split('\n').find(l => l.startsWith('\u2014 ' + name + ' '));
  if (!line) {
    return { text: null, why: 'the checkpoint carries no signature by ' + name };
  }
  const blob = unbase64(line.slice(name.length + 3));
  if (hex(blob.slice(0, 4)) !== keyIdHex || blob.length !== 68) {
    return { text: null, why: 'the signature is not by this key' };
  }
  let key;
  try {
    key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (unsupported) {
    return { text, why: 'this browser has no Ed25519 in WebCrypto: the signature could not be checked here', unchecked: true };
  }
  const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, blob.slice(4), utf8.encode(text));
  return valid ? { text } : { text: null, why: 'the checkpoint\u2019s signature does not verify' };
}

let latest = null;
let key = null;

async function start() {
  const [checkpoint, verifier] = await Promise.all([read('/v1/history/checkpoints/latest'), read('/v1/history/checkpoints/key')]);
  if (!verifier.ok) {
    problem(problemBox, verifier);
    return;
  }
  key = verifier.body.verifierKey;
  if (!checkpoint.ok) {
    problem(problemBox, checkpoint);
    return;
  }
  latest = checkpoint.body;
  summary(document.getElementById('checkpoint'), [['Tree size', latest.treeSize.toLocaleString('en-GB')],
    ['Root hash', el('span', { class: 'console-mono' }, latest.rootHash)], ['Issued', latest.issuedAt], ['Why', latest.reason],
    ['Verifier key', el('span', { class: 'console-mono' }, key)]]);
  if (param('eventId')) {
    document.getElementById('eventId').value = param('eventId');
    document.getElementById('deviceId').value = param('deviceId') ?? '';
  }
}

async function findEntry(deviceId, eventId) {
  let after = -1;
  for (let page = 0; page < 50 && after !== null && after !== undefined; page++) {
    const answer = await read(`/v1/history/devices/${encodeURIComponent(deviceId)}?after=${after}&limit=500`);
    if (!answer.ok) {
      return { answer };
    }
    const entry = answer.body.entries.find(e => e.eventId === eventId);
    if (entry) {
      return { entry };
    }
    after = answer.body.next;
  }
  return {};
}

async function verify(eventId, deviceId) {
  const steps = [];
  const step = (ok, text) => steps.push(el('li', {}, el('span', { class: ok ? 'console-ok' : 'console-bad' }, ok ? 'Passed' : 'Failed'), ' ', text));
  const show = verdict => out.replaceChildren(el('p', { class: 'govuk-body', id: 'verdict' },
    el('strong', { class: verdict ? 'console-ok' : 'console-bad' }, verdict ? 'Verified in this browser' : 'Not verified')),
  el('ol', { class: 'govuk-list govuk-list--number', id: 'verification-steps' }, steps));
  const note = await openNote(latest.note, key);
  step(note.text !== null && !note.unchecked, note.why ?? `the checkpoint of tree size ${latest.treeSize} is signed by the published key`);
  const lines = (note.text ?? latest.note).split('\n');
  const signedRoot = lines.length > 2 ? hex(unbase64(lines[2])) : null;
  const signedSize = lines.length > 1 ? Number(lines[1]) : null;
  const { entry, answer } = await findEntry(deviceId, eventId);
  if (!entry) {
    step(false, answer ? `the meter\u2019s history could not be read (${answer.status})` : 'no entry of the meter\u2019s history has this event');
    show(false);
    return;
  }
  const leaf = await sha256(concat(new Uint8Array([0]), utf8.encode(contentRecord(entry))));
  const proof = await read(`/v1/history/proofs/inclusion?eventId=${encodeURIComponent(eventId)}&treeSize=${signedSize}`);
  if (!proof.ok) {
    step(false, `no inclusion proof in the checkpoint\u2019s tree (${proof.status}): the entry may be newer than it`);
    show(false);
    return;
  }
  step(hex(leaf) === proof.body.leafHash, `the entry\u2019s content hashes to leaf ${hex(leaf).slice(0, 16)}\u2026 here`);
  const root = await rootFromPath(proof.body.leafIndex, signedSize, leaf, proof.body.proof.map(unhex));
  const rootOk = root !== null && hex(root) === signedRoot;
  step(rootOk, `its audit path of ${proof.body.proof.length} hash(es) leads to the signed root ${signedRoot ? signedRoot.slice(0, 16) : '?'}\u2026`);
  show(note.text !== null && !note.unchecked && hex(leaf) === proof.body.leafHash && rootOk);
}

document.getElementById('verify').addEventListener('submit', event => {
  event.preventDefault();
  verify(document.getElementById('eventId').value.trim(), document.getElementById('deviceId').value.trim());
});

start();
