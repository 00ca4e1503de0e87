// A small line chart on a canvas: the last values of one figure, scaled to its own maximum.
// Colours come from the page's CSS variables, so it follows light and dark mode.

export class Chart {
  constructor(canvas, capacity) {
    this.canvas = canvas;
    this.capacity = capacity;
    this.values = [];
  }

  push(v) {
    this.values.push(v);
    if (this.values.length > this.capacity) this.values.shift();
  }

  draw() {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth || 300;
    const h = c.clientHeight || 80;
    if (c.width !== Math.round(w * ratio)) c.width = Math.round(w * ratio);
    if (c.height !== Math.round(h * ratio)) c.height = Math.round(h * ratio);
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const style = getComputedStyle(document.documentElement);
    const line = style.getPropertyValue('--accent').trim() || '#3366cc';
    const grid = style.getPropertyValue('--rule').trim() || '#ccc';
    g.strokeStyle = grid;
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(0, h - 0.5);
    g.lineTo(w, h - 0.5);
    g.stroke();
    const vs = this.values;
    if (vs.length < 2) return;
    const max = Math.max(...vs, 1e-9);
    const step = w / (this.capacity - 1);
    const x0 = w - (vs.length - 1) * step;
    g.strokeStyle = line;
    g.lineWidth = 1.5;
    g.beginPath();
    vs.forEach((v, i) => {
      const x = x0 + i * step;
      const y = h - 2 - (v / max) * (h - 6);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  }
}
