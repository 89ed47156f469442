// Runs the graph benchmark tasks in a Web Worker, as the app does, and shows the results as JSON.
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
worker.postMessage({
  cells: Number(params.get('cells') ?? 100000),
  genes: Number(params.get('genes') ?? 5000),
  density: Number(params.get('density') ?? 0.08),
  goUrl: new URL('/public/data/go_human.json.gz', location.href).href,
});
worker.onmessage = (e) => {
  const out = document.getElementById('out')!;
  out.textContent = JSON.stringify(e.data);
  out.dataset.done = '1';
};
