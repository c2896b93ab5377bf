#!/usr/bin/env node
// Draws the extension icons (icons/icon-*.png and the greyed icons/icon-off-*.png)
// from a tiny vector description, with no dependencies: every byte of the PNGs is
// produced here so the output is reproducible from a bare Node install.
//
//   node scripts/draw-icons.mjs
//
// Design: an open book (two white pages, lines of text cut out of them) on a
// deep-red rounded square. The "off" variant, shown on pages that are not RFI
// Chinese articles, is the same glyph in mid grey on light grey.

import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');

const THEMES = {
  on: { bg: [176, 18, 30], ink: [255, 255, 255] },
  off: { bg: [226, 226, 226], ink: [138, 138, 138] },
};

// Geometry in pixels of the target size. Small sizes are hand-tuned so every
// horizontal/vertical edge lands on a pixel boundary (stays crisp at 1x); only
// the page tops/bottoms slope, which is what makes the shape read as a book.
//   r: corner radius     x: outer page edge     gap: half-width of the spine
//   cx: spine centre; 16 px uses 8.5 so its 1 px spine is a whole pixel column
//   top/bottom: outer page edge y, dip: how much lower the edges are at the spine
//   step: quantise the slope to whole pixels per column (a crisp stair, not a blur)
//   cover: [gap below pages, thickness, overhang] of the cover, where it fits
//   lines: y of each text line, lh: line height, inset: line margin from page edges
const SPECS = {
  16: { r: 3, x: 2, cx: 8.5, gap: 0.5, top: 3, bottom: 12, dip: 2, step: true, lines: [6, 8, 10], lh: 1, inset: 1 },
  32: { r: 6, x: 4, gap: 1, top: 6, bottom: 23, dip: 3, lines: [11, 15, 19], lh: 2, inset: 2 },
  48: { r: 9, x: 7, gap: 1, top: 8, bottom: 33, dip: 3, cover: [2, 2, 1], lines: [14, 19, 24, 29], lh: 2, inset: 4 },
};
// Larger sizes have enough pixels for a proportional version of the 48 px design.
function specFor(size) {
  if (SPECS[size]) return SPECS[size];
  const px = (v) => Math.round((v * size) / 48);
  return Object.fromEntries(Object.entries(SPECS[48]).map(([k, v]) => [k, Array.isArray(v) ? v.map(px) : px(v)]));
}

// Shapes are predicates over a point; callers sample them many times per pixel.
function roundedSquare(size, r) {
  return (x, y) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return false;
    const cx = Math.min(Math.max(x, r), size - r),
      cy = Math.min(Math.max(y, r), size - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

// Pages and text lines are both "bands": vertical sides, top and bottom edges
// falling linearly from the outer edge (xo) by `dip` at the spine (xs), which is
// what makes two rectangles read as an open book.
function band(xo, xs, y0, y1, dip, step, inset = 0) {
  const lo = Math.min(xo, xs) + inset,
    hi = Math.max(xo, xs) - inset;
  return (x, y) => {
    if (x < lo || x >= hi) return false;
    // Stepped: evaluate per pixel column so the slope becomes a crisp stair.
    const t = ((step ? Math.floor(x) + 0.5 : x) - xo) / (xs - xo);
    const d = step ? Math.round(dip * t) : dip * t;
    return y >= y0 + d && y < y1 + d;
  };
}

// Layers are painted in order, later ones on top; uncovered points stay transparent.
function layers(size, theme) {
  const s = specFor(size),
    mid = s.cx ?? size / 2,
    { bg, ink } = THEMES[theme];
  const out = [[roundedSquare(size, s.r), bg]];
  for (const side of [-1, 1]) {
    const xo = side < 0 ? s.x : 2 * mid - s.x,
      xs = mid + side * s.gap;
    out.push([band(xo, xs, s.top, s.bottom, s.dip, s.step), ink]);
    // The cover peeking out under the pages is continuous across the spine and a
    // little wider than the pages; its dip is rescaled to stay parallel to them.
    if (s.cover) {
      const [gy, th, ext] = s.cover,
        co = xo + side * ext,
        k = (mid - co) / (mid - xo);
      out.push([band(co, mid, s.bottom + gy, s.bottom + gy + th, s.dip * k), ink]);
    }
    for (const ly of s.lines) {
      // Text lines stay horizontal: sloped 1-2 px strokes would smear at small sizes.
      out.push([band(xo, xs, ly, ly + s.lh, 0, false, s.inset), bg]);
    }
  }
  return out;
}

// Anti-aliasing by supersampling: each pixel is an N×N grid of point samples.
// Colour is averaged over the covered samples only and coverage becomes alpha
// (straight alpha, as PNG wants), so the rim does not fade towards black.
const N = 16;

function render(size, theme) {
  const L = layers(size, theme),
    out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const x = px + (sx + 0.5) / N,
            y = py + (sy + 0.5) / N;
          let c = null;
          for (const [inside, col] of L) if (inside(x, y)) c = col;
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a++;
          }
        }
      }
      if (a) {
        const o = (py * size + px) * 4;
        out.set([r / a, g / a, b / a, (255 * a) / (N * N)].map(Math.round), o);
      }
    }
  }
  return out;
}

// --- PNG encoding -----------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4),
    crc = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, standard filtering, no interlace
  // Each scanline is prefixed with filter type 0 (None); zlib does the real work.
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- main -------------------------------------------------------------------

const JOBS = [
  ...[16, 32, 48, 96, 128].map((size) => ({ size, theme: 'on', name: `icon-${size}.png` })),
  // The toolbar is the only place the off state appears, so only its sizes exist.
  ...[16, 32, 48].map((size) => ({ size, theme: 'off', name: `icon-off-${size}.png` })),
];

mkdirSync(OUT_DIR, { recursive: true });
for (const { size, theme, name } of JOBS) {
  writeFileSync(join(OUT_DIR, name), encodePng(size, render(size, theme)));
  console.log(`icons/${name}`);
}
