// Draws media/icon.png (128×128): a lens over a check mark — "does this event match?" — on a dark tile.
// Shapes are signed distance fields, so edges are anti-aliased without supersampling; the PNG is written with
// node's zlib, no image library needed.
// usage: node scripts/make-icon.mjs [out.png]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const out = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../media/icon.png');

const hex = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16) / 255);
const TILE_TOP = hex('#22344a');
const TILE_BOTTOM = hex('#111b27');
const AMBER = hex('#ff9f1a');
const GLASS = hex('#9fd8ff');
const TEAL = hex('#35d0b2');

// Signed distances in pixels: negative inside.
const roundedBox = (x, y, cx, cy, half, r) => {
  const qx = Math.abs(x - cx) - half + r, qy = Math.abs(y - cy) - half + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const segment = (x, y, ax, ay, bx, by, r) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - r;
};
const coverage = d => Math.max(0, Math.min(1, 0.5 - d));

const LENS = { x: 54, y: 54, r: 31, ring: 7 };
function pixel(x, y) {
  let rgb = [0, 0, 0], a = 0;
  const over = (color, alpha) => {
    if (alpha <= 0) return;
    const na = alpha + a * (1 - alpha);
    rgb = rgb.map((c, i) => (color[i] * alpha + c * a * (1 - alpha)) / na);
    a = na;
  };
  const t = (x + y) / (2 * SIZE);
  over(TILE_TOP.map((c, i) => c + (TILE_BOTTOM[i] - c) * t), coverage(roundedBox(x, y, 64, 64, 62, 22)));
  over(GLASS, 0.13 * coverage(circle(x, y, LENS.x, LENS.y, LENS.r - LENS.ring / 2)));
  // A soft highlight on the glass, upper left, so it reads as a lens and not a ring.
  over([1, 1, 1], 0.22 * coverage(Math.max(circle(x, y, LENS.x, LENS.y, LENS.r - 11), -circle(x, y, LENS.x + 5, LENS.y + 5, LENS.r - 11))));
  over(AMBER, coverage(segment(x, y, 78, 78, 104, 104, 7.5)));
  over(AMBER, coverage(Math.abs(circle(x, y, LENS.x, LENS.y, LENS.r)) - LENS.ring / 2));
  const check = Math.min(segment(x, y, 39, 56, 50, 67, 4.5), segment(x, y, 50, 67, 70, 43, 4.5));
  over(TEAL, coverage(check));
  return [...rgb.map(c => Math.round(c * 255)), Math.round(a * 255)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = buf => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    // sample at the pixel centre
    const [r, g, b, al] = pixel(x + 0.5, y + 0.5);
    raw.set([r, g, b, al], y * (SIZE * 4 + 1) + 1 + x * 4);
  }
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)`);
