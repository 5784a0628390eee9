// The UTF-8 codec the mini-program entry installs where a runtime has no TextEncoder or
// TextDecoder, against Node's own (the WHATWG Encoding Standard): the same bytes for every
// string, lone surrogates included, and the same text for every byte sequence, malformed
// ones included (each maximal bad subpart becomes one U+FFFD).
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { installPackedPackage } from "./support.mjs";

let consumer;
let codec;

before(async () => {
  consumer = installPackedPackage();
  codec = await import(pathToFileURL(join(consumer.dir, "node_modules/tierwise/utf8.js")).href);
});
after(() => consumer?.cleanup());

const STRINGS = [
  "", "tier", "银卡会员", "¥1,800.00", "金卡 🥇 gold", "e\u0301", "\u0000\u007f\u0080\u07ff\u0800\uffff",
  "\ud83d\ude00", "\ud800", "\udc00", "a\ud800b", "\udc00\ud800", "\ud83d\ude00\ud83d", "会员-张三😀".repeat(3000),
];

/** A deterministic pseudo-random generator (xorshift32), so failures reproduce. */
function random(seed) {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

test("encode gives the bytes TextEncoder gives, lone surrogates as U+FFFD", () => {
  const native = new TextEncoder();
  const ours = new codec.Utf8Encoder();
  for (const text of STRINGS) assert.deepEqual(ours.encode(text), native.encode(text), JSON.stringify(text.slice(0, 20)));
  assert.deepEqual([...ours.encode("\ud800")], [0xef, 0xbf, 0xbd]);
  assert.deepEqual([...ours.encode("😀")], [0xf0, 0x9f, 0x98, 0x80]);
  const next = random(7);
  for (let round = 0; round < 500; round += 1) {
    const units = Array.from({ length: Math.floor(next() * 12) }, () => Math.floor(next() * 0x10000));
    const text = String.fromCharCode(...units);
    assert.deepEqual(ours.encode(text), native.encode(text), JSON.stringify(units));
  }
});

test("encodeInto writes whole characters only and reports what it read and wrote, as TextEncoder does", () => {
  const native = new TextEncoder();
  const ours = new codec.Utf8Encoder();
  for (const text of ["银卡会员", "a😀b", "abc", "\ud800x", "¥¥¥"]) {
    for (let size = 0; size <= 12; size += 1) {
      const mine = new Uint8Array(size);
      const theirs = new Uint8Array(size);
      assert.deepEqual(ours.encodeInto(text, mine), native.encodeInto(text, theirs), `${text} into ${size}`);
      assert.deepEqual(mine, theirs, `${text} into ${size}`);
    }
  }
});

test("decode gives the text TextDecoder gives, valid and malformed input alike", () => {
  const native = new TextDecoder("utf-8", { ignoreBOM: true });
  const ours = new codec.Utf8Decoder("utf-8", { ignoreBOM: true });
  const encoder = new TextEncoder();
  for (const text of STRINGS) assert.equal(ours.decode(encoder.encode(text)), native.decode(encoder.encode(text)));
  const malformed = [
    [0x80], [0xc0, 0x80], [0xc2], [0xe0, 0x80, 0x80], [0xe0, 0xa0], [0xed, 0xa0, 0x80], [0xf0, 0x8f, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff, 0x41], [0xe4, 0xb8, 0x41], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf, 0x41],
  ];
  for (const bytes of malformed) assert.equal(ours.decode(new Uint8Array(bytes)), native.decode(new Uint8Array(bytes)), JSON.stringify(bytes));
  assert.equal(ours.decode(new Uint8Array([0xe4, 0xb8, 0x41])), "\ufffdA");
  const next = random(11);
  for (let round = 0; round < 2000; round += 1) {
    const bytes = new Uint8Array(Array.from({ length: Math.floor(next() * 10) }, () => (next() < 0.5 ? 0x80 + Math.floor(next() * 0x80) : Math.floor(next() * 0x100))));
    assert.equal(ours.decode(bytes), native.decode(bytes), JSON.stringify([...bytes]));
  }
  assert.equal(ours.decode(), "");
  assert.equal(ours.decode(encoder.encode("银卡").buffer), "银卡");
  assert.equal(ours.decode(new DataView(encoder.encode("xy银卡").buffer, 2)), "银卡");
});

test("the byte order mark is dropped unless ignoreBOM, and fatal throws on malformed input", () => {
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x41]);
  assert.equal(new codec.Utf8Decoder().decode(bom), "A");
  assert.equal(new codec.Utf8Decoder("utf-8", { ignoreBOM: true }).decode(bom), "\ufeffA");
  assert.throws(() => new codec.Utf8Decoder("utf-8", { fatal: true }).decode(new Uint8Array([0xc2])), TypeError);
  assert.throws(() => new codec.Utf8Decoder("latin1"), RangeError);
});

test("installTextCodec fills in only what is missing", () => {
  const bare = {};
  assert.deepEqual(codec.installTextCodec(bare), { TextEncoder: "tierwise", TextDecoder: "tierwise" });
  assert.equal(bare.TextDecoder, codec.Utf8Decoder);
  const half = { TextEncoder };
  assert.deepEqual(codec.installTextCodec(half), { TextEncoder: "native", TextDecoder: "tierwise" });
  assert.equal(half.TextEncoder, TextEncoder);
});
