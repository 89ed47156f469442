import { useState, type DragEvent, type ReactNode } from 'react';
import { useApp } from '../app/store';

/** The whole page accepts a dropped .h5ad file; the picker in the summary panel does the same. */
export function FileDrop({ children }: { children: ReactNode }) {
  const load = useApp((s) => s.load);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void load({ kind: 'file', file });
  };
  return (
    <div
      className={`page${over ? ' drop-over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {children}
      {over && <div className="drop-hint">Drop an .h5ad file to load it</div>}
    </div>
  );
}

export function FilePicker() {
  const { load, loading } = useApp();
  return (
    <label className="button">
      Open .h5ad…
      <input
        type="file"
        accept=".h5ad,.h5"
        data-testid="file-input"
        disabled={loading}
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void load({ kind: 'file', file });
          e.target.value = '';
        }}
      />
    </label>
  );
}
