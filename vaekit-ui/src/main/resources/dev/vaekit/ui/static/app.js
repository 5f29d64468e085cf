// vaekit explorer: plain JavaScript, no build step. Talks to the JSON API under api/ and draws on canvases.
'use strict';

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f',
  '#bab0ac'];
const $ = (id) => document.getElementById(id);

const state = {
  info: null,
  epochs: new Map(),
  points: null,
  bounds: null,
  cursor: null,
  picked: [],
  examples: new Map(),
  sampleSeed: 0,
  decodeBusy: false,
  decodePending: null,
};

async function api(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch('api/' + path + (query ? '?' + query : ''), { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

function bump(canvas) {
  canvas.dataset.version = String(Number(canvas.dataset.version || 0) + 1);
}

// ---- images ----------------------------------------------------------------------------------------------------

function toCanvas(image) {
  const off = document.createElement('canvas');
  off.width = image.width;
  off.height = image.height;
  const ctx = off.getContext('2d');
  const data = ctx.createImageData(image.width, image.height);
  const plane = image.width * image.height;
  for (let i = 0; i < plane; i++) {
    const r = image.pixels[i];
    const g = image.channels === 3 ? image.pixels[plane + i] : r;
    const b = image.channels === 3 ? image.pixels[2 * plane + i] : r;
    data.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(data, 0, 0);
  return off;
}

function drawImage(ctx, image, x, y, size) {
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(toCanvas(image), x, y, size, size * image.height / image.width);
}

async function example(index) {
  if (!state.examples.has(index)) {
    state.examples.set(index, api('example', { index }));
  }
  return state.examples.get(index);
}

// ---- run info and training curves ------------------------------------------------------------------------------

async function loadInfo() {
  const info = await api('info');
  state.info = info;
  const line = $('run-info');
  if (!info.ready) {
    line.textContent = `Run ${info.run}: ${info.message}`;
    return false;
  }
  line.textContent = `Run ${info.run} · ${info.model}, latent dimension ${info.latentDim} · ${info.dataset} · `
    + `weights of ${info.weights} · ${info.testImages} test images`;
  $('prior').textContent = 'Prior: ' + info.prior + (info.temperature ? '; temperature scales N(0, I) draws.' : '.');
  $('temperature').disabled = !info.temperature;
  return true;
}

function drawCurves() {
  const canvas = $('curves');
  const ctx = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const epochs = [...state.epochs.values()].sort((a, b) => a.epoch - b.epoch);
  if (epochs.length === 0) {
    return;
  }
  const series = [
    { name: 'train −ELBO', colour: PALETTE[0], values: epochs.map((e) => e.trainLoss) },
    { name: 'validation −ELBO', colour: PALETTE[1], values: epochs.map((e) => e.validationLoss) },
  ].filter((s) => s.values.some(Number.isFinite));
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    hi = lo + 1;
  }
  const left = 58;
  const right = w - 10;
  const top = 10;
  const bottom = h - 30;
  const first = epochs[0].epoch;
  const last = Math.max(epochs[epochs.length - 1].epoch, first + 1);
  const x = (epoch) => left + (right - left) * (epoch - first) / (last - first);
  const y = (value) => bottom - (bottom - top) * (value - lo) / (hi - lo);
  ctx.strokeStyle = '#888';
  ctx.fillStyle = '#444';
  ctx.font = '12px system-ui, sans-serif';
  ctx.beginPath();
  ctx.moveTo(left, top);
  ctx.lineTo(left, bottom);
  ctx.lineTo(right, bottom);
  ctx.stroke();
  ctx.fillText(hi.toFixed(1), 4, top + 10);
  ctx.fillText(lo.toFixed(1), 4, bottom);
  ctx.fillText(`epoch ${first}`, left, h - 12);
  ctx.fillText(`${last}`, right - 20, h - 12);
  series.forEach((s, k) => {
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let started = false;
    epochs.forEach((e, i) => {
      const v = s.values[i];
      if (!Number.isFinite(v)) {
        return;
      }
      if (started) {
        ctx.lineTo(x(e.epoch), y(v));
      } else {
        ctx.moveTo(x(e.epoch), y(v));
        started = true;
      }
    });
    ctx.stroke();
    ctx.fillStyle = s.colour;
    ctx.fillText(s.name, right - 130, top + 14 + 16 * k);
  });
  ctx.lineWidth = 1;
  const e = epochs[epochs.length - 1];
  const parts = [`Epoch ${e.epoch}: train −ELBO ${e.trainLoss.toFixed(2)} nats`];
  if (Number.isFinite(e.validationLoss)) {
    parts.push(`validation −ELBO ${e.validationLoss.toFixed(2)}`);
  }
  if (Number.isFinite(e.trainKl)) {
    parts.push(`KL ${e.trainKl.toFixed(2)}`);
  }
  parts.push(`${e.seconds.toFixed(1)} s`);
  $('curves-summary').textContent = parts.join(', ');
  bump(canvas);
}

function followTraining() {
  const events = new EventSource('api/events');
  events.addEventListener('epoch', (event) => {
    const epoch = JSON.parse(event.data);
    state.epochs.set(epoch.epoch, epoch);
    drawCurves();
  });
  events.addEventListener('reset', () => {
    state.epochs.clear();
    drawCurves();
  });
  events.addEventListener('checkpoint', () => {
    loadModelViews().catch(showError);
  });
}

// ---- latent map ------------------------------------------------------------------------------------------------

function fitBounds(points) {
  let [u0, u1, v0, v1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < points.u.length; i++) {
    u0 = Math.min(u0, points.u[i]);
    u1 = Math.max(u1, points.u[i]);
    v0 = Math.min(v0, points.v[i]);
    v1 = Math.max(v1, points.v[i]);
  }
  const span = Math.max(u1 - u0, v1 - v0, 1e-6) * 1.1;
  return { u: (u0 + u1) / 2 - span / 2, v: (v0 + v1) / 2 - span / 2, span };
}

function toPixel(u, v) {
  const c = $('map');
  const b = state.bounds;
  return { x: (u - b.u) / b.span * c.width, y: c.height - (v - b.v) / b.span * c.height };
}

function toLatent(x, y) {
  const c = $('map');
  const b = state.bounds;
  return { u: b.u + x / c.width * b.span, v: b.v + (c.height - y) / c.height * b.span };
}

function drawMap() {
  const canvas = $('map');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const p = state.points;
  if (!p) {
    return;
  }
  ctx.globalAlpha = 0.75;
  for (let i = 0; i < p.u.length; i++) {
    const { x, y } = toPixel(p.u[i], p.v[i]);
    ctx.fillStyle = p.labels[i] >= 0 ? PALETTE[p.labels[i] % PALETTE.length] : '#555';
    ctx.beginPath();
    ctx.arc(x, y, 2.2, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  ctx.font = 'bold 13px system-ui, sans-serif';
  state.picked.forEach((index, k) => {
    const { x, y } = toPixel(p.u[index], p.v[index]);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.fillStyle = '#000';
    ctx.fillText(k === 0 ? 'A' : 'B', x + 8, y - 8);
  });
  if (state.cursor) {
    const { x, y } = toPixel(state.cursor.u, state.cursor.v);
    ctx.strokeStyle = '#b3261e';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x - 9, y);
    ctx.lineTo(x + 9, y);
    ctx.moveTo(x, y - 9);
    ctx.lineTo(x, y + 9);
    ctx.stroke();
  }
  ctx.lineWidth = 1;
  bump(canvas);
}

function nearest(x, y, radius) {
  const p = state.points;
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < p.u.length; i++) {
    const q = toPixel(p.u[i], p.v[i]);
    const d = (q.x - x) ** 2 + (q.y - y) ** 2;
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

function canvasXY(event) {
  const c = $('map');
  const r = c.getBoundingClientRect();
  return { x: (event.clientX - r.left) * c.width / r.width, y: (event.clientY - r.top) * c.height / r.height };
}

function moveCursor(u, v) {
  state.cursor = { u, v };
  drawMap();
  $('cursor').textContent = `Cursor: (${u.toFixed(2)}, ${v.toFixed(2)}) on ${state.points.axes.join(' × ')}`;
  state.decodePending = { u, v };
  if (!state.decodeBusy) {
    decodeLoop();
  }
}

async function decodeLoop() {
  state.decodeBusy = true;
  try {
    while (state.decodePending) {
      const { u, v } = state.decodePending;
      state.decodePending = null;
      const params = { u, v };
      if ($('around-a').checked && state.picked.length > 0) {
        params.around = state.picked[0];
      }
      const image = await api('decode', params);
      const canvas = $('decoded');
      drawImage(canvas.getContext('2d'), image, 0, 0, canvas.width);
      bump(canvas);
    }
  } catch (error) {
    showError(error);
  } finally {
    state.decodeBusy = false;
  }
}

function pick(index) {
  state.picked = state.picked.length >= 2 ? [index] : [...state.picked, index];
  $('around-a').disabled = state.info.latentDim <= 2;
  drawMap();
  const names = state.picked.map((i, k) => `${k === 0 ? 'A' : 'B'} = test image ${i}`
    + (state.points.labels[i] >= 0 ? ` (label ${state.points.labels[i]})` : ''));
  $('picked').textContent = names.join(', ') + (state.picked.length < 2 ? '; now pick B.' : '.');
  moveCursor(state.points.u[index], state.points.v[index]);
  drawPath().catch(showError);
}

async function hover(event) {
  const { x, y } = canvasXY(event);
  const i = nearest(x, y, 6);
  const box = $('hover');
  if (i < 0) {
    box.hidden = true;
    return;
  }
  const image = await example(i);
  const canvas = $('hover-image');
  drawImage(canvas.getContext('2d'), image, 0, 0, canvas.width);
  $('hover-text').textContent = `test image ${i}` + (state.points.labels[i] >= 0 ? `, label ${state.points.labels[i]}` : '');
  box.hidden = false;
}

function setUpMap() {
  const canvas = $('map');
  let dragging = false;
  canvas.addEventListener('mousedown', (event) => {
    const { x, y } = canvasXY(event);
    const i = nearest(x, y, 5);
    if (i >= 0) {
      pick(i);
      return;
    }
    dragging = true;
    const { u, v } = toLatent(x, y);
    moveCursor(u, v);
  });
  canvas.addEventListener('mousemove', (event) => {
    if (dragging) {
      const { x, y } = canvasXY(event);
      const { u, v } = toLatent(x, y);
      moveCursor(u, v);
    } else {
      hover(event).catch(showError);
    }
  });
  window.addEventListener('mouseup', () => {
    dragging = false;
  });
  canvas.addEventListener('keydown', (event) => {
    if (!state.points) {
      return;
    }
    const step = state.bounds.span / 50;
    const c = state.cursor || { u: state.bounds.u + state.bounds.span / 2, v: state.bounds.v + state.bounds.span / 2 };
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[event.key]) {
      event.preventDefault();
      moveCursor(c.u + moves[event.key][0], c.v + moves[event.key][1]);
    } else if (event.key === 'Enter') {
      const q = toPixel(c.u, c.v);
      const i = nearest(q.x, q.y, 1e6);
      if (i >= 0) {
        pick(i);
      }
    }
  });
  $('around-a').addEventListener('change', () => {
    if (state.cursor) {
      moveCursor(state.cursor.u, state.cursor.v);
    }
  });
}

function drawLegend() {
  const legend = $('legend');
  legend.replaceChildren();
  const labels = [...new Set(state.points.labels)].filter((l) => l >= 0).sort((a, b) => a - b);
  for (const label of labels) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = PALETTE[label % PALETTE.length];
    item.append(swatch, document.createTextNode(String(label)));
    legend.append(item);
  }
}

// ---- interpolation, samples, anomalies -------------------------------------------------------------------------

async function drawPath() {
  const canvas = $('path');
  if (state.picked.length < 2) {
    return;
  }
  const steps = Math.max(2, Math.min(32, Number($('steps').value) || 10));
  const body = await api('interpolate', {
    from: state.picked[0], to: state.picked[1], steps, spherical: $('spherical').checked ? 1 : 0,
  });
  const size = Math.min(64, Math.floor(canvas.width / steps));
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  body.images.forEach((image, k) => drawImage(ctx, image, k * size, 0, size));
  bump(canvas);
}

async function drawSamples() {
  const temperature = Number($('temperature').value);
  $('temperature-value').textContent = temperature.toFixed(1);
  const body = await api('samples', {
    n: 16, temperature: state.info.temperature ? temperature : 1, seed: state.sampleSeed,
  });
  const canvas = $('sample-grid');
  const ctx = canvas.getContext('2d');
  const size = canvas.width / 4;
  body.images.forEach((image, k) => drawImage(ctx, image, (k % 4) * size, Math.floor(k / 4) * size, size));
  bump(canvas);
}

// One row per code dimension, the most informative first: the dimension moved from -3 to +3 standard deviations of
// its codes around two test images' codes, the others held.
const TRAVERSAL_ROWS = 10;

async function drawTraversal() {
  const body = await api('traversal', { examples: 2, steps: 7 });
  const total = body.dimensions.length;
  const rows = Math.min(total, TRAVERSAL_ROWS);
  const columns = body.examples * body.steps;
  const cell = 32;
  const gap = 8;
  const label = 110;
  const canvas = $('traversal-grid');
  canvas.width = label + columns * cell + (body.examples - 1) * gap;
  canvas.height = rows * cell;
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = getComputedStyle(canvas).color;
  ctx.font = '12px sans-serif';
  ctx.textBaseline = 'middle';
  for (let r = 0; r < rows; r++) {
    const measure = body.kl ? `KL ${body.kl[r].toFixed(2)}` : `sd ${body.spread[r].toFixed(2)}`;
    ctx.fillText(`z${body.dimensions[r]} · ${measure}`, 2, r * cell + cell / 2);
    for (let e = 0; e < body.examples; e++) {
      for (let k = 0; k < body.steps; k++) {
        const image = body.images[r * columns + e * body.steps + k];
        drawImage(ctx, image, label + e * (body.steps * cell + gap) + k * cell, r * cell, cell);
      }
    }
  }
  const order = body.orderedBy === 'kl'
    ? 'the mean KL(q(z_j|x) ‖ N(0, 1)) in nats, most informative first'
    : 'the standard deviation (sd) of the codes: this model has no KL per dimension';
  $('traversal-note').textContent = `Each row moves one code dimension from −${body.span} to +${body.span} standard `
    + `deviations of its codes around ${body.examples} test images, the others held; rows ordered by ${order}`
    + (rows < total ? `; the first ${rows} of ${total} rows shown.` : '.');
  bump(canvas);
}

async function drawAnomalies() {
  const list = $('anomaly-list');
  const note = $('anomaly-note');
  if (!state.info.likelihood) {
    note.textContent = `A ${state.info.model} defines no likelihood estimate to rank images by.`;
    list.replaceChildren();
    return;
  }
  note.textContent = 'Computing…';
  const body = await api('anomalies', { n: 12 });
  note.textContent = `Lowest ${body.estimator}.`;
  const items = await Promise.all([...body.indices].map(async (index, k) => {
    const item = document.createElement('li');
    const canvas = document.createElement('canvas');
    canvas.width = 84;
    canvas.height = 84;
    drawImage(canvas.getContext('2d'), await example(index), 0, 0, 84);
    item.append(canvas, document.createTextNode(`#${index}: ${body.scores[k].toFixed(1)}`));
    return item;
  }));
  list.replaceChildren(...items);
  list.dataset.version = String(Number(list.dataset.version || 0) + 1);
}

// ---- wiring ----------------------------------------------------------------------------------------------------

function showError(error) {
  const line = $('run-info');
  line.textContent = String(error.message || error);
  line.classList.add('error');
}

async function loadModelViews() {
  if (!(await loadInfo())) {
    return;
  }
  $('run-info').classList.remove('error');
  state.examples.clear();
  state.points = await api('points');
  state.bounds = fitBounds(state.points);
  state.picked = state.picked.filter((i) => i < state.points.u.length);
  $('map-axes').textContent = `Horizontal: ${state.points.axes[0]}; vertical: ${state.points.axes[1]}.`;
  drawLegend();
  drawMap();
  document.body.dataset.ready = 'true';
  await drawSamples();
  if (state.cursor) {
    moveCursor(state.cursor.u, state.cursor.v);
  }
  await drawPath();
  await drawTraversal();
  await drawAnomalies();
}

function debounce(f, millis) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(f, millis);
  };
}

window.addEventListener('DOMContentLoaded', () => {
  setUpMap();
  $('temperature').addEventListener('input', debounce(() => drawSamples().catch(showError), 120));
  $('redraw').addEventListener('click', () => {
    state.sampleSeed += 1;
    drawSamples().catch(showError);
  });
  $('steps').addEventListener('change', () => drawPath().catch(showError));
  $('spherical').addEventListener('change', () => drawPath().catch(showError));
  followTraining();
  loadModelViews().catch(showError);
});

// For tests and the curious: where a test image's dot is on the page.
window.vaekit = {
  pointCount: () => (state.points ? state.points.u.length : 0),
  pointPosition(index) {
    const c = $('map');
    const r = c.getBoundingClientRect();
    const { x, y } = toPixel(state.points.u[index], state.points.v[index]);
    return { x: r.left + x * r.width / c.width, y: r.top + y * r.height / c.height };
  },
};
